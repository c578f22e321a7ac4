import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../bots/telegram/index.js';
import { createWebChannel } from '../../bots/web/index.js';
import { buildApp } from '../../src/app.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import type { Database } from '../../src/data/database.js';
import { ensureDemoVillage } from '../../src/roster/demo.js';
import { importRoster } from '../../src/roster/roster.import.js';
import { otherVillages } from '../desk/desk-support.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import {
  ADMIN_TOKEN,
  adminApi,
  daytimeClock,
  type Harness,
  settle,
  TelegramUser,
  WEBHOOK_SECRET,
} from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';
import { webSession, WebPage } from '../support/web-client.js';
import { SESSION_SECRET } from '../support/web-harness.js';

/**
 * Issue 20, finding 1: the demo is a sandbox, never a village. The same database is served first in demo
 * mode (as `npm run demo` does), then as a production service would (no demo mode): the demo village's
 * public codes bind nobody any more, its members' desk sessions and logins are refused, and
 * `demo remove` deletes it and everything of it while the real village carries on.
 */

const clock = daytimeClock();
const DESK_SECRET = 'desk-secret-for-the-demo-sandbox-test-0123456789';
let database: Database;
let telegram: FakeTelegram;
let app: FastifyInstance;
const h = {} as Harness;

async function serve(demo: boolean): Promise<void> {
  app = await buildApp({
    database,
    clock,
    classifier: createOfflineClassifier(),
    adminToken: ADMIN_TOKEN,
    pollMs: 25,
    outboxBaseDelayMs: 50,
    demo,
    deskSecret: DESK_SECRET,
    channels: (log) => [
      createTelegramChannel({
        token: telegram.token,
        mode: 'webhook',
        apiRoot: telegram.apiRoot,
        webhookSecret: WEBHOOK_SECRET,
        botUsername: telegram.username,
        clock,
        log,
      }),
      createWebChannel({ clock, log, sessionSecret: SESSION_SECRET }),
    ],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  Object.assign(h, {
    app,
    url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    telegram,
    database,
    clock,
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  telegram = await new FakeTelegram().start();
  // What `npm run demo` does at start, then a real village beside it.
  expect(await ensureDemoVillage(database.db)).toMatchObject({
    kind: 'loaded',
    summary: { village: 'xiaoyingdian', households: 392 },
  });
  expect(await ensureDemoVillage(database.db)).toEqual({ kind: 'present', village: 'xiaoyingdian' });
  await importRoster(database.db, otherVillages()[0]);
  await serve(true);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await telegram?.stop();
  await database?.close();
});

const cards = async () =>
  ((await (await fetch(`${h.url}/chat/cards`)).json()) as { cards: { code: string }[] }).cards.map((c) => c.code);
const form = (o: Record<string, string>) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(o).toString(),
});
const count = async (sql: string) => Number(((await database.executeSql(sql)).rows[0] as { n: unknown }).n);

let deskCookie = '';
let pendingCode = '';

describe('the demo village', () => {
  it('in demo mode: its cards are offered, its secretary code binds in the web chat and logs in at the desk', async () => {
    expect(await cards()).toContain('700001');
    const page = await new WebPage(h.url, await webSession(h.url), 'me').open();
    page.send('绑定 700001');
    await page.expect(/绑定成功/);
    const since = page.bot().length;
    expect((await fetch(`${h.url}/desk/login`, form({ member: 's-01', village: 'xiaoyingdian' }))).status).toBe(200);
    const code = /工作台登录验证码：(\d{6})/.exec((await page.expect(/工作台登录验证码：\d{6}/, since)).text)![1]!;
    const res = await fetch(`${h.url}/desk/login/code`, form({ member: 's-01', village: 'xiaoyingdian', code }));
    expect(res.status).toBe(303);
    deskCookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${h.url}/desk/whoami`, { headers: { cookie: deskCookie } })).status).toBe(200);
    // A second code asked for now, to be typed after the restart.
    const since2 = page.bot().length;
    expect((await fetch(`${h.url}/desk/login`, form({ member: 's-01', village: 'xiaoyingdian' }))).status).toBe(200);
    pendingCode = /工作台登录验证码：(\d{6})/.exec((await page.expect(/工作台登录验证码：\d{6}/, since2)).text)![1]!;
    // Some life in the demo, for `demo remove` to clear: a resident on Telegram reports, the leader is bound.
    const resident = new TelegramUser(h, 7301, '演示住户');
    await resident.say('/start 483920');
    await resident.expect(/绑定成功/);
    await new TelegramUser(h, 7302, '演示组长').say('/start 700303');
    await resident.say('俺家壁挂炉坏了，不出热水');
    await resident.expect(/已收到，编号 #\d+/);
    page.close();
    await settle(h);
  });

  it('restarted without demo mode: no card is offered, 绑定 <demo code> is refused politely, the desk refuses the demo secretary', async () => {
    await app.close();
    await serve(false);
    expect(await cards()).toEqual([]);

    const page = await new WebPage(h.url, await webSession(h.url), 'me').open();
    page.send('绑定 700102');
    await page.expect(/这是演示村的绑定码，本服务现在没有开启演示，不能用它绑定/);
    page.close();
    const again = await new WebPage(h.url, page.cookie, 'me').open();
    expect(again.hello()).toMatchObject({ bound: false });
    again.close();
    // Telegram too: the channel does not matter.
    const stranger = new TelegramUser(h, 7303, '陌生人');
    await stranger.say('/start 700001');
    await stranger.expect(/演示村的绑定码/);

    // The session opened in demo mode is no longer anyone's; a new login is not sent.
    expect((await fetch(`${h.url}/desk/whoami`, { headers: { cookie: deskCookie } })).status).toBe(401);
    const codesBefore = await count(`select count(*) as n from desk_login_codes`);
    const login = await fetch(`${h.url}/desk/login`, form({ member: 's-01', village: 'xiaoyingdian' }));
    expect(login.status).toBeLessThan(500);
    expect(await count(`select count(*) as n from desk_login_codes`)).toBe(codesBefore);
    // Even the right code, sent in demo mode, no longer opens a session.
    const late = await fetch(
      `${h.url}/desk/login/code`,
      form({ member: 's-01', village: 'xiaoyingdian', code: pendingCode }),
    );
    expect(late.headers.get('set-cookie')).toBeNull();
    expect(await count(`select count(*) as n from desk_sessions where member_id is not null`)).toBe(1);

    // The real village is served as ever.
    const real = new TelegramUser(h, 7304, '北关书记');
    await real.say('/start 810001');
    await real.expect(/绑定成功！.*北关村/s);
  });

  it('`demo remove` deletes the demo village and everything of it; the real village stays', async () => {
    expect(await count(`select count(*) as n from requests`)).toBeGreaterThan(0);
    const removed = await adminApi<{
      removed: { village: string; households: number; members: number; accounts: number; requests: number }[];
    }>(h, 'POST', '/api/v1/demo/remove');
    expect(removed.status).toBe(200);
    expect(removed.body.removed).toEqual([
      { village: 'xiaoyingdian', households: 392, members: 21, accounts: 3, requests: 1 },
    ]);
    expect((await adminApi(h, 'GET', '/api/v1/villages/xiaoyingdian/cards')).status).toBe(404);
    expect((await adminApi(h, 'GET', '/api/v1/villages/beiguan/cards')).status).toBe(200);
    expect(await count(`select count(*) as n from villages`)).toBe(1);
    expect(await count(`select count(*) as n from requests`)).toBe(0);
    expect(await count(`select count(*) as n from identities`)).toBe(1);
    expect(await count(`select count(*) as n from desk_sessions where member_id is not null`)).toBe(0);
    // Its codes are nobody's now: a plain wrong code, counted as one.
    const late = new TelegramUser(h, 7305, '迟到的人');
    await late.say('/start 700001');
    await late.expect(/绑定码不对/);
    // Removing again changes nothing.
    expect((await adminApi(h, 'POST', '/api/v1/demo/remove')).body).toEqual({ removed: [] });
  });
});
