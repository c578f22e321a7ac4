import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/data/database.js';
import { type RosterSize, rosterSize } from '../../src/data/inspection.repository.js';
import { demoRoster } from '../support/harness.js';
import { cliSandbox } from '../support/cli-process.js';

const { dir, cli, tsxCli, pg: cliDatabase } = cliSandbox('linli-cli-');

/** What the CLI's database holds, read after the CLI process has exited. */
async function roster(): Promise<RosterSize> {
  const pg = cliDatabase();
  const database = pg ?? (await openDatabase({ dataDir: join(dir, 'data', 'pglite') }));
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
    // As an operator types it: `npm run linli` is tsx on the sources (every other call here runs the build).
    const r = await tsxCli('roster');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('roster import <file.json>');
  });
});
