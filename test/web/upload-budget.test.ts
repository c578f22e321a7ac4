import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultUploadPolicy } from '../../src/domain/media.js';
import { settle, TelegramUser, waitFor } from '../support/harness.js';
import { jpegBytes, type MediaHarness, pngBytes, startMediaHarness } from '../support/media-harness.js';
import { WebPage, webSession } from '../support/web-client.js';

const MINUTE = 60_000;

interface Uploaded {
  key: string;
  sig: string;
}
interface Refusal {
  error: { code: string; message: string };
}

async function upload(
  h: MediaHarness,
  cookie: string | null,
  bytes: Buffer,
): Promise<{ status: number; body: Uploaded & Refusal }> {
  const res = await fetch(`${h.url}/chat/upload?slot=me`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ mime: 'image/jpeg', data: bytes.toString('base64') }),
  });
  return { status: res.status, body: (await res.json()) as Uploaded & Refusal };
}

/** A browser session bound to a household of group 3 through the web chat itself. */
async function boundPage(h: MediaHarness, code: string): Promise<WebPage> {
  const page = await new WebPage(h.url, await webSession(h.url)).open();
  page.send(`绑定 ${code}`);
  await page.expect(/绑定成功/);
  return page;
}

const media = async (h: MediaHarness, cookie: string, u: Uploaded) =>
  (
    await fetch(`${h.url}/chat/media?${new URLSearchParams({ key: u.key, sig: u.sig, slot: 'me' })}`, {
      headers: { cookie },
    })
  ).status;

describe('who may upload, and what stays', () => {
  let h: MediaHarness;
  let leader: TelegramUser;
  beforeAll(async () => {
    h = await startMediaHarness({ web: true });
    leader = new TelegramUser(h, 6003, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a page that has not bound is refused with a word on what to do, and nothing is kept', async () => {
    const cookie = await webSession(h.url);
    const before = h.media.size();
    const res = await upload(h, cookie, jpegBytes(4000));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('web.not_bound');
    expect(res.body.error.message).toMatch(/bind/);
    expect(h.media.size()).toBe(before);
  });

  it('a bound resident uploads a photo and sends it: it reaches the leader; an upload no message names is removed after its time', async () => {
    const page = await boundPage(h, '483920');
    const sent = jpegBytes(5000, 1200, 900);
    const kept = await upload(h, page.cookie, sent);
    expect(kept.status).toBe(200);
    const loose = await upload(h, page.cookie, jpegBytes(5100, 1200, 900));
    expect(loose.status).toBe(200);

    const l0 = leader.inbox().length;
    page.sendRaw(
      JSON.stringify({
        type: 'photo',
        id: 'p1',
        key: kept.body.key,
        sig: kept.body.sig,
        text: '俺家门口的路灯坏了，晚上看不见',
      }),
    );
    const card = await leader.expect(/新诉求 #\d+/, l0);
    expect(card.text).toContain('路灯坏了');
    const photo = await waitFor(
      () => h.telegram.mediaTo(leader.id).find((m) => m.method === 'sendPhoto' && m.upload),
      'the photo to reach the leader',
    );
    expect(photo.upload!.equals(sent)).toBe(true);
    await settle(h);

    // Before its time both stay; after it, only the one a message named.
    const start = h.clock.now().getTime();
    expect((await h.app.linli.tick(new Date(start + 29 * MINUTE))).uploads).toBe(0);
    expect(await media(h, page.cookie!, loose.body)).toBe(200);
    expect((await h.app.linli.tick(new Date(start + 31 * MINUTE))).uploads).toBe(1);
    expect(await media(h, page.cookie!, loose.body)).toBe(404);
    expect(await media(h, page.cookie!, kept.body)).toBe(200);
    page.close();
  });

  it("a huge image declared in a tiny PNG, and garbage behind a JPEG's first bytes, are refused and not kept", async () => {
    const page = await boundPage(h, '251551');
    const before = h.media.size();
    const bomb = await upload(h, page.cookie, pngBytes(20_000, 20_000));
    expect(bomb.status).toBe(413);
    expect(bomb.body.error.code).toBe('media.too_large');
    expect(bomb.body.error.message).toMatch(/20000×20000/);

    const garbage = Buffer.alloc(4000, 0x41);
    garbage.set([0xff, 0xd8, 0xff, 0xe0]);
    const fake = await upload(h, page.cookie, garbage);
    expect(fake.status).toBe(415);
    expect(fake.body.error.code).toBe('media.unsupported');
    expect(h.media.size()).toBe(before);

    // A photo's own size passes.
    expect((await upload(h, page.cookie, pngBytes(3000, 2000))).status).toBe(200);
    page.close();
  });
});

describe('the upload budgets', () => {
  let h: MediaHarness;
  beforeAll(async () => {
    h = await startMediaHarness({
      web: true,
      media: { uploads: { ...defaultUploadPolicy, identityBytes: 10_000, deploymentBytes: 15_000 } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('one identity, then the whole service, is refused politely once its budget is used; the sweep gives it back', async () => {
    const a = await boundPage(h, '483920');
    expect((await upload(h, a.cookie, jpegBytes(4000))).status).toBe(200);
    expect((await upload(h, a.cookie, jpegBytes(4001))).status).toBe(200);
    const over = await upload(h, a.cookie, jpegBytes(4002));
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('media.budget_exceeded');
    expect(over.body.error.message).toMatch(/this chat's upload budget/);

    // Another resident has their own budget, until the service's is used up too.
    const b = await boundPage(h, '251551');
    expect((await upload(h, b.cookie, jpegBytes(4003))).status).toBe(200);
    const full = await upload(h, b.cookie, jpegBytes(4004));
    expect(full.status).toBe(413);
    expect(full.body.error.message).toMatch(/service's upload budget/);
    expect(h.media.size()).toBe(3);

    // Uploads no message named are removed after their time, and what they took is free again.
    expect((await h.app.linli.tick(new Date(h.clock.now().getTime() + 31 * MINUTE))).uploads).toBe(3);
    expect(h.media.size()).toBe(0);
    expect((await upload(h, a.cookie, jpegBytes(4006))).status).toBe(200);
    a.close();
    b.close();
  });
});
