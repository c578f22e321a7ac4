import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryArgs } from '../support/service-process.js';
import { waitFor } from '../support/harness.js';
import { seedDataFolder } from '../support/test-db.js';

/**
 * `npm run linli -- backup` while the service (as `npm start` runs it) holds the embedded database: the CLI
 * has the service stream the archive; then `restore` into a new folder, refused into a non-empty one, and
 * `npm start` on the restored folder. Embedded only (the PostgreSQL path is test/backup/backup-restore.test.ts).
 */
const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'linli-backup-cli-'));
const children: ChildProcess[] = [];
// The service's folder starts as a copy of the run's empty template (no initdb in the CLI); the restore target stays empty.
beforeAll(() => seedDataFolder(join(dir, 'data')));
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
const env = (data: string) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  LINLI_DATA_DIR: data,
  LINLI_BACKUP_DIR: 'off',
});

function start(data: string) {
  const child = spawn(process.execPath, entryArgs('server'), {
    cwd: root,
    env: { ...env(data), PORT: '0', LOG_LEVEL: 'warn' },
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const address = async () =>
    (await waitFor(() => /running at (http:\/\/\S+)/.exec(out), 'the startup banner', 60_000))[1]!;
  return { child, exited, address };
}

const run = promisify(execFile);
async function cli(data: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [...entryArgs('cli'), ...args], {
      cwd: root,
      env: env(data),
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run linli -- backup / restore (embedded)', () => {
  it('backs up through the running service, restores into a new folder only, and the service starts on it', async () => {
    const data = join(dir, 'data');
    const roster = join(dir, 'v.json');
    writeFileSync(
      roster,
      JSON.stringify({
        village: { code: 'xiwang', name: '西王村' },
        members: [{ code: 's-01', name: '王书记', roles: ['secretary'] }],
        groups: [{ code: 'g1', name: '一组', leader: 's-01' }],
        households: [{ code: 'h-1', group: 'g1', head: '户主', address: '一组1号' }],
      }),
    );
    expect((await cli(data, 'roster', 'import', roster)).code).toBe(0);
    const service = start(data);
    await service.address();
    const file = join(dir, 'b.tar.gz');
    const made = await cli(data, 'backup', '--out', file);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/交给 http/);
    expect(made.stdout).toMatch(/备份已写好/);
    expect(existsSync(`${file}.part`)).toBe(false);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);

    const restored = join(dir, 'restored');
    const r = await cli(data, 'restore', file, '--data-dir', restored);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/已从 .* 恢复到/);
    const again = await cli(data, 'restore', file, '--data-dir', restored);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/不是空的/);
    expect((await cli(data, 'restore', join(dir, 'nope.tar.gz'))).stderr).toMatch(/找不到文件/);

    // The restored folder is a working installation, with the same admin token.
    const back = start(restored);
    const address = await back.address();
    const token = readFileSync(join(restored, 'admin-token'), 'utf8').trim();
    const villages = await fetch(`${address}/api/v1/villages/xiwang/cards`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(villages.status).toBe(200);
    back.child.kill('SIGTERM');
    expect(await back.exited).toBe(0);
  }, 240_000);
});
