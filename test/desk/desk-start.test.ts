import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryArgs } from '../support/service-process.js';
import { waitFor } from '../support/harness.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'linli-desk-'));
let child: ChildProcess | null = null;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start on a fresh machine', () => {
  it('prints the desk address, and the admin logs in there with the printed token', async () => {
    // The same entry point `npm start` runs, as a real process (the embedded database: one per data folder).
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'warn',
      PORT: '0',
      LINLI_DATA_DIR: join(dir, 'data'),
    };
    child = spawn(process.execPath, entryArgs('server'), { cwd: root, env });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
    });
    const desk = await waitFor(
      () => /desk: (http:\/\/\S+\/desk)/.exec(out),
      'the desk address in the startup banner',
      50_000,
    );
    const token = readFileSync(join(dir, 'data', 'admin-token'), 'utf8').trim();
    const page = await fetch(`${desk[1]}/login`);
    expect(await page.text()).toContain('登录工作台');
    const login = await fetch(`${desk[1]}/login/admin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(login.status).toBe(303);
    const board = await fetch(desk[1]!, {
      headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]!, accept: 'text/html' },
    });
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('部署管理员');
    const exited = new Promise((resolve) => child!.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 70_000);
});
