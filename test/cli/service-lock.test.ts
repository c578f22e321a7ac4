import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryArgs } from '../support/service-process.js';
import { waitFor } from '../support/harness.js';
import { seedDataFolder } from '../support/test-db.js';

/**
 * PGlite is one process's database. These tests run the embedded mode whatever DATABASE_URL says: the
 * service (as `npm start` runs it) holds LINLI_DATA_DIR/linli.lock, and `npm run linli` sends its
 * commands to the running service instead of opening the database a second time.
 */

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'linli-lock-'));
const data = join(dir, 'data');
const lockFile = join(data, 'linli.lock');
const children: ChildProcess[] = [];
// The embedded database starts as a copy of the run's empty template (migrated, no village): no initdb in the service.
beforeAll(() => seedDataFolder(data));
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LINLI_DATA_DIR: data });

function start(env: Record<string, string> = {}, args: string[] = []) {
  const child = spawn(process.execPath, [...entryArgs('server'), ...args], {
    cwd: root,
    env: { ...baseEnv(), PORT: '0', LOG_LEVEL: 'warn', ...env },
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
  const address = async () =>
    (await waitFor(() => /running at (http:\/\/\S+)/.exec(out), 'the startup banner', 60_000))[1]!;
  return { child, exited, address, out: () => out, err: () => err };
}

const run = promisify(execFile);
async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...entryArgs('cli'), ...args], {
      cwd: root,
      env: { ...baseEnv(), ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const rosterFile = (name: string, body: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
};
const village = (code: string) => ({
  village: { code, name: '东庄村' },
  members: [
    { code: 's-01', name: '马书记', roles: ['secretary'] },
    { code: 'l-01', name: '齐组长', roles: ['group_leader'] },
  ],
  groups: [{ code: 'g1', name: '第一互助组', leader: 'l-01' }],
  households: [
    { code: 'h-01', group: 'g1', head: '杨一', address: '一组1号' },
    { code: 'h-02', group: 'g1', head: '杨二', address: '一组2号' },
  ],
});

describe('one process per embedded database', () => {
  let service: ReturnType<typeof start>;
  let address: string;
  let token: string;
  const api = (path: string) => fetch(`${address}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('the service holds the data folder’s lock, recording its pid and address', async () => {
    // `npm start -- --demo` (npm run demo): the demo village is created and the web chat offers its cards.
    service = start({}, ['--demo']);
    address = await service.address();
    token = readFileSync(join(data, 'admin-token'), 'utf8').trim();
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({
      pid: service.child.pid,
      role: 'service',
      address,
    });
    expect(service.out()).toContain('demo village xiaoyingdian created (392 households in 8 groups)');
    const cards = (await (await fetch(`${address}/chat/cards`)).json()) as { cards: unknown[] };
    expect(cards.cards.length).toBeGreaterThan(0);
  }, 90_000);

  it('a second service on the same folder refuses to start, saying who holds it', async () => {
    const second = start();
    expect(await second.exited).toBe(1);
    expect(second.err()).toContain(`npm start (pid ${service.child.pid}, ${address}`);
    expect(second.err()).toContain('只能由一个进程打开');
    expect(second.err()).toContain('can be opened by one process only');
    expect((await fetch(`${address}/healthz`)).status).toBe(200);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(service.child.pid);
  }, 60_000);

  it('roster import while the service runs goes through the service: the village is there at once', async () => {
    const r = await cli(['roster', 'import', rosterFile('dongzhuang.json', village('dongzhuang'))]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`sending the command to ${address}`);
    expect(r.stdout).toMatch(/已导入 dongzhuang：2 名村干部，1 个互助组，2 户/);
    expect(r.stdout).toMatch(/generated 4 card codes/);
    const res = await api('/api/v1/villages/dongzhuang/cards');
    expect(res.status).toBe(200);
    const { cards } = (await res.json()) as { cards: { code: string; display: string }[] };
    expect(cards.map((c) => c.code)).toEqual(['h-01', 'h-02', 'l-01', 's-01']);
    expect((await api('/api/v1/requests?village=dongzhuang')).status).toBe(200);

    // `cards` reads them through the service too.
    const listed = await cli(['cards', 'dongzhuang']);
    expect(listed.code, listed.stderr).toBe(0);
    for (const c of cards) expect(listed.stdout).toContain(c.display);
  }, 60_000);

  it('a file with an error is rejected whole through the service, naming the path', async () => {
    const bad = village('xizhuang');
    (bad.households[1] as Record<string, unknown>).group = 'g9';
    const r = await cli(['roster', 'import', rosterFile('bad.json', bad)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('households.1.group: unknown group g9');
    expect((await api('/api/v1/villages/xizhuang/cards')).status).toBe(404);
  }, 60_000);

  it('a refused admin token: exit 1 saying nothing was changed, never a success', async () => {
    const r = await cli(['roster', 'import', rosterFile('beizhuang.json', village('beizhuang'))], {
      LINLI_ADMIN_TOKEN: 'not-the-token-0123456789',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('已导入');
    expect(r.stderr).toContain('HTTP 401');
    expect(r.stderr).toContain('未做任何修改');
    expect(r.stderr).toContain('Nothing was changed');
    expect((await api('/api/v1/villages/beizhuang/cards')).status).toBe(404);
  }, 60_000);

  it('stopping the service lets go of the lock; the CLI then opens the database itself', async () => {
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
    const r = await cli(['cards', 'dongzhuang']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('sending the command');
    expect(r.stdout).toContain('h-02');
    expect(existsSync(lockFile)).toBe(false);
  }, 60_000);

  it('a lock left by a process that is gone is taken over, said so; without demo mode the demo village is inert, said so, and `demo remove` deletes it', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    writeFileSync(
      lockFile,
      JSON.stringify({
        pid: gone.pid,
        role: 'service',
        address: 'http://127.0.0.1:9',
        startedAt: '2026-01-01T00:00:00.000Z',
        note: '',
      }),
    );
    const s = start();
    const at = await s.address();
    address = at;
    expect(s.out()).toContain(`took over the stale lock ${lockFile} (process ${gone.pid} is gone)`);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: s.child.pid, address: at });
    // The demo village is still in the database, but a production deployment lists none of its cards, and says why.
    expect(await (await fetch(`${at}/chat/cards`)).json()).toEqual({ cards: [] });
    expect(s.out()).toContain(
      'the database holds the demo village xiaoyingdian; its codes are public, so they are refused',
    );
    // Removed through the running service: the village and its cards are gone, the real village stays.
    const removed = await cli(['demo', 'remove']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('Removed the demo village xiaoyingdian: 392 households, 21 members');
    expect((await api('/api/v1/villages/xiaoyingdian/cards')).status).toBe(404);
    expect((await api('/api/v1/villages/dongzhuang/cards')).status).toBe(200);
    expect((await cli(['demo', 'remove'])).stdout).toContain('No demo village: nothing was changed');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, 90_000);

  it('a live holder that cannot be reached: the CLI refuses with exit 1 and writes nothing itself', async () => {
    // This test process is alive; nothing listens on the port.
    const closed = await freePort();
    writeFileSync(
      lockFile,
      JSON.stringify({
        pid: process.pid,
        role: 'service',
        address: `http://127.0.0.1:${closed}`,
        startedAt: 'x',
        note: '',
      }),
    );
    try {
      const r = await cli(['roster', 'import', rosterFile('nanzhuang.json', village('nanzhuang'))]);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('已导入');
      expect(r.stderr).toContain('无法通过它执行命令');
      expect(r.stderr).toContain('could not be sent to it');
    } finally {
      unlinkSync(lockFile);
    }
    const after = await cli(['cards', 'nanzhuang']);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain('No village with the code nanzhuang');
  }, 60_000);
});
