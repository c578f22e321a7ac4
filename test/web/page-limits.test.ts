import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { MAX_TEXT, webBudgets } from '../../bots/web/web.limits.js';
import { ADMIN_TOKEN, waitFor } from '../support/harness.js';
import { WebPage } from '../support/web-client.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

const artifacts = join(import.meta.dirname, '../../test-artifacts');

let browser: Browser;
let h: ChannelHarness;
/** WebSocket upgrades the server saw: a reconnect loop would show here. */
let opens = 0;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startChannelHarness({ web: true, demo: true });
  h.app.server.on('upgrade', () => {
    opens++;
  });
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const wait = { timeout: 15_000 };
const bot = (page: Page, text: string | RegExp) => page.locator('.msg.bot', { hasText: text }).last();

/**
 * The test's own instrument, installed before the page's script: it records the id of every frame the
 * page sends, and can make one frame oversized (as a proxy or a tampered page might) to provoke the
 * server's "message too big" close.
 */
const instrument = () => {
  const w = window as unknown as {
    sentIds: string[];
    hugeSent: number;
    closes: number[];
    lastSocket: WebSocket | null;
  };
  w.sentIds = [];
  w.hugeSent = 0;
  w.closes = [];
  w.lastSocket = null;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: string) {
    const msg = JSON.parse(data) as { id: string; text?: string };
    w.sentIds.push(msg.id);
    if (w.lastSocket !== this)
      this.addEventListener('close', (e) => {
        w.closes.push(e.code);
      });
    w.lastSocket = this;
    if (msg.text === 'MAKE-ME-HUGE') {
      msg.text = 'x'.repeat(70 * 1024);
      w.hugeSent++;
    }
    return send.call(this, JSON.stringify(msg));
  };
};
const sentIds = (page: Page) => page.evaluate(() => (window as unknown as { sentIds: string[] }).sentIds);

async function openAs(card: RegExp): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 412, height: 860 }, locale: 'zh-CN' });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  await page.goto(`${h.url}/chat`);
  await page.getByRole('button', { name: card }).click(wait);
  await bot(page, /绑定成功/).waitFor(wait);
  return { context, page };
}

async function say(page: Page, text: string) {
  await page.locator('#text').fill(text);
  await page.getByRole('button', { name: /发送/ }).click();
}

describe('the web page and the limits', () => {
  it('refuses an over-long paste itself, with a message, sending nothing and never reconnecting', async () => {
    const { context, page } = await openAs(/三组2号 住户/);
    const before = opens;
    const framesBefore = (await sentIds(page)).length;
    const paste = '俺家的事'.repeat(17 * 1024);
    await say(page, paste);
    await page.locator('#notice', { hasText: `最多 ${MAX_TEXT} 个字` }).waitFor(wait);
    expect(await page.locator('#notice').textContent()).toContain('Too long');
    // Not shown as sent, not queued, and the text stays in the box to be shortened.
    expect(await page.locator('.msg.me', { hasText: '俺家的事俺家的事' }).count()).toBe(0);
    expect((await page.locator('#text').inputValue()).length).toBe(paste.length);
    expect((await sentIds(page)).length).toBe(framesBefore);

    // One more round trip on the same socket, then count: no socket was opened meanwhile.
    await say(page, '帮助');
    await bot(page, /我的诉求/).waitFor(wait);
    expect(opens).toBe(before);
    await context.close();
  });

  it('shows the server closing on an oversized message (1009), drops that message, and does not loop', async () => {
    const { context, page } = await openAs(/三组1号 住户/);
    const before = opens;
    await say(page, 'MAKE-ME-HUGE');
    const failed = page.locator('.msg.me.failed', { hasText: 'MAKE-ME-HUGE' });
    await failed.waitFor(wait);
    expect(await failed.textContent()).toContain('未发出');
    await page.locator('#notice', { hasText: /消息太长了|发不出去/ }).waitFor(wait);
    // The next message goes out on the new socket and is answered...
    await say(page, '我的诉求');
    await bot(page, /您的诉求|还没有/).waitFor(wait);
    // ...and the oversized one was not sent again and again: the server can hang up before its close code
    // arrives (then the page counts the socket's death against the largest message in flight, dropping it
    // the second time), so at most twice, and as many reconnects.
    const hugeSent = await page.evaluate(() => (window as unknown as { hugeSent: number }).hugeSent);
    const closes = await page.evaluate(() => (window as unknown as { closes: number[] }).closes);
    const seen = `sent ${hugeSent} times, ${opens - before} reconnects, close codes ${closes.join(' ')}`;
    expect(hugeSent >= 1 && hugeSent <= 2, seen).toBe(true);
    expect(opens - before >= 1 && opens - before <= 2, seen).toBe(true);
    await context.close();
  });

  it('shows "too fast" for messages over the identity\'s budget and never sends them again', async () => {
    const { context, page } = await openAs(/吴永红/);
    // A script's burst: more than the budget in one go.
    await page.evaluate((n) => {
      const form = document.getElementById('send-form') as HTMLFormElement;
      const box = document.getElementById('text') as HTMLTextAreaElement;
      for (let i = 0; i < n; i++) {
        box.value = `我的任务 ${i}`;
        form.requestSubmit();
      }
    }, webBudgets.messages.max + 3);
    await page.locator('#notice', { hasText: '发得太快了' }).waitFor(wait);
    await page
      .locator('.msg.me.pending')
      .first()
      .waitFor({ state: 'detached', ...wait });
    const refused = await page.locator('.msg.me.failed').count();
    expect(refused).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.msg.me.failed').first().textContent()).toContain('Not sent');

    const refusedIds = (await sentIds(page)).slice(-refused);

    // The connection drops; the page reconnects and sends again what is unconfirmed: none of the refused.
    const before = opens;
    await page.evaluate(() => (window as unknown as { lastSocket: WebSocket }).lastSocket.close(4000, 'dropped'));
    await page.locator('#status', { hasText: '正在重新连接' }).waitFor(wait);
    await say(page, '我的任务');
    // Answered on the new socket (stored, or refused while the budget is spent): a round trip either way.
    await page
      // Stored ("我的任务 22:40") or refused ("我的任务未发出 / Not sent 22:40"): either is the round trip.
      .locator('.msg.me:not(.pending)', { hasText: /^我的任务(?:\s*\d\d:\d\d$|未发出)/ })
      .last()
      .waitFor(wait);
    await page
      .locator('.msg.me.pending')
      .first()
      .waitFor({ state: 'detached', ...wait });
    expect(opens).toBe(before + 1);
    const ids = await sentIds(page);
    for (const id of refusedIds) expect(ids.filter((x) => x === id)).toHaveLength(1);
    await context.close();
  });

  it('tells the person when this browser has too many chat pages open, and connects once one is closed', async () => {
    const { context, page } = await openAs(/郭桂兰/);
    await page.screenshot({ path: join(artifacts, 'web-chat-limits.png') });
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    // The page goes; other pages of the same browser take all its sockets; the page comes back.
    await page.goto('about:blank');
    const others: WebPage[] = [];
    for (let i = 0; i < webBudgets.socketsPerSession; i++) {
      const other = await waitFor(async () => {
        const p = await new WebPage(h.url, cookie, 'me').open();
        return p.hello() ? p : null;
      }, 'a socket of the same browser');
      others.push(other);
    }
    await page.goto(`${h.url}/chat`);
    await page.locator('#notice', { hasText: '聊天页面太多了' }).waitFor(wait);
    await page.screenshot({ path: join(artifacts, 'web-chat-too-many-pages.png') });
    others[0]!.close();
    await waitFor(() => others[0]!.closeCode !== null, 'a page to close');
    // The page's next try gets the free slot.
    await page.waitForFunction(() => document.getElementById('status')?.textContent === '', undefined, {
      timeout: 45_000,
    });
    await say(page, '帮助');
    await bot(page, /我的任务/).waitFor(wait);
    for (const p of others) p.close();
    await context.close();
  }, 90_000);
});

describe('pages under the security headers', () => {
  it('renders the API docs (swagger-ui) and the chat page in Chromium with no CSP violation', async () => {
    // The docs list every admin route: only the admin (the token, as an API client sends it) reads them.
    const context = await browser.newContext({
      viewport: { width: 1024, height: 900 },
      locale: 'zh-CN',
      extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const docs = await page.goto(`${h.url}/docs`);
    expect(docs?.status()).toBe(200);
    await page.locator('.swagger-ui .info .title', { hasText: 'Linli' }).waitFor(wait);
    await page.locator('.opblock-summary-path', { hasText: '/api/v1/requests' }).first().waitFor(wait);
    await page.screenshot({ path: join(artifacts, 'api-docs.png') });
    const chat = await page.goto(`${h.url}/chat`);
    expect(chat?.headers()['x-frame-options']).toBe('DENY');
    await page.getByRole('button', { name: /三组1号 住户/ }).waitFor(wait);
    expect(violations).toEqual([]);
    await context.close();
  });
});
