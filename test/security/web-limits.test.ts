import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE, MAX_TEXT, webBudgets } from '../../bots/web/web.limits.js';
import { receivedFrom } from '../../src/data/channels.repository.js';
import { waitFor } from '../support/harness.js';
import { webSession, webUserIdOf, WebPage } from '../support/web-client.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

let h: ChannelHarness;
beforeAll(async () => {
  // Trusting the proxy lets each test be a client address of its own.
  h = await startChannelHarness({ web: true, http: { trustProxy: true } });
});
afterAll(async () => {
  await h?.close();
});

let nextClient = 10;
const newClient = () => `198.51.100.${nextClient++}`;
const closed = (page: WebPage) => waitFor(() => page.closeCode !== null, 'the socket to close');

describe('open sockets', () => {
  it('takes at most 10 sockets per browser session, refusing the next with a code the page knows, and frees a slot on close', async () => {
    const cookie = await webSession(h.url);
    const client = newClient();
    const pages = [];
    for (let i = 0; i < webBudgets.socketsPerSession; i++) {
      const page = await new WebPage(h.url, cookie, 'me', { forwardedFor: client }).open();
      expect(page.hello(), `socket ${i + 1}`).toBeDefined();
      pages.push(page);
    }
    const over = await new WebPage(h.url, cookie, 'me', { forwardedFor: client }).open();
    expect(over.closeCode).toBe(CLOSE.tooManySockets);
    expect(over.hello()).toBeUndefined();
    // Another browser at the same address is not held back by this one.
    expect(
      (await new WebPage(h.url, await webSession(h.url), 'me', { forwardedFor: client }).open()).hello(),
    ).toBeDefined();

    pages[0]!.close();
    await closed(pages[0]!);
    const again = await new WebPage(h.url, cookie, 'me', { forwardedFor: client }).open();
    expect(again.hello()).toBeDefined();
    for (const p of [...pages, again]) p.close();
  });

  it('takes at most 50 sockets per client address', async () => {
    const client = newClient();
    const pages: WebPage[] = [];
    for (let s = 0; s < webBudgets.socketsPerAddress / 5; s++) {
      const cookie = await webSession(h.url);
      for (let i = 0; i < 5; i++) pages.push(await new WebPage(h.url, cookie, 'me', { forwardedFor: client }).open());
    }
    expect(pages.every((p) => p.hello())).toBe(true);
    const over = await new WebPage(h.url, await webSession(h.url), 'me', { forwardedFor: client }).open();
    expect(over.closeCode).toBe(CLOSE.tooManySockets);
    expect(
      (await new WebPage(h.url, await webSession(h.url), 'me', { forwardedFor: newClient() }).open()).hello(),
    ).toBeDefined();
    for (const p of pages) p.close();
  });
});

describe('messages', () => {
  it("counts one identity's messages over all its sockets, refusing the extra ones by id", async () => {
    const cookie = await webSession(h.url);
    const client = newClient();
    const a = await new WebPage(h.url, cookie, 'me', { forwardedFor: client }).open();
    const b = await new WebPage(h.url, cookie, 'me', { forwardedFor: client }).open();
    const sent: string[] = [];
    for (let i = 0; i < 15; i++) {
      sent.push(a.send('帮助', `burst-a${i}`));
      sent.push(b.send('帮助', `burst-b${i}`));
    }
    const answered = () => a.acks().length + b.acks().length + a.errors().length + b.errors().length;
    await waitFor(() => answered() === sent.length, 'an answer to every message');
    const refused = [...a.errors(), ...b.errors()];
    expect(a.acks().length + b.acks().length).toBe(webBudgets.messages.max);
    expect(refused).toHaveLength(sent.length - webBudgets.messages.max);
    expect(refused.every((e) => e.code === 'slow_down' && e.id && sent.includes(e.id))).toBe(true);
    // What was refused was not stored.
    const stored = (await receivedFrom(h.database.db, 'web', webUserIdOf(cookie), 1000)).map((r) =>
      r.messageId.split(':').at(-1),
    );
    for (const e of refused) expect(stored).not.toContain(e.id);
    // Another card of the same browser shares the browser's budget; another browser at the address has its own.
    const other = await new WebPage(h.url, cookie, 'h-0302', { forwardedFor: client }).open();
    other.send('帮助', 'other-card-1');
    await waitFor(() => other.errors().some((e) => e.id === 'other-card-1'), 'the other card to be refused');
    const neighbour = await new WebPage(h.url, await webSession(h.url), 'me', { forwardedFor: client }).open();
    neighbour.send('帮助', 'neighbour-1');
    await waitFor(() => neighbour.acks().includes('neighbour-1'), 'the other browser to be heard');
    for (const p of [a, b, other, neighbour]) p.close();
  });

  it("new cookies and cards from one address get no more than the address's budget; what was taken is stored", async () => {
    const client = newClient();
    const pages: WebPage[] = [];
    for (let c = 0; c < 10; c++) {
      const cookie = await webSession(h.url);
      for (const slot of ['me', `card${c}`])
        pages.push(await new WebPage(h.url, cookie, slot, { forwardedFor: client }).open());
    }
    const perPage = 10;
    pages.forEach((p, i) => {
      for (let k = 0; k < perPage; k++) p.send('帮助', `flood-${i}-${k}`);
    });
    const answered = () => pages.reduce((n, p) => n + p.acks().length + p.errors().length, 0);
    await waitFor(() => answered() === pages.length * perPage, 'an answer to every message', 30_000);
    const acked = pages.reduce((n, p) => n + p.acks().length, 0);
    const refused = pages.flatMap((p) => p.errors());
    // 200 sent, each browser within its own budget of 20: only the address's budget holds them back.
    expect(acked).toBeLessThanOrEqual(webBudgets.messagesPerAddress.max);
    expect(acked).toBeGreaterThan(0);
    expect(refused.length).toBe(pages.length * perPage - acked);
    expect(refused.every((e) => e.code === 'slow_down')).toBe(true);
    // Everything acknowledged was stored, nothing refused was.
    let stored = 0;
    for (const p of pages) {
      const ids = (await receivedFrom(h.database.db, 'web', webUserIdOf(p.cookie!, p.slot), 1000)).map((r) =>
        r.messageId.split(':').at(-1),
      );
      stored += ids.length;
      for (const id of p.acks()) expect(ids).toContain(id);
    }
    expect(stored).toBe(acked);
    // Another address is not held back.
    const elsewhere = await new WebPage(h.url, await webSession(h.url), 'me', { forwardedFor: newClient() }).open();
    elsewhere.send('帮助', 'elsewhere-1');
    await waitFor(() => elsewhere.acks().includes('elsewhere-1'), 'another address to be heard');
    for (const p of [...pages, elsewhere]) p.close();
  });

  it('refuses a text over the limit and a malformed message by id, and closes a socket sent more than 64 KB (1009)', async () => {
    const cookie = await webSession(h.url);
    const client = newClient();
    const page = await new WebPage(h.url, cookie, 'me', { forwardedFor: client }).open();
    expect(page.hello()?.maxText).toBe(MAX_TEXT);
    page.send('长'.repeat(MAX_TEXT + 1), 'too-long-1');
    page.sendRaw(JSON.stringify({ type: 'text', id: 'no-text-1' }));
    page.sendRaw('not json');
    await waitFor(() => page.errors().length === 3, 'three refusals');
    expect(page.errors()).toEqual([
      { type: 'error', code: 'too_long', id: 'too-long-1' },
      { type: 'error', code: 'bad_message', id: 'no-text-1' },
      { type: 'error', code: 'bad_message' },
    ]);
    // The limit itself is fine.
    page.send(`${'长'.repeat(MAX_TEXT - 1)}。`, 'at-limit-1');
    await waitFor(() => page.acks().includes('at-limit-1'), 'the text at the limit to be stored');

    page.sendRaw(JSON.stringify({ type: 'text', id: 'huge-1', text: 'x'.repeat(70 * 1024) }));
    await closed(page);
    expect(page.closeCode).toBe(1009);
  });
});
