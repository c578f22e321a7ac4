import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender, OutboundMessage } from '../../src/channels/channel.port.js';
import type { Database } from '../../src/data/database.js';
import { outboxRows } from '../../src/data/inspection.repository.js';
import { silentLog } from '../../src/log.js';
import { outboxSender } from '../../src/messaging/send.js';
import { OutboxDispatcher } from '../../src/outbox/outbox.dispatcher.js';
import { createTestDatabase } from '../support/test-db.js';

/** A clock the test moves by hand: the channel's rate is kept in simulated time, never by waiting. */
class ManualClock {
  constructor(private t: number) {}
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t += ms;
  }
}

/** Telegram as configured for the real platform: 30 sends a second over the bot. */
function recordingSender(channel: 'telegram' | 'web' | 'wecom') {
  const sent: { to: string; text: string }[] = [];
  const sender: ChannelSender = {
    platform: channel,
    pacing: { perRecipientMs: 0, jitterMs: 0, perSecond: 30 },
    async send(to: string, m: OutboundMessage) {
      sent.push({ to, text: m.text });
    },
  };
  return { sender, sent };
}

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const addr = (platform: 'telegram' | 'web' | 'wecom', address: string) => ({ platform, address, language: 'zh' });
const REMINDER = '【说事提醒】明天上午九点在村委会说事';

/** The say-things reminder's way into the outbox: one bulk row per resident, quiet hours of the village. */
async function broadcast(platform: 'telegram' | 'web' | 'wecom', recipients: string[], now: Date) {
  await database.db.transaction(async (tx) => {
    const send = outboxSender(tx, now);
    for (const to of recipients)
      await send(addr(platform, to), () => ({ text: REMINDER }), { quietHoursIn: 'Asia/Shanghai', bulk: true });
  });
}

describe('answers before broadcasts', () => {
  it('a resident who reports while the reminder goes to 800 households gets the receipt in the next batch, ahead of their own reminder', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 2, 0)); // 10:00 in the village
    const { sender, sent } = recordingSender('telegram');
    const d = new OutboxDispatcher(database.db, [sender], clock, silentLog, { pollMs: 10 });
    const residents = Array.from({ length: 800 }, (_, i) => `r${i}`);
    await broadcast('telegram', residents, clock.now());
    // The broadcast is under way: two batches out.
    await d.runOnce();
    clock.advance(1000);
    await d.runOnce();
    clock.advance(1000);
    const before = sent.length;
    expect(before).toBeGreaterThan(0);
    // r700 reports (their reminder is still waiting); the turn queues the receipt and the member's task card.
    await outboxSender(database.db, clock.now())(addr('telegram', 'r700'), () => ({ text: '已收到，编号 #1001' }));
    await outboxSender(database.db, clock.now())(addr('telegram', 'leader'), () => ({ text: '新诉求 #1001' }));
    await d.runOnce();
    const next = sent.slice(before);
    expect(
      next
        .slice(0, 2)
        .map((s) => s.text)
        .sort(),
    ).toEqual(['已收到，编号 #1001', '新诉求 #1001']);
    for (let i = 0; i < 200 && sent.length < 802; i++) {
      clock.advance(1000);
      await d.runOnce();
    }
    // Everyone still gets the reminder once, at the channel's pace; r700 after the receipt.
    expect(
      sent
        .filter((s) => s.text === REMINDER)
        .map((s) => s.to)
        .sort(),
    ).toEqual([...residents].sort());
    expect(sent.filter((s) => s.to === 'r700').map((s) => s.text)).toEqual(['已收到，编号 #1001', REMINDER]);
  });

  it('a steady stream of answers does not starve a broadcast: it keeps a share of every few batches', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 3, 0));
    const { sender, sent } = recordingSender('web');
    const d = new OutboxDispatcher(database.db, [sender], clock, silentLog, { pollMs: 10 });
    await broadcast(
      'web',
      Array.from({ length: 100 }, (_, i) => `b${i}`),
      clock.now(),
    );
    for (let round = 0; round < 8; round++) {
      // More answers each second than the channel's rate: answers alone would fill every batch.
      for (let i = 0; i < 30; i++)
        await outboxSender(database.db, clock.now())(addr('web', `a${round}-${i}`), () => ({
          text: `回复${round}-${i}`,
        }));
      await d.runOnce();
      clock.advance(1000);
    }
    const reminders = sent.filter((s) => s.text === REMINDER).length;
    expect(reminders).toBeGreaterThanOrEqual(20 * 2);
    expect(sent.length - reminders).toBeGreaterThan(reminders);
  });

  it('keeps a broadcast written at night in the outbox until the morning, however idle the channel', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 14, 0)); // 22:00 in the village
    const { sender, sent } = recordingSender('wecom');
    const d = new OutboxDispatcher(database.db, [sender], clock, silentLog, { pollMs: 10 });
    await broadcast('wecom', ['night1', 'night2'], clock.now());
    await outboxSender(database.db, clock.now())(addr('wecom', 'night1'), () => ({ text: '您的诉求：无' }));
    await d.runOnce();
    clock.advance(60 * 60_000);
    await d.runOnce();
    expect(sent.map((s) => s.text)).toEqual(['您的诉求：无']);
    clock.advance(8 * 60 * 60_000); // 07:00
    await d.runOnce();
    expect(
      sent
        .filter((s) => s.text === REMINDER)
        .map((s) => s.to)
        .sort(),
    ).toEqual(['night1', 'night2']);
    const rows = await outboxRows(database.db, { channel: 'wecom', recipient: 'night2' });
    expect(rows.every((r) => r.sentAt !== null)).toBe(true);
  });
});
