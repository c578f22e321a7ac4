import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';
import { entryArgs } from './service-process.js';
import type { Database } from '../../src/data/database.js';
import { createTestDatabase, seedDataFolder } from './test-db.js';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `npm run linli` as a child process, the way an operator runs it, with a database of its own: on
 * PostgreSQL a fresh database, embedded a data folder under `dir` (a copy of the run's empty template). Registers its own set-up and clean-up.
 */
export function cliSandbox(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let env: Record<string, string> = {};
  let pg: (Database & { url: string | null }) | null = null;
  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      pg = await createTestDatabase();
      env = { DATABASE_URL: pg.url!, LINLI_ADMIN_TOKEN: 'cli-test-token-0123456789' };
    } else {
      env = { LINLI_DATA_DIR: join(dir, 'data') };
      // Migrated and empty, as the first command would leave it: that command does not pay initdb.
      await seedDataFolder(join(dir, 'data'));
    }
  });
  afterAll(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    /** The PostgreSQL database the CLI uses, or null when it runs embedded. */
    pg: () => pg,
    cli: (...args: string[]): Promise<CliResult> => cliWith({}, ...args),
    /** The same with more of the environment (a channel's configuration). */
    cliWith,
    /** From the sources through tsx, exactly as `npm run linli` runs it (the others run the run's build). */
    tsxCli: (...args: string[]): Promise<CliResult> => runCli({}, args, true),
  };
  function cliWith(more: Record<string, string>, ...args: string[]): Promise<CliResult> {
    return runCli(more, args, false);
  }
  async function runCli(more: Record<string, string>, args: string[], tsx: boolean): Promise<CliResult> {
    try {
      const { stdout, stderr } = await run(process.execPath, [...entryArgs('cli', { tsx }), ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, ...more },
        cwd: join(import.meta.dirname, '../..'),
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as CliResult;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }
}
