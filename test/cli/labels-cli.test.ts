import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliSandbox } from '../support/cli-process.js';

const { dir, cli } = cliSandbox('linli-labels-');

describe('npm run linli -- labels export', () => {
  it('writes the confirmed kinds as labelled rows (none in a village where nobody chose yet)', async () => {
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
    expect((await cli('roster', 'import', roster)).code).toBe(0);
    const out = join(dir, 'confirmed.jsonl');
    const r = await cli('labels', 'export', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Wrote 0 confirmed labels/);
    expect(readFileSync(out, 'utf8')).toBe('');
  });

  it('refuses an unknown subcommand with the usage', async () => {
    const r = await cli('labels', 'import');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/labels export/);
  });
});
