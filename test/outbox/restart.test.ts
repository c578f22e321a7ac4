import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChannelSender, type OutboundMessage, SendError } from '../../src/channels/channel.port.js';
import type { Database } from '../../src/data/database.js';
import { outboxRows } from '../../src/data/inspection.repository.js';
import { enqueue } from '../../src/data/outbox.repository.js';
import { ANSWERING_CAP_MS } from '../../src/domain/backoff.js';
import { silentLog } from '../../src/log.js';
import { OutboxDispatcher } from '../../src/outbox/outbox.dispatcher.js';
import { createTestDatabase } from '../support/test-db.js';

class ManualClock {
  constructor(private t: number) {}
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t += ms;
  }
}

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('a restarted process and a platform refusing some sends', () => {
  it('tries a row that failed before the restart again within seconds, though the new process has not seen a send succeed yet', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 2, 0));
    const failing: ChannelSender = {
      platform: 'web',
      async send() {
        throw new SendError('web 500', true);
      },
    };
    // Before the crash: the receipt failed five times (the old process kept trying every couple of seconds).
    await enqueue(database.db, { platform: 'web', address: 'resident' }, { text: '已收到，编号 #1001' }, clock.now());
    const before = new OutboxDispatcher(database.db, [failing], clock, silentLog, { pollMs: 10 });
    for (let i = 0; i < 5; i++) {
      await before.runOnce();
      clock.advance(60_000);
    }
    // The restarted process: its very first send (this row, sixth attempt) fails too.
    const after = new OutboxDispatcher(database.db, [failing], clock, silentLog, { pollMs: 10 });
    expect(await after.runOnce()).toBe(1);
    const [row] = await outboxRows(database.db, { channel: 'web', recipient: 'resident' });
    expect(row!.attempts).toBe(6);
    // Not 2^5 s = 32 s: the platform counts as answering until it has refused for a while.
    expect(row!.nextAttemptAt.getTime() - clock.now().getTime()).toBeLessThanOrEqual(ANSWERING_CAP_MS);
    // Once it has taken nothing for long, the full backoff comes back.
    const sent: string[] = [];
    clock.advance(5 * 60_000);
    await after.runOnce();
    const [later] = await outboxRows(database.db, { channel: 'web', recipient: 'resident' });
    expect(later!.nextAttemptAt.getTime() - clock.now().getTime()).toBeGreaterThan(ANSWERING_CAP_MS);
    const working: ChannelSender = {
      platform: 'web',
      async send(to: string, m: OutboundMessage) {
        sent.push(`${to}:${m.text}`);
      },
    };
    clock.advance(10 * 60_000);
    await new OutboxDispatcher(database.db, [working], clock, silentLog, { pollMs: 10 }).runOnce();
    expect(sent).toEqual(['resident:已收到，编号 #1001']);
  });
});
