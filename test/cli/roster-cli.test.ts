import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/data/database.js';
import { type RosterSize, rosterSize } from '../../src/data/inspection.repository.js';
import { demoRoster } from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'linli-cli-'));
let env: Record<string, string>;
let pg: (Database & { url: string | null }) | null = null;

beforeAll(async () => {
  // On PostgreSQL the CLI gets a database of its own; embedded, a data folder of its own.
  if (process.env.DATABASE_URL) {
    pg = await createTestDatabase();
    env = { DATABASE_URL: pg.url!, LINLI_ADMIN_TOKEN: 'cli-test-token-0123456789' };
  } else {
    env = { LINLI_DATA_DIR: join(dir, 'data') };
  }
});
afterAll(async () => {
  await pg?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, cwd: join(import.meta.dirname, '../..'),
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** What the CLI's database holds, read after the CLI process has exited. */
async function roster(): Promise<RosterSize> {
  const database = pg ?? await openDatabase({ dataDir: join(dir, 'data', 'pglite') });
  try {
    return await rosterSize(database.db);
  } finally {
    if (!pg) await database.close();
  }
}
const householdCount = async () => (await roster()).households;

describe('npm run linli -- roster import', () => {
  it('rejects an invalid file whole, naming the path, and writes nothing', async () => {
    const bad = demoRoster();
    bad.households[3].bindCode = '12';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(bad));
    const r = await cli('roster', 'import', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('households.3.bindCode');
    expect(await householdCount()).toBe(0);
    expect(await roster()).toEqual({ villages: 0, groups: 0, households: 0, members: 0 });
  });

  it('imports a roster, and importing it again duplicates nothing', async () => {
    const file = join(dir, 'good.json');
    writeFileSync(file, JSON.stringify(demoRoster()));
    const first = await cli('roster', 'import', file);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/已导入 xiaoyingdian.*392 户/);
    const again = await cli('roster', 'import', file);
    expect(again.code).toBe(0);
    expect(await householdCount()).toBe(392);
    expect(await roster()).toEqual({ villages: 1, groups: 8, households: 392, members: 21 });
  });

  it('explains its usage when called wrongly', async () => {
    const r = await cli('roster');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('roster import <file.json>');
  });
});
