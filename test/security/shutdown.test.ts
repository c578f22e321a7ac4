import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryArgs } from '../support/service-process.js';
import { waitFor } from '../support/harness.js';
import { seedDataFolder } from '../support/test-db.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'linli-shutdown-'));
const children: ChildProcess[] = [];
// Both services' folders start as copies of the run's empty template: what is tested is the shutdown, not initdb.
beforeAll(async () => {
  await seedDataFolder(join(dir, 'calm'));
  await seedDataFolder(join(dir, 'busy'));
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** `npm start` as a real process, on the embedded database of its own folder. */
function start(env: Record<string, string>) {
  const child = spawn(process.execPath, entryArgs('server'), {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'info',
      LINLI_DEMO: 'false',
      PORT: '0',
      ...env,
    },
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  child.stderr.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, out: () => out };
}

/** A request whose headers arrived (100 Continue says so) and whose body never comes: it keeps the server busy. */
async function hangingRequest(address: string, token: string) {
  const url = new URL(address);
  const socket = connect(Number(url.port), url.hostname);
  let answer = '';
  socket.on('data', (d) => {
    answer += String(d);
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    [
      'POST /api/v1/classify HTTP/1.1',
      `Host: ${url.host}`,
      `Authorization: Bearer ${token}`,
      'Content-Type: application/json',
      'Content-Length: 100',
      'Expect: 100-continue',
      '',
      '{"text":',
    ].join('\r\n'),
  );
  await waitFor(() => answer.includes('100 Continue'), 'the server to take the request');
  return socket;
}

describe('graceful shutdown', () => {
  it('exits 0 on SIGTERM when nothing is under way, saying it shuts down', async () => {
    const s = start({ LINLI_DATA_DIR: join(dir, 'calm') });
    await waitFor(() => /running at (http:\/\/\S+)/.exec(s.out()), 'the startup banner', 50_000);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.out()).toContain('shutting down');
  }, 60_000);

  it('waits for a request under way no longer than LINLI_SHUTDOWN_TIMEOUT_MS, then exits 1 saying so', async () => {
    const data = join(dir, 'busy');
    const s = start({ LINLI_DATA_DIR: data, LINLI_SHUTDOWN_TIMEOUT_MS: '500', LINLI_REQUEST_TIMEOUT_MS: '600000' });
    const address = (await waitFor(() => /running at (http:\/\/\S+)/.exec(s.out()), 'the startup banner', 50_000))[1]!;
    const socket = await hangingRequest(address, readFileSync(join(data, 'admin-token'), 'utf8').trim());
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(1);
    expect(s.out()).toContain('shutdown took too long');
    socket.destroy();
  }, 60_000);
});
