import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entryArgs } from '../support/service-process.js';
import { waitFor } from '../support/harness.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'linli-web-start-'));
let child: ChildProcess | null = null;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start on a fresh machine', () => {
  it('enables the web chat, prints its address and serves it with a signed session', async () => {
    // The entry point `npm start` runs, with nothing configured but a port and an empty data folder.
    child = spawn(process.execPath, entryArgs('server'), {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'warn',
        PORT: '0',
        LINLI_DATA_DIR: join(dir, 'data'),
      },
    });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
    });
    const line = await waitFor(
      () => /web chat: (http:\/\/\S+\/chat)/.exec(out),
      'the web chat address in the banner',
      50_000,
    );
    expect(out).toMatch(/channels: web/);
    const page = await fetch(line[1]!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('邻里');
    expect(page.headers.get('set-cookie')).toMatch(/^linli_web=[^;]+\.[^;]+; .*HttpOnly/);
    expect(existsSync(join(dir, 'data', 'session-secret'))).toBe(true);
    const health = (await (await fetch(line[1]!.replace(/\/chat$/, '/healthz'))).json()) as {
      channels: Record<string, string>;
    };
    expect(health.channels).toEqual({ web: 'running' });
    child.kill('SIGTERM');
    expect(await new Promise((resolve) => child!.on('exit', resolve))).toBe(0);
  }, 60_000);
});
