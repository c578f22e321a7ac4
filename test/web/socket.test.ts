import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxTally, receivedFrom } from '../../src/data/channels.repository.js';
import { demoRoster, settle, TelegramUser, waitFor } from '../support/harness.js';
import { webSession, webUserIdOf, WebPage } from '../support/web-client.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

let h: ChannelHarness;
let cookie: string;
let leader: TelegramUser;
let ref = 0;
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

beforeAll(async () => {
  h = await startChannelHarness({ web: true, demo: true });
  cookie = await webSession(h.url);
  leader = new TelegramUser(h, 6003, '吴组长');
  await leader.say('/start 700303');
  await leader.expect(/绑定成功/);
});
afterAll(async () => {
  await h?.close();
});

describe('web chat over its WebSocket', () => {
  it('binds with the code, reports, and hears the Telegram leader accept, live', async () => {
    const page = await new WebPage(h.url, cookie, 'h-0301').open();
    expect(page.hello()).toMatchObject({ bound: false });
    page.send('绑定 483920');
    await page.expect(/绑定成功.*三组1号/s);
    page.send('俺家壁挂炉坏了，不出热水');
    ref = refIn((await page.expect(/已收到，编号 #\d+/)).text);
    await leader.expect(new RegExp(`新诉求 #${ref}`));
    await leader.press(`acc:${ref}`);
    await page.expect(new RegExp(`#${ref} 已由吴永红接单`));
    page.close();
  });

  it('keeps what arrives while the page is closed and delivers it once when it opens again', async () => {
    const first = await new WebPage(h.url, cookie, 'h-0301').open();
    expect(first.hello()).toMatchObject({ bound: true, who: '小营店村 · 三组1号' });
    const lastId = Math.max(...first.bot().map((m) => m.id));
    first.close();
    await leader.say(`办结 #${ref} 换了新的点火器`);
    await settle(h);
    // Sent means "in the mailbox": nothing is left queued or failed for the closed page.
    const tally = await outboxTally(h.database.db, 'web');
    expect(tally).toMatchObject({ queued: 0, failed: 0 });
    expect(tally.sent).toBeGreaterThan(0);

    const again = await new WebPage(h.url, cookie, 'h-0301').open(lastId);
    const ask = await again.expect(new RegExp(`#${ref} 已由吴永红办结`));
    expect(ask.buttons?.flat().map((b) => b.data)).toEqual([`rate:${ref}:1`, `rate:${ref}:2`, `rate:${ref}:3`]);
    expect(again.bot().every((m) => m.id > lastId)).toBe(true);
    again.press(`rate:${ref}:1`);
    await again.expect(new RegExp(`#${ref} 已完结`));
    expect(new Set(again.bot().map((m) => m.id)).size).toBe(again.bot().length);
    again.close();

    // A fresh page shows the whole conversation, both sides, in order.
    const fresh = await new WebPage(h.url, cookie, 'h-0301').open();
    const history = fresh.received.find((m) => m.type === 'history');
    const lines = history?.type === 'history' ? history.items.map((i) => `${i.kind}: ${i.text.split('\n')[0]}`) : [];
    expect(lines[0]).toBe('me: 绑定 483920');
    expect(lines[1]).toMatch(/^bot: 绑定成功/);
    expect(lines).toContain('me: 1 满意');
    expect(lines.at(-1)).toMatch(new RegExp(`^bot: .*#${ref} 已完结`));
    fresh.close();
  });

  it('stores a message sent twice (a resend after a reconnect) once, and acknowledges both', async () => {
    const page = await new WebPage(h.url, cookie, 'h-0301').open();
    page.send('我的诉求', 'same-id-1');
    page.send('我的诉求', 'same-id-1');
    await waitFor(
      () => page.received.filter((m) => m.type === 'ack' && m.id === 'same-id-1').length === 2,
      'both acks',
    );
    await settle(h);
    const rows = (await receivedFrom(h.database.db, 'web', webUserIdOf(cookie, 'h-0301'), 1000)).filter((r) =>
      r.messageId.endsWith(':same-id-1'),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.processedAt).not.toBeNull();
    page.close();
  });

  it('gives each card in one browser its own identity', async () => {
    // The deputy's card: the leader's is bound on Telegram already, and a second account for it waits for confirmation.
    const leaderPage = await new WebPage(h.url, cookie, 'd-03').open();
    expect(leaderPage.hello()).toMatchObject({ bound: false });
    leaderPage.send('绑定 700403');
    await leaderPage.expect(/绑定成功！郭桂兰/);
    leaderPage.send('我的任务');
    await leaderPage.expect(/待办|没有待办/);
    leaderPage.close();
  });

  it('refuses a socket without a valid session cookie', async () => {
    expect((await new WebPage(h.url, null).open()).closeCode).toBe(4401);
    expect((await new WebPage(h.url, 'linli_web=forged.signature').open()).closeCode).toBe(4401);
    // A valid session signed with another secret is forged too.
    const [id, sig] = decodeURIComponent(cookie.slice('linli_web='.length)).split('.');
    expect((await new WebPage(h.url, `linli_web=${encodeURIComponent(`${id}x.${sig}`)}`).open()).closeCode).toBe(4401);
  });

  it('hands out a signed session cookie for the chat path only, and a new one for a tampered cookie', async () => {
    const fresh = await fetch(`${h.url}/chat`);
    expect(fresh.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(fresh.headers.get('cache-control')).toBe('no-cache');
    const set = fresh.headers.get('set-cookie') ?? '';
    expect(set).toMatch(/^linli_web=[^;]+\.[^;]+; /);
    expect(set.split('; ').slice(1).sort()).toEqual(['HttpOnly', 'Max-Age=31536000', 'Path=/chat', 'SameSite=Lax']);
    // A page load with a valid session keeps it; a tampered one is replaced.
    expect((await fetch(`${h.url}/chat`, { headers: { cookie } })).headers.get('set-cookie')).toBeNull();
    const tampered = await fetch(`${h.url}/chat`, { headers: { cookie: 'linli_web=forged.signature' } });
    expect(tampered.headers.get('set-cookie')).toMatch(/^linli_web=/);
    expect((await fetch(`${h.url}/chat/app.js`)).headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('offers demo cards only for codes of the demo village as published', async () => {
    const cards = async () =>
      ((await (await fetch(`${h.url}/chat/cards`)).json()) as { cards: { slot: string; code: string }[] }).cards;
    expect((await cards()).map((c) => c.code)).toEqual(['483920', '251551', '700303', '700403', '700001', '700101']);
    // The village gives household h-0302 a new code through the roster API, as an operator would.
    const roster = demoRoster();
    const household = roster.households.find((x: { code: string }) => x.code === 'h-0302');
    household.bindCode = '918273';
    expect((await h.api('/api/v1/roster', roster)).status).toBe(200);
    const changed = await cards();
    expect(changed.map((c) => c.slot)).not.toContain('h-0302');
    expect(changed.map((c) => c.code)).not.toContain('918273');
    expect(changed.map((c) => c.code)).toEqual(['483920', '700303', '700403', '700001', '700101']);
    expect((await h.api('/api/v1/roster', demoRoster())).status).toBe(200);
    expect((await cards()).map((c) => c.slot)).toContain('h-0302');
  });

  it('reports the web channel in the channel health list', async () => {
    await settle(h);
    const { status, body } = await h.api('/api/v1/channels');
    expect(status).toBe(200);
    const web = body.channels.find((c: { platform: string }) => c.platform === 'web');
    expect(web).toMatchObject({ state: 'running', backlog: 0 });
    expect(Date.parse(web.lastInboundAt)).toBeGreaterThan(0);
    expect(Date.parse(web.lastOutboundAt)).toBeGreaterThan(0);
    expect(body.channels.map((c: { platform: string }) => c.platform)).toEqual(['telegram', 'web']);
    expect((await fetch(`${h.url}/api/v1/channels`)).status).toBe(401);
  });
});
