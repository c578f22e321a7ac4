import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConnectionFault } from '../../src/data/connection-faults.js';
import { adminApi, demoRoster, type Harness, startHarness, TelegramUser, waitFor } from '../support/harness.js';

describe('which unhandled rejections the service survives', () => {
  it('survives the driver and socket connection codes and PostgreSQL classes 08 and 57P, nothing else', () => {
    for (const code of ['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'ECONNRESET', '57P01', '08006']) {
      expect(isConnectionFault(Object.assign(new Error('x'), { code }))).toBe(true);
    }
    for (const err of [
      new TypeError('x'),
      Object.assign(new Error('x'), { code: '23505' }),
      null,
      'text',
      { code: 7 },
    ]) {
      expect(isConnectionFault(err)).toBe(false);
    }
    // Drizzle wraps the driver's error; the wrapped one is a connection fault too.
    expect(
      isConnectionFault(
        Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('x'), { code: '57P01' }) }),
      ),
    ).toBe(true);
  });
});

/**
 * PostgreSQL drops every connection of the service again and again while residents report: the process
 * must live on (an uncaught error in the driver fails this file), answer /healthz again, and give every
 * report exactly one receipt. Telegram's redelivery is played by posting again until the webhook says 200.
 */
describe.skipIf(!process.env.DATABASE_URL)("PostgreSQL dropping the service's connections", () => {
  let h: Harness;
  let admin: postgres.Sql;
  const residents: TelegramUser[] = [];

  beforeAll(async () => {
    h = await startHarness();
    admin = postgres(h.database.url!, { max: 1, onnotice: () => {} });
    const codes = (demoRoster().households as { bindCode: string }[]).slice(0, 10).map((x) => x.bindCode);
    for (const [i, code] of codes.entries()) {
      const u = new TelegramUser(h, 9300 + i);
      await u.say(`/start ${code}`);
      await u.expect(/绑定成功/);
      residents.push(u);
    }
  });
  afterAll(async () => {
    await admin?.end();
    await h?.close();
  });

  const terminate = () => admin`select pg_terminate_backend(pid) from pg_stat_activity
    where datname = current_database() and application_name in ('linli', 'linli-front') and pid <> pg_backend_pid()`;

  /** Posts until the webhook has stored the update (it answers 5xx while it cannot), as Telegram redelivers. */
  const deliver = async (u: TelegramUser, text: string) => {
    const update = u.messageUpdate(text);
    for (let attempt = 0; attempt < 200; attempt++) {
      const res = await u.sendUpdate(update).catch(() => null);
      if (res?.status === 200) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the webhook never took "${text}"`);
  };

  it('keeps running, answers health again and files every report once', async () => {
    const before = (await adminApi<{ total: number }>(h, 'GET', '/api/v1/requests?pageSize=1')).body.total;
    let drops = 0;
    let dropping = true;
    const dropper = (async () => {
      while (dropping) {
        drops += (await terminate()).length;
        await new Promise((r) => setTimeout(r, 120));
      }
    })();
    // Different matters, so none is taken for another household's report of the same thing.
    const texts = [
      '俺家东屋的水管冻裂了',
      '俺家院墙塌了一块',
      '俺家猪圈的门坏了',
      '俺家屋顶漏雨了',
      '俺家电表箱的门掉了',
      '俺家门口的下水道堵了',
      '俺家厨房的烟囱裂了',
      '俺家羊圈的栅栏断了',
      '俺家大门的锁坏了',
      '俺家水泵不出水了',
    ];
    // Two waves, so reports are both stored and handled while connections are being dropped.
    await Promise.all(residents.slice(0, 5).map((u, i) => deliver(u, texts[i]!)));
    await new Promise((r) => setTimeout(r, 400));
    await Promise.all(residents.slice(5).map((u, i) => deliver(u, texts[i + 5]!)));
    await new Promise((r) => setTimeout(r, 800));
    dropping = false;
    await dropper;
    expect(drops).toBeGreaterThan(3);

    await waitFor(async () => (await fetch(`${h.url}/healthz`)).status === 200, '/healthz answers again', 20_000);
    for (const [i, u] of residents.entries()) {
      await waitFor(
        () => u.inbox().some((m) => m.text.includes(texts[i]!) && /已收到/.test(m.text)),
        `receipt for ${texts[i]}`,
        30_000,
      );
    }
    await waitFor(
      async () =>
        (await adminApi<{ total: number }>(h, 'GET', '/api/v1/requests?pageSize=1')).body.total ===
        before + residents.length,
      'one request per report',
      20_000,
    );
    for (const [i, u] of residents.entries()) {
      expect(u.inbox().filter((m) => m.text.includes(texts[i]!)).length).toBe(1);
    }
  });
});
