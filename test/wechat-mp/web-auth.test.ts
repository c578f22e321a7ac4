import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { TelegramUser } from '../support/harness.js';
import { type MpHarness, MpUser, startMpHarness } from './mp-harness.js';

const wait = { timeout: 20_000 };

describe('the web chat opened from the Official Account (web authorization, snsapi_base)', () => {
  let h: MpHarness;
  let browser: Browser;
  let resident: MpUser;
  let ref: number;
  beforeAll(async () => {
    browser = await launchChromium();
    h = await startMpHarness({ webChat: true, publicUrl: true });
    const leader = new TelegramUser(h, 7403, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
    resident = new MpUser(h);
    await resident.say('绑定 483920');
    await resident.expect(/绑定成功/);
    await resident.say('三组12号门前的路灯坏了，晚上看不见路');
    ref = Number(/#(\d+)/.exec(await resident.expect(/已收到，编号 #\d+/))![1]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("the menu link goes through WeChat's authorization and opens the chat as the resident, already bound, with their requests", async () => {
    h.mp.browserOpenid = resident.openid;
    const context = await browser.newContext({ viewport: { width: 412, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${h.url}/chat/wechat?ref=${ref}`);
    expect(h.mp.authorizations).toBe(1);
    await page.waitForURL(/\/chat\?ref=/, wait);
    // No card, no code: the page is the household the Official Account is bound to.
    await page.locator('#who', { hasText: '三组1号' }).waitFor(wait);
    // What was said on the Official Account is on the page: the resident's report and the receipt.
    await page.locator('.msg.me', { hasText: '三组12号门前的路灯坏了' }).waitFor(wait);
    await page.locator('.msg.bot', { hasText: `已收到，编号 #${ref}` }).waitFor(wait);
    await page.locator('#text').fill('我的诉求');
    await page.getByRole('button', { name: /发送/ }).click();
    await page
      .locator('.msg.bot', { hasText: `#${ref}` })
      .last()
      .waitFor(wait);
    // A reload shows the Official Account's messages once, not twice.
    await page.reload();
    await page.locator('.msg.me', { hasText: '我的诉求' }).first().waitFor(wait);
    expect(await page.locator('.msg.bot', { hasText: `已收到，编号 #${ref}` }).count()).toBe(1);
    await context.close();
  });

  it("the operator's menu call (admin API) writes 我的诉求 → 在网页里说, and that item is the way in", async () => {
    const written = await h.api('/api/v1/channels/wechat-mp/menu', { method: 'POST', body: {} });
    expect(written.status).toBe(200);
    expect(written.body.outcome).toBe('created');
    const mine = (
      h.mp.menu as { button: { name: string; sub_button?: { type: string; name: string; url?: string }[] }[] }
    ).button[1]!;
    const view = mine.sub_button!.find((b) => b.type === 'view')!;
    expect(view).toEqual({ type: 'view', name: '在网页里说', url: `${h.url}/chat/wechat` });
    // The phone opens the item: WeChat's authorization, then the chat.
    h.mp.browserOpenid = resident.openid;
    const start = await fetch(view.url!, { redirect: 'manual' });
    expect(start.status).toBe(302);
    expect(new URL(start.headers.get('location')!).pathname).toBe('/connect/oauth2/authorize');
  });

  it('a forged state, a replayed callback or a code WeChat did not give is refused, and binds nobody', async () => {
    h.mp.browserOpenid = resident.openid;
    const start = await fetch(`${h.url}/chat/wechat`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = new URL(authorize.headers.get('location')!);
    expect(callback.searchParams.get('code')).toMatch(/^[0-9a-f]{32}$/);
    const get = (url: string, c = cookie) => fetch(url, { redirect: 'manual', headers: { cookie: c } });

    // The state's signature altered: refused before WeChat is asked.
    const forged = new URL(callback);
    forged.searchParams.set(
      'state',
      callback.searchParams.get('state')!.replace(/.$/, (x) => (x === 'a' ? 'b' : 'a')),
    );
    expect((await get(forged.toString())).status).toBe(403);
    // The right state from another browser (no state cookie): refused.
    expect((await get(callback.toString(), 'linli_wx_state=0')).status).toBe(403);
    // A code WeChat never handed out: refused by WeChat, so by us.
    const madeUp = new URL(callback);
    madeUp.searchParams.set('code', 'f'.repeat(32));
    const fake = await get(madeUp.toString());
    expect(fake.status).toBe(403);
    expect(await fake.text()).toMatch(/已经用过或已失效/);

    // The real one is taken once (a fresh state, as the one above was used by the made-up code's try).
    const again = await fetch(`${h.url}/chat/wechat`, { redirect: 'manual' });
    const cookie2 = again.headers.get('set-cookie')!.split(';')[0]!;
    const back = (await fetch(again.headers.get('location')!, { redirect: 'manual' })).headers.get('location')!;
    const ok = await get(back, cookie2);
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/chat');
    expect((await get(back, cookie2)).status).toBe(403);
  });
});
