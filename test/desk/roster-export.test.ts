import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { ADMIN_TOKEN, type Harness, settle, startHarness, type TelegramUser } from '../support/harness.js';
import { bound, codeFor, deskGet, loginCookie, otherVillages, report } from './desk-support.js';

const artifacts = join(import.meta.dirname, '../../test-artifacts/desk');
const wait = { timeout: 15_000 };

let browser: Browser;
let h: Harness;
let secretary: TelegramUser;
let leader: TelegramUser;
const refs: Record<string, number> = {};

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  h = await startHarness();
  for (const roster of otherVillages()) await importRoster(h.database.db, roster);
  const g3 = await bound(h, 8201, '三组住户', '483920'); // h-0301, 第三互助组
  const g1 = await bound(h, 8202, '一组住户', '607949'); // h-0101, 第一互助组
  const beiguan = await bound(h, 8203, '北关住户', '810501');
  secretary = await bound(h, 8300, '韩书记', '700001');
  leader = await bound(h, 8301, '吴组长', '700303'); // l-03 leads 第三互助组
  refs.g3 = await report(g3, '俺家壁挂炉坏了，不出热水');
  refs.g1 = await report(g1, '俺家水管冻裂了，厨房全是水');
  refs.beiguan = await report(beiguan, '俺家壁挂炉坏了，屋里冷');
  await settle(h);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function logIn(page: Page, u: TelegramUser, member: string) {
  await page.goto(`${h.url}/desk/login`);
  const since = u.inbox().length;
  await page.getByLabel('联心卡号码或姓名').fill(member);
  await page.getByLabel('村代码').fill('xiaoyingdian');
  await page.getByRole('button', { name: '发送验证码' }).click();
  await page.getByLabel('验证码').fill(await codeFor(u, since));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('h1', { hasText: '诉求看板' }).waitFor(wait);
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download', wait) as Promise<Download>, click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

/** The CSV read back by exceljs's CSV reader (fast-csv), not by the code that wrote it. */
async function readCsv(text: string): Promise<Record<string, string>[]> {
  const wb = new ExcelJS.Workbook();
  const ws = await wb.csv.read(Readable.from([text.replace(/^\uFEFF/, '')]), {
    parserOptions: { quote: '"' },
  } as never);
  return sheetRows(ws);
}

function sheetRows(ws: ExcelJS.Worksheet): Record<string, string>[] {
  const all: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    all.push(
      Array.from({ length: ws.columnCount }, (_, i) => {
        const c = row.getCell(i + 1).value;
        return c === null || c === undefined ? '' : String(c);
      }),
    );
  });
  const [header, ...rows] = all;
  return rows.map((r) => Object.fromEntries(header!.map((k, i) => [k, r[i] ?? ''])));
}

const refsIn = (rows: Record<string, string>[]) => rows.map((r) => Number(/\d+/.exec(r['编号'] ?? '')?.[0])).sort();
const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
const count = async (sql: string, values: unknown[] = []) =>
  Number(((await h.database.executeSql(sql, values)).rows[0] as { n: unknown }).n);

describe('ledger export from the desk', () => {
  it("the secretary downloads the CSV from the board link: the village's requests of the month, the board's dates followed, written to the audit log", async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await logIn(page, secretary, 's-01');
    await page.locator(`#rows tr[data-ref="${refs.g3}"]`).waitFor(wait);
    await shot(page, 'desk-board-export-links');
    const file = await download(page, () => page.getByRole('link', { name: '导出台账 CSV' }).click());
    expect(file.name).toMatch(/^小营店村-台账-.*\.csv$/);
    expect(file.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = await readCsv(file.bytes.toString('utf8'));
    expect(refsIn(rows)).toEqual([refs.g1!, refs.g3!].sort());
    expect(new Set(rows.map((r) => r['组']))).toEqual(new Set(['第一互助组', '第三互助组']));
    expect(rows.find((r) => r['编号']!.includes(String(refs.g3)))!['摘要']).toContain('壁挂炉');
    expect(
      await count(
        `select count(*) as n from desk_audit where action = 'ledger.export.csv' and actor = 's-01@xiaoyingdian'`,
      ),
    ).toBe(1);

    // The links take the board's dates: a January long ago has no requests.
    await page.goto(`${h.url}/desk?from=2020-01-01&to=2020-01-31`);
    expect(await page.getByRole('link', { name: '导出台账 CSV' }).getAttribute('href')).toBe(
      '/desk/ledger.csv?from=2020-01-01&to=2020-01-31',
    );
    const old = await download(page, () => page.getByRole('link', { name: '导出台账 CSV' }).click());
    expect(await readCsv(old.bytes.toString('utf8'))).toEqual([]);
    await context.close();
  });

  it("a group leader's Excel export holds only their group; another village is not found; the roster page is not theirs", async () => {
    const context = await browser.newContext({
      viewport: { width: 412, height: 860 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await logIn(page, leader, 'l-03');
    expect(await page.getByRole('link', { name: '花名册' }).count()).toBe(0);
    const file = await download(page, () => page.getByRole('link', { name: '导出台账 Excel' }).click());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as never);
    const rows = sheetRows(wb.worksheets[0]!);
    expect(refsIn(rows)).toEqual([refs.g3!]);
    expect(rows.map((r) => r['组'])).toEqual(['第三互助组']);

    const cookie = await loginCookie(h, leader, 'l-03', 'xiaoyingdian');
    expect((await deskGet(h, cookie, '/desk/ledger.csv?village=beiguan')).status).toBe(404);
    expect((await deskGet(h, cookie, '/desk/ledger.csv?village=xiaoyingdian&month=2026-13')).status).toBe(400);
    const refused = await deskGet(h, cookie, '/desk/roster');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('花名册只有村党支部书记可以导入');
    expect((await deskGet(h, cookie, '/desk/roster/template.xlsx')).status).toBe(403);
    expect((await deskGet(h, cookie, '/desk/roster/cards?village=xiaoyingdian')).status).toBe(403);
    await context.close();
  });

  it("the secretary prints one group's contact cards, with their QR codes, from the roster page", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await logIn(page, secretary, 's-01');
    await page.goto(`${h.url}/desk/roster`);
    const [sheet] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: '打印第三互助组联心卡' }).click(),
    ]);
    await sheet.waitForLoadState();
    const text = (await sheet.locator('body').textContent()) ?? '';
    expect(text).toContain('三组1号');
    expect(text).not.toContain('一组1号');
    // One QR code (an inline SVG) per household card, drawn at a size one can scan.
    const boxes = await sheet.locator('svg').evaluateAll((svgs) => svgs.map((e) => e.getBoundingClientRect().width));
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.every((w) => w > 40)).toBe(true);
    await sheet.screenshot({ path: join(artifacts, 'desk-cards-g3.png') });
    const cookie = await loginCookie(h, secretary, 's-01', 'xiaoyingdian');
    expect((await deskGet(h, cookie, '/desk/roster/cards?village=xiaoyingdian&group=g99')).status).toBe(404);
    await context.close();
  });
});

describe('the roster from Excel on the desk', () => {
  it('a bad row is reported by sheet, row and column with nothing written; a good file is imported and summed up', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await logIn(page, secretary, 's-01');
    await page.getByRole('link', { name: '花名册' }).click();
    await page.locator('h1', { hasText: '花名册' }).waitFor(wait);
    const template = await download(page, () => page.getByRole('link', { name: '下载花名册模板（Excel）' }).click());

    const households = () =>
      count(
        `select count(*) as n from households h join villages v on v.id = h.village_id where v.code = 'xiaoyingdian'`,
      );
    const before = await households();
    const withRow = async (group: string, code: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(template.bytes as never);
      const ws = wb.getWorksheet('户')!;
      ws.addRow([group, null, null, null, code, '新住户', '新盖的院子', null, null]);
      return { row: ws.rowCount, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
    };
    // Every household of the village came back in the template.
    const filled = new ExcelJS.Workbook();
    await filled.xlsx.load(template.bytes as never);
    expect(filled.getWorksheet('户')!.rowCount - 1).toBe(before);

    const bad = await withRow('g99', 'h-9901');
    await page.locator('input[type="file"]').setInputFiles({
      name: '花名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: bad.bytes,
    });
    await page.getByRole('button', { name: '上传并检查' }).click();
    const problem = page.locator('#problems tbody tr', { hasText: 'g99' });
    await problem.waitFor(wait);
    const cells = await problem.locator('td').allTextContents();
    expect(cells[0]).toBe('户');
    expect(cells[1]).toBe(String(bad.row));
    // A group code nobody declared: the row is asked for the new group's name, or whether the code is a typo.
    expect(cells[2]).toBe('组名');
    expect(cells[3]).toContain('组编号写错了吗');
    await shot(page, 'desk-roster-problems');
    expect(await page.getByRole('button', { name: '导入花名册' }).count()).toBe(0);
    expect(await households()).toBe(before);
    expect(await count(`select count(*) as n from households where code = 'h-9901'`)).toBe(0);

    const good = await withRow('g3', 'h-0399');
    await page.locator('input[type="file"]').setInputFiles({
      name: '花名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: good.bytes,
    });
    await page.getByRole('button', { name: '上传并检查' }).click();
    await page.locator('.flash', { hasText: '检查通过' }).waitFor(wait);
    expect(await page.locator('.flash', { hasText: '检查通过' }).textContent()).toContain(`${before + 1} 户`);
    // Checked, not yet written.
    expect(await households()).toBe(before);
    await page.getByRole('button', { name: '导入花名册' }).click();
    const done = page.locator('#imported .flash');
    await done.waitFor(wait);
    const summary = await done.textContent();
    expect(summary).toContain(`${before + 1} 户`);
    expect(summary).toMatch(/新生成绑定码 1 个/);
    await shot(page, 'desk-roster-imported');
    expect(await households()).toBe(before + 1);
    const added = (await h.database.executeSql(`select bind_code from households where code = 'h-0399'`)).rows[0] as {
      bind_code: string | null;
    };
    expect(added.bind_code).toMatch(/^[0-9A-Z]{6,}$/);
    expect(
      await count(
        `select count(*) as n from desk_audit where action in ('roster.template', 'roster.check', 'roster.import') and actor = 's-01@xiaoyingdian'`,
      ),
    ).toBe(4);
    await context.close();
  });

  it("refuses a file that is not Excel, another village's roster, and a form from another site, without a 500", async () => {
    const cookie = await loginCookie(h, secretary, 's-01', 'xiaoyingdian');
    const upload = (bytes: Buffer, headers: Record<string, string> = {}) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), 'x.xlsx');
      return fetch(`${h.url}/desk/roster/check`, { method: 'POST', headers: { cookie, ...headers }, body: form });
    };
    const garbage = await upload(Buffer.from('not a workbook, just words'));
    expect(garbage.status).toBe(422);
    expect(await garbage.text()).toContain('不是 Excel');

    const wb = new ExcelJS.Workbook();
    const r = await deskGet(h, cookie, '/desk/roster/template.xlsx');
    expect(r.status).toBe(200);
    const res = await fetch(`${h.url}/desk/roster/template.xlsx`, { headers: { cookie } });
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const village = wb.getWorksheet('村')!;
    village.getCell(2, 2).value = 'beiguan';
    const other = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('只能导入本村的花名册');

    const forged = await upload(Buffer.from('x'), { origin: 'http://evil.example' });
    expect(forged.status).toBe(403);
    const empty = await fetch(`${h.url}/desk/roster/check`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('请选择一个 .xlsx');
    const huge = await upload(Buffer.alloc(10 * 1024 * 1024 + 1));
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('文件太大');
    const stale = await fetch(`${h.url}/desk/roster/import`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=nope',
    });
    expect(stale.status).toBe(410);
  });

  it('the admin picks any village: its filled template, and its ledger', async () => {
    const res = await fetch(`${h.url}/desk/login/admin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${ADMIN_TOKEN}`,
    });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const pageHtml = await deskGet(h, cookie, '/desk/roster?village=beiguan');
    expect(pageHtml.status).toBe(200);
    expect(pageHtml.text).toContain('花名册 · 北关村');
    const tpl = await fetch(`${h.url}/desk/roster/template.xlsx?village=beiguan`, { headers: { cookie } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await tpl.arrayBuffer()) as never);
    expect(sheetRows(wb.getWorksheet('户')!).map((r) => r['户主'])).toEqual(['北关住户']);
    expect((await deskGet(h, cookie, '/desk/roster?village=nowhere')).status).toBe(404);
    // Several villages in scope: the board links wait for a village to be chosen, and the ledger needs one named.
    expect((await deskGet(h, cookie, '/desk')).text).not.toContain('导出台账 CSV');
    expect((await deskGet(h, cookie, '/desk?village=beiguan')).text).toContain('/desk/ledger.csv?village=beiguan');
    expect((await deskGet(h, cookie, '/desk/ledger.csv')).status).toBe(400);
    const ledger = await fetch(`${h.url}/desk/ledger.csv?village=beiguan`, { headers: { cookie } });
    expect(refsIn(await readCsv(await ledger.text()))).toEqual([refs.beiguan!]);
  });
});
