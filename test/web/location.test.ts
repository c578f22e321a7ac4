import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { adminApi, TelegramUser } from '../support/harness.js';
import { type MediaHarness, startMediaHarness } from '../support/media-harness.js';

const wait = { timeout: 15_000 };

let browser: Browser;
let h: MediaHarness;
let leader: TelegramUser;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startMediaHarness({ web: true, demo: true });
  leader = new TelegramUser(h, 6103, '吴组长');
  await leader.say('/start 700303');
  await leader.expect(/绑定成功/);
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe("the web chat's 📍 button", () => {
  it('sends where the phone is (geolocation allowed): it becomes the place of the request just reported, and the leader gets the map link', async () => {
    const context = await browser.newContext({
      viewport: { width: 412, height: 860 },
      locale: 'zh-CN',
      permissions: ['geolocation'],
      geolocation: { latitude: 36.351234, longitude: 114.381234 },
    });
    const page = await context.newPage();
    await page.goto(`${h.url}/chat`);
    await page.getByRole('button', { name: /三组1号 住户/ }).click(wait);
    await page
      .locator('.msg.bot', { hasText: /绑定成功/ })
      .last()
      .waitFor(wait);
    await page.locator('#text').fill('村口的路灯坏了，晚上黑乎乎的');
    await page.getByRole('button', { name: /发送/ }).click();
    const receipt = await page
      .locator('.msg.bot', { hasText: /已收到，编号 #\d+/ })
      .last()
      .textContent(wait);
    const ref = Number(/#(\d+)/.exec(receipt!)![1]);
    const l0 = leader.inbox().length;

    await page.getByRole('button', { name: /发位置/ }).click();
    await page.locator('.msg.me', { hasText: '📍 36.35123, 114.38123' }).waitFor(wait);
    await page.locator('.msg.bot', { hasText: new RegExp(`位置已记到诉求 #${ref}`) }).waitFor(wait);
    const told = await leader.expect(new RegExp(`#${ref} 居民发来了位置`), l0);
    const link = new URL(/https:\/\/uri\.amap\.com\/marker\?\S+/.exec(told.text)![0]);
    expect(link.searchParams.get('position')).toBe('114.381234,36.351234');
    expect(link.searchParams.get('coordinate')).toBe('wgs84');
    const request = await adminApi<{ place: unknown }>(h, 'GET', `/api/v1/requests/${ref}`);
    // A browser's position is WGS-84 (not WeChat's GCJ-02): kept as such, and the map link says so.
    expect(request.body.place).toMatchObject({ lat: 36.351234, long: 114.381234, datum: 'wgs84' });
    await context.close();
  });

  it('a position the phone would not give: the page asks for words instead, nothing is sent', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${h.url}/chat`);
    await page.getByRole('button', { name: /三组2号 住户/ }).click(wait);
    await page
      .locator('.msg.bot', { hasText: /绑定成功/ })
      .last()
      .waitFor(wait);
    const mine = await page.locator('.msg.me').count();
    await page.getByRole('button', { name: /发位置/ }).click();
    await page.locator('#notice', { hasText: '没能取到您的位置' }).waitFor(wait);
    expect(await page.locator('.msg.me').count()).toBe(mine);
    await context.close();
  });
});
