import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { cliSandbox } from '../support/cli-process.js';

const { dir, cli } = cliSandbox('linli-cards-');

/** Ten households and three members, none with a card code: the service makes them. */
const village = {
  village: { code: 'nanzhuang', name: '南庄村', town: '磁州镇' },
  members: [
    { code: 's-01', name: '刘书记', roles: ['secretary'] },
    { code: 'l-01', name: '高组长', roles: ['group_leader'] },
    { code: 'md-01', name: '董调解', roles: ['mediator'], bindCode: '880101' },
  ],
  groups: [{ code: 'g1', name: '第一互助组', leader: 'l-01' }],
  households: Array.from({ length: 10 }, (_, i) => ({
    code: `h-${i + 1}`,
    group: 'g1',
    head: `户主${i + 1}`,
    address: `一组${i + 1}号`,
  })),
};

const codeLine = /^(h-\d+)\s+(\S+)\s+(\S+)\s+([2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3})$/;

describe('npm run linli -- cards', () => {
  let printed: Map<string, string>;

  it('prints every household with its address, head and formatted card code, and every member', async () => {
    const file = join(dir, 'nanzhuang.json');
    writeFileSync(file, JSON.stringify(village));
    const imported = await cli('roster', 'import', file);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/generated 12 card codes/);

    const r = await cli('cards', 'nanzhuang');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .split('\n')
      .map((l) => codeLine.exec(l))
      .filter((m) => m !== null);
    printed = new Map(lines.map((m) => [m[1]!, m[4]!]));
    expect(printed.size).toBe(10);
    expect(lines[0]!.slice(1, 4)).toEqual(['h-1', '一组1号', '户主1']);
    expect(new Set(printed.values()).size).toBe(10);
    expect(r.stdout).toMatch(/md-01\s+董调解\s+mediator\s+880101/);
    expect(r.stdout).toMatch(/s-01\s+刘书记\s+secretary\s+[2-9A-HJKMNP-Z]{3}-/);

    // The same codes after a second import of the same file.
    expect((await cli('roster', 'import', file)).stdout).toMatch(/generated 0 card codes, changed 0/);
    expect((await cli('cards', 'nanzhuang')).stdout).toBe(r.stdout);
  });

  it('writes a printable sheet: a card per household and member, the code big, a QR code of the Telegram link', async () => {
    const html = join(dir, 'cards.html');
    const r = await cli('cards', 'nanzhuang', '--html', html, '--bot', 'linli_test_bot');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('13 张卡片');
    const sheet = readFileSync(html, 'utf8');
    expect(sheet).toMatch(/^<!doctype html>/);
    expect(sheet).toContain('@page { size: A4');
    expect(sheet.match(/<section class="page">/g)).toHaveLength(2);
    expect(sheet.match(/<div class="card"/g)).toHaveLength(13);
    expect(sheet).not.toMatch(/(src|href)="https?:/);
    for (const [household, shown] of printed) {
      const code = shown.replace(/-/g, '');
      expect(sheet).toContain(`<div class="code">${shown}</div>`);
      // The QR image is the one of the deep link for this card.
      const qr = await QRCode.toString(`https://t.me/linli_test_bot?start=${code}`, {
        type: 'svg',
        margin: 1,
        errorCorrectionLevel: 'M',
      });
      expect(sheet, household).toContain(qr);
    }
    expect(sheet).toContain('南庄村');
    expect(sheet).toContain('一组3号');
    expect(sheet).toContain('刘书记');
  });

  it('without a bot username, the QR code holds the card code itself', async () => {
    const html = join(dir, 'plain.html');
    const r = await cli('cards', 'nanzhuang', '--html', html);
    expect(r.code, r.stderr).toBe(0);
    const sheet = readFileSync(html, 'utf8');
    const code = printed.get('h-1')!.replace(/-/g, '');
    expect(sheet).toContain(await QRCode.toString(code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }));
    expect(sheet).not.toContain('t.me/');
  });

  it('names an unknown village', async () => {
    const r = await cli('cards', 'nowhere');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No village with the code nowhere');
  });
});
