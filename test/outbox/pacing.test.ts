import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/data/database.js';
import type { ChannelSender, OutboundMessage } from '../../src/channels/channel.port.js';
import { SendError } from '../../src/channels/channel.port.js';
import { silentLog } from '../../src/log.js';
import { OutboxDispatcher } from '../../src/outbox/outbox.dispatcher.js';
import { enqueue } from '../../src/data/outbox.repository.js';
import { createTestDatabase } from '../support/test-db.js';

/** A clock the test moves by hand: pacing is checked in simulated time, never by waiting. */
class ManualClock {
  constructor(private t: number) {}
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t += ms;
  }
}

function recordingSender(platform: 'wechat' | 'telegram', clock: ManualClock, pacing?: ChannelSender['pacing']) {
  const sent: { to: string; text: string; at: number }[] = [];
  const failures: SendError[] = [];
  const sender: ChannelSender = {
    platform,
    ...(pacing ? { pacing } : {}),
    async send(to: string, m: OutboundMessage) {
      const f = failures.shift();
      if (f) throw f;
      sent.push({ to, text: m.text, at: clock.now().getTime() });
    },
  };
  return { sender, sent, failures };
}

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

async function drain(d: OutboxDispatcher, clock: ManualClock, stepMs: number, steps: number) {
  for (let i = 0; i < steps; i++) {
    await d.runOnce();
    clock.advance(stepMs);
  }
}

describe('outbox pacing', () => {
  it('spaces 20 messages to one WeChat contact at least 1 s apart (plus jitter), in order', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 2, 0));
    const { sender, sent } = recordingSender('wechat', clock, { perRecipientMs: 1000, jitterMs: 400, perSecond: 5 });
    const d = new OutboxDispatcher(database.db, [sender], clock, silentLog, { pollMs: 10, random: () => 0.5 });
    for (let i = 1; i <= 20; i++)
      await enqueue(database.db, { platform: 'wechat', address: 'wx-alice' }, { text: `第${i}条` }, clock.now());
    await enqueue(database.db, { platform: 'wechat', address: 'wx-bob' }, { text: 'bob' }, clock.now());
    await drain(d, clock, 100, 400);
    const alice = sent.filter((s) => s.to === 'wx-alice');
    expect(alice.map((s) => s.text)).toEqual(Array.from({ length: 20 }, (_, i) => `第${i + 1}条`));
    const gaps = alice.slice(1).map((s, i) => s.at - alice[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1200); // 1000 ms + half of the 400 ms jitter
    // Another contact is not held back by Alice's queue.
    expect(sent.find((s) => s.to === 'wx-bob')!.at).toBe(alice[0]!.at);
  });

  it('keeps the gap for a message queued after the previous one was already sent', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 3, 0));
    const { sender, sent } = recordingSender('wechat', clock, { perRecipientMs: 1000, jitterMs: 0, perSecond: 5 });
    const d = new OutboxDispatcher(database.db, [sender], clock, silentLog, { pollMs: 10 });
    await enqueue(database.db, { platform: 'wechat', address: 'wx-carol' }, { text: 'one' }, clock.now());
    await d.runOnce();
    clock.advance(300);
    await enqueue(database.db, { platform: 'wechat', address: 'wx-carol' }, { text: 'two' }, clock.now());
    await drain(d, clock, 100, 20);
    const carol = sent.filter((s) => s.to === 'wx-carol');
    expect(carol.map((s) => s.text)).toEqual(['one', 'two']);
    expect(carol[1]!.at - carol[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('caps a broadcast at the channel rate per second', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 4, 0));
    const { sender, sent } = recordingSender('telegram', clock, { perRecipientMs: 0, jitterMs: 0, perSecond: 30 });
    const d = new OutboxDispatcher(database.db, [sender], clock, silentLog, { pollMs: 10, batch: 100 });
    for (let i = 0; i < 100; i++)
      await enqueue(database.db, { platform: 'telegram', address: `r${i}` }, { text: 'reminder' }, clock.now());
    await drain(d, clock, 100, 60);
    expect(sent.length).toBe(100);
    for (let second = sent[0]!.at; second <= sent.at(-1)!.at; second += 1000) {
      expect(sent.filter((s) => s.at >= second && s.at < second + 1000).length).toBeLessThanOrEqual(33);
    }
  });

  it('pauses the whole channel for retry_after after a 429', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 21, 5, 0));
    const { sender, sent, failures } = recordingSender('telegram', clock, {
      perRecipientMs: 0,
      jitterMs: 0,
      perSecond: 30,
    });
    const d = new OutboxDispatcher(database.db, [sender], clock, silentLog, { pollMs: 10, batch: 1 });
    failures.push(new SendError('telegram 429', true, 5000));
    const start = clock.now().getTime();
    await enqueue(database.db, { platform: 'telegram', address: 'p1' }, { text: 'a' }, clock.now());
    await enqueue(database.db, { platform: 'telegram', address: 'p2' }, { text: 'b' }, clock.now());
    await drain(d, clock, 250, 40);
    expect(sent.map((s) => s.text).sort()).toEqual(['a', 'b']);
    expect(Math.min(...sent.map((s) => s.at)) - start).toBeGreaterThanOrEqual(5000);
  });
});
