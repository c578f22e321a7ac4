import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../bots/telegram/index.js';
import { TELEGRAM_WEBHOOK_PATH } from '../../bots/telegram/telegram.webhook.js';
import { buildApp } from '../../src/app.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import { bound, deskGet, loginCookie, report } from '../desk/desk-support.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { ADMIN_TOKEN, daytimeClock, type Harness, TelegramUser, WEBHOOK_SECRET } from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';

const KEY = 'county-platform-key-0123456789';
let h: Harness;
let leader: TelegramUser;
const clock = daytimeClock();
beforeAll(async () => {
  const database = await createTestDatabase({ roster: 'demo' });
  const telegram = await new FakeTelegram().start();
  const app = await buildApp({
    database,
    clock,
    classifier: createOfflineClassifier(),
    adminToken: ADMIN_TOKEN,
    pollMs: 25,
    outboxBaseDelayMs: 50,
    open311: { apiKeys: [{ name: 'county', key: KEY }] },
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
    ],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  h = {
    app,
    telegram,
    database,
    clock,
    url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    restart: async () => {},
    close: async () => {
      await app.close();
      await telegram.stop();
      await database.close();
    },
  };
  leader = await bound(h, 7403, '吴组长', '700303');
});
afterAll(async () => {
  await h?.close();
});

let updateId = 90_000;
/** Telegram's location message (GPS, WGS-84), or a venue picked from the map with its title and address. */
function locationUpdate(
  u: TelegramUser,
  latitude: number,
  longitude: number,
  venue?: { title: string; address: string },
) {
  const location = { latitude, longitude };
  return {
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      from: { id: u.id, is_bot: false, first_name: u.firstName },
      chat: { id: u.id, type: 'private' },
      location,
      ...(venue ? { venue: { location, ...venue } } : {}),
    },
  };
}
const amapOf = (text: string) =>
  new URL(/https:\/\/uri\.amap\.com\/marker\?[^\s"<]+/.exec(text)![0].replace(/&amp;/g, '&'));

describe('locations shared on Telegram', () => {
  it("a location after a report: the request's place, with a GPS map link for the leader, the desk page and Open311", async () => {
    const resident = await bound(h, 5401, '杨志强', '483920');
    const ref = await report(resident, '俺家门前的下水道堵了，污水漫到路上');
    const l0 = leader.inbox().length;
    const i0 = resident.inbox().length;
    const res = await fetch(`${h.url}${TELEGRAM_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body: JSON.stringify(locationUpdate(resident, 36.348812, 114.37921)),
    });
    expect(res.status).toBe(200);
    await resident.expect(new RegExp(`位置已记到诉求 #${ref}：地图上的点`), i0);
    const told = await leader.expect(new RegExp(`#${ref} 居民发来了位置`), l0);
    const link = amapOf(told.text);
    expect(link.searchParams.get('position')).toBe('114.37921,36.348812');
    // Telegram's point is GPS: the map app is told so, and shifts it onto its own (GCJ-02) map.
    expect(link.searchParams.get('coordinate')).toBe('wgs84');

    const secretary = await bound(h, 7401, '韩书记', '700001');
    const cookie = await loginCookie(h, secretary, 's-01', 'xiaoyingdian');
    const page = await deskGet(h, cookie, `/desk/requests/${ref}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      /<dd data-field="place">36\.34881, 114\.37921 · <a href="https:\/\/uri\.amap\.com\/marker\?/,
    );
    expect(amapOf(page.text).searchParams.get('position')).toBe('114.37921,36.348812');

    const open311 = (await (await fetch(`${h.url}/open311/v2/requests/${ref}.json?api_key=${KEY}`)).json()) as {
      lat: number;
      long: number;
    }[];
    expect(open311[0]).toMatchObject({ lat: 36.348812, long: 114.37921 });
  });

  it('a venue with nothing talked about: asked what happened there, and the report takes the place along', async () => {
    const resident = await bound(h, 5402, '王志强', '251551');
    const i0 = resident.inbox().length;
    await resident.sendUpdate(
      locationUpdate(resident, 36.3501, 114.3802, { title: '小营店村文化广场', address: '磁县小营店村' }),
    );
    await resident.expect(/收到位置：小营店村文化广场，磁县小营店村。\n那里出了什么事/, i0);
    const ref = await report(resident, '广场的健身器材断了一根杠子');
    const view = resident
      .inbox()
      .slice(i0)
      .find((m) => m.text.includes(`#${ref}`))!.text;
    expect(view).toContain('位置：小营店村文化广场，磁县小营店村');
    expect(amapOf(view).searchParams.get('coordinate')).toBe('wgs84');
    // Open311 gives the GPS point as it was shared (WGS-84 needs no shift).
    const open311 = (await (await fetch(`${h.url}/open311/v2/requests/${ref}.json?api_key=${KEY}`)).json()) as {
      lat: number;
      long: number;
      address: string;
    }[];
    expect(open311[0]).toMatchObject({ lat: 36.3501, long: 114.3802 });
  });

  it("a group leader's location is not taken for a request: they are told how places are added", async () => {
    const l0 = leader.inbox().length;
    await leader.sendUpdate(locationUpdate(leader, 36.35, 114.38));
    await leader.expect(/位置收到了。要给某件诉求记位置/, l0);
  });
});
