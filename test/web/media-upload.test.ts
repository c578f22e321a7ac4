import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, TelegramUser, waitFor } from '../support/harness.js';
import { jpegBytes, type MediaHarness, startMediaHarness } from '../support/media-harness.js';
import { WebPage } from '../support/web-client.js';

const wait = { timeout: 15_000 };

let browser: Browser;
let h: MediaHarness;
let leader: TelegramUser;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startMediaHarness({ web: true, demo: true });
  leader = new TelegramUser(h, 6003, '吴组长');
  await leader.say('/start 700303');
  await leader.expect(/绑定成功/);
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const bot = (page: Page, text: string | RegExp) => page.locator('.msg.bot', { hasText: text }).last();

/** Width and height from a JPEG's start-of-frame marker. */
function jpegSize(b: Buffer): { width: number; height: number } | null {
  for (let i = 2; i + 9 < b.length;) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xc2) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + b.readUInt16BE(i + 2);
  }
  return null;
}

describe('photos from the web chat', () => {
  it('a resident sends a photo from the page (shrunk in the browser); the leader on Telegram receives it with the task card', async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${h.url}/chat`);
    await page.getByRole('button', { name: /三组1号 住户/ }).click(wait);
    await bot(page, /绑定成功/).waitFor(wait);

    // A large photo as a phone takes it: 3000×2000 pixels, drawn by the browser itself.
    const png = Buffer.from(
      await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 3000;
        c.height = 2000;
        const g = c.getContext('2d')!;
        g.fillStyle = '#b08850';
        g.fillRect(0, 0, 3000, 2000);
        g.strokeStyle = '#222';
        g.lineWidth = 12;
        g.beginPath();
        g.moveTo(300, 200);
        g.lineTo(1600, 1200);
        g.lineTo(2700, 1900);
        g.stroke();
        return c.toDataURL('image/png').split(',')[1]!;
      }),
      'base64',
    );

    const l0 = leader.inbox().length;
    await page.locator('#text').fill('院墙裂了，快倒了');
    await page.locator('#photo').setInputFiles({ name: 'wall.png', mimeType: 'image/png', buffer: png });
    await page.locator('.msg.me img.media').waitFor(wait);
    let receipt = await bot(page, /已收到，编号 #\d+|在哪|哪里|位置/).textContent(wait);
    if (!/已收到/.test(receipt ?? '')) {
      await page.locator('#text').fill('俺家东边的院墙');
      await page.getByRole('button', { name: /发送/ }).click();
      receipt = await bot(page, /已收到，编号 #\d+/).textContent(wait);
    }
    const ref = Number(/#(\d+)/.exec(receipt ?? '')![1]);

    const card = await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(card.text).toContain('院墙裂了');
    // From another platform the photo is uploaded: the browser's JPEG, at most 1600 pixels wide.
    const sent = await waitFor(
      () => h.telegram.mediaTo(leader.id).find((m) => m.method === 'sendPhoto' && m.upload),
      'the photo upload to Telegram',
    );
    const size = jpegSize(sent.upload!);
    expect(size).toEqual({ width: 1600, height: 1067 });

    const got = await adminApi<{ attachments: { kind: string; mime: string; state: string; download: string }[] }>(
      h,
      'GET',
      `/api/v1/requests/${ref}`,
    );
    expect(got.body.attachments).toMatchObject([{ kind: 'photo', mime: 'image/jpeg', state: 'stored' }]);
    const file = await fetch(`${h.url}${got.body.attachments[0]!.download}`, {
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    expect(Buffer.from(await file.arrayBuffer()).equals(sent.upload!)).toBe(true);
    await context.close();
  });

  it('a file that is not a picture is refused on the page, and nothing is sent', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${h.url}/chat`);
    await page.getByRole('button', { name: /三组2号 住户/ }).click(wait);
    await bot(page, /绑定成功/).waitFor(wait);
    const mine = await page.locator('.msg.me').count();
    await page
      .locator('#photo')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo at all') });
    await page.locator('#notice', { hasText: '不是照片' }).waitFor(wait);
    expect(await page.locator('.msg.me').count()).toBe(mine);
    await context.close();
  });

  it('a caption longer than a message may be is refused before the photo is uploaded, and stays in the box', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/chat/upload')) uploads.push(r.url());
    });
    await page.goto(`${h.url}/chat`);
    await page.getByRole('button', { name: /三组2号 住户/ }).click(wait);
    await bot(page, /绑定成功/).waitFor(wait);
    const mine = await page.locator('.msg.me').count();
    const caption = '院墙'.repeat(5000);
    await page.locator('#text').fill(caption);
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    );
    await page.locator('#photo').setInputFiles({ name: 'wall.png', mimeType: 'image/png', buffer: png });
    await page.locator('#notice', { hasText: '消息太长了' }).waitFor(wait);
    expect(await page.locator('.msg.me').count()).toBe(mine);
    expect(await page.locator('#text').inputValue()).toBe(caption);
    expect(uploads).toEqual([]);
    await context.close();
  });
});

describe('the upload route', () => {
  async function session(): Promise<string> {
    const res = await fetch(`${h.url}/chat`);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }
  const post = (cookie: string | null, body: unknown) =>
    fetch(`${h.url}/chat/upload`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });

  it('answers 4xx naming the problem, never 500: no session, not bound, not an image, too large, malformed', async () => {
    const cookie = await session();
    const jpeg = jpegBytes(1000);
    expect((await post(null, { mime: 'image/jpeg', data: jpeg.toString('base64') })).status).toBe(401);
    expect((await post(cookie, { mime: 'image/jpeg', data: jpeg.toString('base64') })).status).toBe(403);
    const page = await new WebPage(h.url, cookie).open();
    page.send('绑定 251551');
    await page.expect(/绑定成功/);
    page.close();

    const script = await post(cookie, {
      mime: 'image/jpeg',
      data: Buffer.from('<script>alert(1)</script>').toString('base64'),
    });
    expect(script.status).toBe(415);
    expect(((await script.json()) as { error: { code: string } }).error.code).toBe('media.unsupported');

    const big = await post(cookie, { mime: 'image/jpeg', data: Buffer.alloc(3 * 1024 * 1024, 7).toString('base64') });
    expect(big.status).toBe(413);

    const bad = await post(cookie, { mime: 42 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/mime|data/);

    const ok = await post(cookie, { mime: 'image/jpeg', data: jpeg.toString('base64') });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ key: expect.stringMatching(/^[0-9a-f]{64}\.jpg$/), mime: 'image/jpeg' });
  });

  it('a photo is shown only to the page it was sent to', async () => {
    const cookie = await session();
    const res = await fetch(`${h.url}/chat/media?key=${'a'.repeat(64)}.jpg&sig=${'b'.repeat(43)}&slot=me`, {
      headers: { cookie },
    });
    expect(res.status).toBe(404);
    expect((await fetch(`${h.url}/chat/media?key=x`)).status).toBe(401);
  });
});

describe('a leader on the web chat', () => {
  let h2: MediaHarness;
  beforeAll(async () => {
    h2 = await startMediaHarness({ web: true, demo: true });
  });
  afterAll(async () => {
    await h2?.close();
  });

  it('sees the photo a resident sent on Telegram with the task card', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${h2.url}/chat#l-03`);
    await page.getByRole('button', { name: /吴永红/ }).click(wait);
    await bot(page, /绑定成功/).waitFor(wait);

    const resident = new TelegramUser(h2, 5501, '杨志强');
    await resident.say('/start 483920');
    await resident.expect(/绑定成功/);
    const photo = Buffer.from(
      await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 64;
        c.height = 48;
        c.getContext('2d')!.fillRect(0, 0, 64, 48);
        return c.toDataURL('image/png').split(',')[1]!;
      }),
      'base64',
    );
    const fileId = h2.telegram.addFile(photo, 'image/png', 'png');
    const update = resident.messageUpdate('');
    const message = update.message as Record<string, unknown>;
    delete message.text;
    message.photo = [{ file_id: fileId, file_unique_id: 'p', width: 64, height: 48, file_size: photo.length }];
    message.caption = '俺家门口的下水道堵了，污水漫到路上';
    await resident.sendUpdate(update);
    const ref = Number(/#(\d+)/.exec((await resident.expect(/已收到，编号 #\d+/)).text)![1]);

    const card = bot(page, `新诉求 #${ref}`);
    await card.waitFor(wait);
    const img = card.locator('img.media');
    await img.waitFor(wait);
    // Loaded for real: the browser decoded the stored bytes at the signed address.
    await waitFor(
      async () => (await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)) === 64,
      'the photo to load',
    );
    // The address is this page's own: another browser (another session) gets nothing from it.
    const src = await img.getAttribute('src');
    const other = await fetch(`${h2.url}${src}`, {
      headers: { cookie: (await fetch(`${h2.url}/chat`)).headers.get('set-cookie')!.split(';')[0]! },
    });
    expect(other.status).toBe(404);
    await context.close();
  });
});
