import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryArgs } from '../support/service-process.js';
import { waitFor } from '../support/harness.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'linli-server-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  // The same entry point `npm start` runs, as a real process.
  const child = spawn(process.execPath, entryArgs('server'), {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    err += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, out: () => out, err: () => err };
}

describe('npm start', () => {
  it('serves /healthz on the embedded database without any village (no demo unless asked), says how to start, and prints the admin token', async () => {
    const s = start({ PORT: '0', LINLI_DATA_DIR: join(dir, 'data') });
    const line = await waitFor(() => /running at (http:\/\/\S+)/.exec(s.out()), 'the startup banner', 50_000);
    expect(s.out()).not.toMatch(/demo village .*created/);
    expect(s.out()).toContain('npm run linli -- roster import');
    expect(s.out()).toContain('npm run demo');
    // A fresh start is no sandbox: the web chat offers no card to anyone.
    expect(await (await fetch(`${line[1]}/chat/cards`)).json()).toEqual({ cards: [] });
    const health = await fetch(`${line[1]}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite' });
    const token = readFileSync(join(dir, 'data', 'admin-token'), 'utf8').trim();
    expect(s.out()).toContain(token);
    const list = await fetch(`${line[1]}/api/v1/requests`, { headers: { authorization: `Bearer ${token}` } });
    expect(list.status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 60_000);

  it('refuses to start on a bad setting, naming the variable', async () => {
    const s = start({ PORT: 'eighty', LINLI_DATA_DIR: join(dir, 'bad') });
    expect(await s.exited).toBe(1);
    expect(s.err()).toContain('PORT');
    expect(s.err()).toContain('配置有误');
  });
});
