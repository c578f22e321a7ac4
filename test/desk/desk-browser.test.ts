import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { type Harness, settle, startHarness, type TelegramUser } from '../support/harness.js';
import { bound, codeFor, otherVillages, report } from './desk-support.js';

const artifacts = join(import.meta.dirname, '../../test-artifacts/desk');
const wait = { timeout: 15_000 };

let browser: Browser;
let h: Harness;
let resident: TelegramUser;
let neighbour: TelegramUser;
let secretary: TelegramUser;
let leader: TelegramUser;
let town: TelegramUser;
const refs: Record<string, number> = {};

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  h = await startHarness();
  for (const roster of otherVillages()) await importRoster(h.database.db, roster);
  resident = await bound(h, 8001, '马大姐', '483920');
  neighbour = await bound(h, 8002, '一组住户', '607949');
  const beiguan = await bound(h, 8003, '北关住户', '810501');
  const nanzhuang = await bound(h, 8004, '南庄住户', '820501');
  secretary = await bound(h, 8100, '韩书记', '700001');
  leader = await bound(h, 8101, '吴组长', '700303');
  town = await bound(h, 8102, '镇干部', '700901');
  refs.boiler = await report(resident, '俺家壁挂炉坏了，不出热水');
  refs.pipe = await report(neighbour, '俺家水管冻裂了，厨房全是水');
  refs.beiguan = await report(beiguan, '俺家壁挂炉坏了，屋里冷');
  refs.nanzhuang = await report(nanzhuang, '俺家水管冻裂了');
  await settle(h);
  // The boiler's leader let the accept deadline pass.
  await h.database.executeSql('update requests set accept_due_at = $1 where ref = $2', [
    new Date(h.clock.now().getTime() - 3 * 3600_000).toISOString(),
    refs.boiler,
  ]);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** Logs a member in through the pages, with the code that reached their Telegram account. */
async function logIn(page: Page, u: TelegramUser, member: string, village: string) {
  await page.goto(`${h.url}/desk/login`);
  const since = u.inbox().length;
  await page.getByLabel('联心卡号码或姓名').fill(member);
  await page.getByLabel('村代码').fill(village);
  await page.getByRole('button', { name: '发送验证码' }).click();
  const code = await codeFor(u, since);
  await page.getByLabel('验证码').fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('h1', { hasText: '诉求看板' }).waitFor(wait);
}

/** A PNG for the CI artefacts and a small JPEG of the same, the kind the README shows (docs/). */
async function shot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage });
  await page.screenshot({ path: join(artifacts, `${name}.jpg`), fullPage, type: 'jpeg', quality: 70 });
}

const row = (page: Page, ref: number) => page.locator(`#rows tr[data-ref="${ref}"]`);

describe('the secretary at the desk', () => {
  it('logs in with the code sent to Telegram, filters overdue, resolves a request, and the resident on Telegram is told', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await logIn(page, secretary, 's-01', 'xiaoyingdian');
    await row(page, refs.boiler!).waitFor(wait);
    await row(page, refs.pipe!).waitFor(wait);
    expect(await row(page, refs.beiguan!).count()).toBe(0);
    await expect.poll(() => page.locator('#counts').textContent()).toContain('已派单');
    await shot(page, 'desk-board');

    await page.getByLabel('只看超时').check();
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/overdue=1/);
    await row(page, refs.boiler!).waitFor(wait);
    expect(await page.locator('#rows tr[data-ref]').count()).toBe(1);
    expect(await row(page, refs.boiler!).locator('.mark.overdue').textContent()).toBe('超时');

    await row(page, refs.boiler!).getByRole('link').click();
    await page.locator('h1', { hasText: `诉求 #${refs.boiler}` }).waitFor(wait);
    expect(await page.locator('.words').textContent()).toBe('俺家壁挂炉坏了，不出热水');
    expect(await page.locator('.timeline li').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('提交'), expect.stringContaining('派单')]),
    );
    const r0 = resident.inbox().length;
    await page.getByRole('button', { name: '接单' }).click();
    await page.locator('.flash', { hasText: `已接单 #${refs.boiler}` }).waitFor(wait);
    await resident.expect(new RegExp(`#${refs.boiler} 已由韩守义接单`), r0);
    await page.getByLabel('处理结果（居民会收到）').fill('已联系师傅换了点火器，恢复供暖');
    await page.getByRole('button', { name: '办结' }).click();
    await page.locator('[data-field="status"]', { hasText: '已办结' }).waitFor(wait);
    const told = await resident.expect(
      new RegExp(`#${refs.boiler} 已由韩守义办结：已联系师傅换了点火器，恢复供暖`),
      r0,
    );
    expect(told.text).toContain('您满意吗');
    await shot(page, 'desk-request', true);
    await context.close();
  });

  it('sees a new request appear on the open board without reloading', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await logIn(page, secretary, 's-01', 'xiaoyingdian');
    await page.locator('#live').waitFor({ state: 'visible', ...wait });
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    const ref = await report(neighbour, '俺家门口的电线冒火花了');
    await row(page, ref).waitFor(wait);
    expect(await row(page, ref).locator('.mark.urgent').count()).toBe(1);
    // The same page: nothing reloaded it.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await context.close();
  });

  it('draws the three rates as charts with data points, and the say-things day and settings pages open', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await logIn(page, secretary, 's-01', 'xiaoyingdian');
    await page.getByRole('link', { name: '三率统计' }).click();
    await page.locator('body[data-charts="ready"]').waitFor({ state: 'attached', ...wait });
    const points = await page.evaluate(() =>
      [...document.querySelectorAll('canvas[data-chart]')].map((c) => {
        const chart = (
          c as HTMLCanvasElement & { chart: { data: { labels: string[]; datasets: { data: (number | null)[] }[] } } }
        ).chart;
        return {
          id: c.id,
          labels: chart.data.labels,
          values: chart.data.datasets.flatMap((d) => d.data).filter((v) => v !== null),
        };
      }),
    );
    const groups = points.find((p) => p.id === 'chart-groups')!;
    expect(groups.labels).toContain('第三互助组');
    expect(groups.values.length).toBeGreaterThan(0);
    expect(points.find((p) => p.id === 'chart-trend')!.labels).toHaveLength(12);
    // Drawn, not just configured: the canvas has coloured pixels.
    const inked = await page.evaluate(() => {
      const c = document.getElementById('chart-groups') as HTMLCanvasElement;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(500);
    await shot(page, 'desk-rates', true);
    await page.getByRole('link', { name: '支部说事日' }).click();
    await page.locator('h2', { hasText: '下次说事日' }).waitFor(wait);
    await shot(page, 'desk-say-things');
    await page.getByRole('link', { name: '村设置' }).click();
    await page.getByLabel('说事地点').fill('村委会二楼会议室');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.flash', { hasText: '已保存' }).waitFor(wait);
    await page.getByRole('link', { name: 'English' }).click();
    await page.locator('h1', { hasText: 'Village settings' }).waitFor(wait);
    await context.close();
  });

  it('a group leader sees only their group, a town official two villages of the town and not a third', async () => {
    const phone = await browser.newContext({ viewport: { width: 412, height: 860 }, locale: 'zh-CN' });
    const lp = await phone.newPage();
    await logIn(lp, leader, 'l-03', 'xiaoyingdian');
    await lp.goto(`${h.url}/desk?status=all`);
    await row(lp, refs.boiler!).waitFor(wait);
    expect(await row(lp, refs.pipe!).count()).toBe(0);
    expect(await lp.locator('select[name="group"] option').allTextContents()).toEqual(['全部', '第三互助组']);
    expect(await lp.locator('header .who').textContent()).toContain('本组：第三互助组');
    await shot(lp, 'desk-leader-phone', true);
    await phone.close();

    const office = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const tp = await office.newPage();
    await logIn(tp, town, 't-01', 'xiaoyingdian');
    expect(await tp.locator('select[name="village"] option').allTextContents()).toEqual(['全部', '北关村', '小营店村']);
    await row(tp, refs.beiguan!).waitFor(wait);
    await row(tp, refs.pipe!).waitFor(wait);
    expect(await row(tp, refs.nanzhuang!).count()).toBe(0);
    await shot(tp, 'desk-town');
    await tp.goto(`${h.url}/desk/requests/${refs.nanzhuang}`);
    await tp.locator('.flash.error', { hasText: '没有找到' }).waitFor(wait);
    await office.close();
  });
});
