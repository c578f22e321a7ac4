import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { launchChromium } from '../support/browser.js';
import { type Harness, settle, startHarness, type TelegramUser } from '../support/harness.js';
import { bound, loginCookie, otherVillages, logInOnPage } from './desk-support.js';

/**
 * The roster on the desk, in headless Chromium: the secretary finds a household and corrects its phone; a leader of
 * another group reads it masked, the household's own leader in full; a leader of another village gets 404 on
 * every page and action with nothing of the village in the body; an Excel import shows its changes before it writes.
 */
const artifacts = join(import.meta.dirname, '../../test-artifacts/desk');
const docs = join(import.meta.dirname, '../../docs');
const wait = { timeout: 15_000 };
const PHONE = '13812341234';

let browser: Browser;
let h: Harness;
let secretary: TelegramUser;
let leaderG1: TelegramUser;
let leaderG3: TelegramUser;
let otherLeader: TelegramUser;

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  h = await startHarness();
  for (const roster of otherVillages()) await importRoster(h.database.db, roster);
  secretary = await bound(h, 8500, '韩书记', '700001');
  leaderG1 = await bound(h, 8501, '赵组长', '700301'); // l-01 leads 第一互助组
  leaderG3 = await bound(h, 8502, '吴组长', '700303'); // l-03 leads 第三互助组
  otherLeader = await bound(h, 8503, '北关组长', '810301'); // l-01 of 北关村
  await settle(h);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function logIn(page: Page, u: TelegramUser, member: string, village = 'xiaoyingdian') {
  await logInOnPage(page, h, u, member, village);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  await page.screenshot({ path: join(docs, `${name}.jpg`), type: 'jpeg', quality: 60 });
}

const phoneOf = async (code: string) =>
  (
    (
      await h.database.executeSql(
        `select phone from households h join villages v on v.id = h.village_id where v.code = 'xiaoyingdian' and h.code = $1`,
        [code],
      )
    ).rows[0] as { phone: string | null }
  ).phone;

describe('the roster on the desk', () => {
  it('the secretary finds a household by name, edits its phone and sees it saved, with the change in its history', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await logIn(page, secretary, 's-01');
    await page.getByRole('link', { name: '住户查找' }).click();
    await page.locator('h1', { hasText: '花名册' }).waitFor(wait);
    await page.getByLabel('查找').fill('王志强');
    await page.getByRole('button', { name: '查找', exact: true }).click();
    const row = page.locator('#households tr[data-code="h-0302"]');
    await row.waitFor(wait);
    expect(await page.locator('#households tbody tr').count()).toBe(1);
    expect(await row.textContent()).toContain('三组2号');
    await row.getByRole('link', { name: '王志强' }).click();
    await page.locator('#edit').waitFor(wait);
    await page.getByLabel('电话').fill('138 1234-1234');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.flash', { hasText: '已保存' }).waitFor(wait);
    expect(await page.locator('#phone').textContent()).toContain(PHONE);
    expect(await page.locator('#history').textContent()).toContain(`韩守义 · 电话：（空） → ${PHONE}`);
    expect(await phoneOf('h-0302')).toBe(PHONE);
    // The phone's tail and the address find it too.
    await page.goto(`${h.url}/desk/roster/households?village=xiaoyingdian&q=1234`);
    expect(await page.locator('#households tbody tr').count()).toBe(1);
    await page.goto(`${h.url}/desk/roster/households?village=xiaoyingdian&q=${encodeURIComponent('一组2号')}`);
    expect(await page.locator('#households tr[data-code="h-0102"]').count()).toBe(1);
    await page.goto(`${h.url}/desk/roster/households/h-0302?village=xiaoyingdian`);
    await shot(page, 'desk-roster-household');
    await context.close();
  });

  it("a leader of another group reads the phone masked and may not edit; the household's own leader reads it in full", async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await logIn(page, leaderG1, 'l-01');
    await page.goto(`${h.url}/desk/roster/households?village=xiaoyingdian&group=g3`);
    const cell = page.locator('#households tr[data-code="h-0302"] td.phone');
    await cell.waitFor(wait);
    expect(await cell.textContent()).toBe('138****1234');
    await page.goto(`${h.url}/desk/roster/households/h-0302?village=xiaoyingdian`);
    expect(await page.locator('#phone').textContent()).toContain('138****1234');
    expect(await page.content()).not.toContain(PHONE);
    expect(await page.locator('#edit').count()).toBe(0);
    await shot(page, 'desk-roster-masked');
    // Searching by a phone's digits finds only phones one may read: else digit after digit would spell the masked one.
    await page.goto(`${h.url}/desk/roster/households?village=xiaoyingdian&q=12341234`);
    expect(await page.locator('#households tr[data-code="h-0302"]').count()).toBe(0);
    const cookie = await loginCookie(h, leaderG1, 'l-01', 'xiaoyingdian');
    const post = await fetch(`${h.url}/desk/roster/households/h-0302?village=xiaoyingdian`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ head: '王志强', address: '三组2号', phone: '13900000000', group: 'g3' }).toString(),
    });
    expect(post.status).toBe(403);
    expect(await phoneOf('h-0302')).toBe(PHONE);
    await context.close();

    const own = await browser.newContext({ locale: 'zh-CN' });
    const ownPage = await own.newPage();
    await logIn(ownPage, leaderG3, 'l-03');
    await ownPage.goto(`${h.url}/desk/roster/households/h-0302?village=xiaoyingdian`);
    expect(await ownPage.locator('#phone').textContent()).toContain(PHONE);
    await own.close();
  });

  it('a leader of another village is answered 404 on every page and action, with nothing of the village in the body', async () => {
    const cookie = await loginCookie(h, otherLeader, 'l-01', 'beiguan');
    const form = {
      head: '改名',
      address: '三组2号',
      phone: '13900000000',
      group: 'g3',
      name: '改名',
      role_group_leader: '1',
    };
    const tries: [string, string][] = [
      ['GET', '/desk/roster/households?village=xiaoyingdian'],
      ['GET', '/desk/roster/households?village=xiaoyingdian&q=%E7%8E%8B'],
      ['GET', '/desk/roster/households/h-0302?village=xiaoyingdian'],
      ['POST', '/desk/roster/households/h-0302?village=xiaoyingdian'],
      ['GET', '/desk/roster/members/l-03?village=xiaoyingdian'],
      ['POST', '/desk/roster/members/l-03?village=xiaoyingdian'],
    ];
    for (const [method, path] of tries) {
      const res = await fetch(`${h.url}${path}`, {
        method,
        redirect: 'manual',
        headers: {
          cookie,
          accept: 'text/html',
          ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(method === 'POST' ? { body: new URLSearchParams(form).toString() } : {}),
      });
      const text = await res.text();
      expect(res.status, `${method} ${path}`).toBe(404);
      for (const leak of ['王志强', '吴永红', '小营店', '三组2号', PHONE, '138****1234'])
        expect(text, `${method} ${path}`).not.toContain(leak);
    }
    expect(await phoneOf('h-0302')).toBe(PHONE);
    const names = (
      await h.database.executeSql(
        `select name from members where code = 'l-03' and village_id = (select id from villages where code = 'xiaoyingdian')`,
      )
    ).rows as { name: string }[];
    expect(names[0]!.name).toBe('吴永红');
  });

  it("an Excel import lists what it would add and change before it writes, nothing written until confirmed; the desk's phone survives it", async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await logIn(page, secretary, 's-01');
    await page.goto(`${h.url}/desk/roster`);
    const [d] = await Promise.all([
      page.waitForEvent('download', wait) as Promise<Download>,
      page.getByRole('link', { name: '下载花名册模板（Excel）' }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(await d.path()) as never);
    const ws = wb.getWorksheet('户')!;
    ws.eachRow((row) => {
      if (row.getCell(5).value === 'h-0101') row.getCell(6).value = '陈德福改';
    });
    ws.addRow(['g3', null, null, null, 'h-0398', '新住户', '三组98号', null, null]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const heads = async () =>
      (
        await h.database.executeSql(
          `select head from households where code in ('h-0101', 'h-0398') and village_id = (select id from villages where code = 'xiaoyingdian') order by code`,
        )
      ).rows.map((r) => (r as { head: string }).head);
    expect(await heads()).toEqual(['陈德福']);

    await page.locator('input[type="file"]').setInputFiles({
      name: '花名册.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: bytes,
    });
    await page.getByRole('button', { name: '上传并检查' }).click();
    await page.locator('#preview').waitFor(wait);
    expect(await page.locator('#households-changed li[data-code="h-0101"]').textContent()).toContain(
      '户主：陈德福 → 陈德福改',
    );
    expect(await page.locator('#households-added li[data-code="h-0398"]').textContent()).toContain('新住户');
    expect(await page.locator('#members-removed').count()).toBe(0);
    await shot(page, 'desk-roster-preview');
    // Shown, not written.
    expect(await heads()).toEqual(['陈德福']);

    await page.getByRole('button', { name: '导入花名册' }).click();
    await page.locator('#imported .flash').waitFor(wait);
    expect(await heads()).toEqual(['陈德福改', '新住户']);
    // The template has no phone column: the phone set on the desk is kept.
    expect(await phoneOf('h-0302')).toBe(PHONE);
    await page.goto(`${h.url}/desk/roster/households/h-0101?village=xiaoyingdian`);
    expect(await page.locator('#history').textContent()).toContain('户主：陈德福 → 陈德福改');
    await context.close();
  });
});
