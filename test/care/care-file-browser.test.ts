import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { ADMIN_TOKEN, type Harness, startHarness, type TelegramUser } from '../support/harness.js';
import { bound, logInOnPage } from '../desk/desk-support.js';

/**
 * 代报 on the desk, in headless Chromium: the secretary names a household as villagers say it, picks one of the
 * three 齐秀英 by group and address (no roster code on the page), and files for it; the household's own account
 * gets the receipt, the request is the household's and the ledger names who filed it.
 */
const wait = { timeout: 15_000 };
let browser: Browser;
let h: Harness;
let secretary: TelegramUser; // 韩守义, s-01
let household: TelegramUser; // 齐秀英, 二组17号

beforeAll(async () => {
  browser = await launchChromium();
  h = await startHarness();
  secretary = await bound(h, 8601, '韩守义', '700001');
  household = await bound(h, 8602, '齐秀英', '116320');
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('代报 on the desk', () => {
  it('picks the household among those of one name and files for it; its account gets the receipt, the ledger says who filed it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await logInOnPage(page, h, secretary, 's-01');
    await page.goto(`${h.url}/desk/care`);
    await page.getByRole('link', { name: '代报', exact: true }).click();
    await page.locator('h1', { hasText: '代报：替户报事' }).waitFor(wait);

    // A name nobody has: told so, nothing filed.
    await page.getByLabel('哪一户').fill('王大锤');
    await page.getByLabel('要报的事').fill('屋顶漏雨');
    await page.getByRole('button', { name: '代报', exact: true }).click();
    await page.getByText('找不到「王大锤」这一户').waitFor(wait);

    await page.getByLabel('哪一户').fill('齐秀英');
    await page.getByRole('button', { name: '代报', exact: true }).click();
    await page.getByText('村里有 3 户对得上「齐秀英」，请选一户').waitFor(wait);
    // The choice names each by group and address, never by its roster code; the text typed is kept.
    const body = await page.locator('main, body').first().innerText();
    expect(body).not.toMatch(/h-\d{4}/);
    expect(await page.getByLabel('要报的事').inputValue()).toBe('屋顶漏雨');
    const e0 = household.inbox().length;
    await page.getByLabel('齐秀英家（二组17号）').check();
    await page.getByRole('button', { name: '代报', exact: true }).click();
    const said = page.getByText(/已替齐秀英家（二组17号）报上来，编号 #\d+。回执已发到这户绑定的 1 个账号。/);
    await said.waitFor(wait);
    const ref = Number(/#(\d+)/.exec(await said.innerText())![1]);

    await household.expect(new RegExp(`韩守义替您家报了一件事：\\n已收到，编号 #${ref}`), e0);
    const api = await fetch(`${h.url}/api/v1/requests/${ref}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const r = (await api.json()) as { household: string; text: string; details: { filedBy: unknown } };
    expect(r.household).toBe('h-0217');
    expect(r.text).toBe('屋顶漏雨');
    expect(r.details.filedBy).toMatchObject({ name: '韩守义', onVisit: false });
    // The request's page says who filed it.
    await page.getByRole('link', { name: `#${ref}` }).click();
    await page.getByText('韩守义代报').first().waitFor(wait);
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7); // village time
    const csv = await fetch(`${h.url}/api/v1/requests.csv?village=xiaoyingdian&month=${month}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(await csv.text()).toContain('韩守义代报');
    await context.close();
  });
});
