import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender, OutboundMessage } from '../../src/channels/channel.port.js';
import { outboxRows } from '../../src/data/inspection.repository.js';
import type { Database } from '../../src/data/database.js';
import { enqueue } from '../../src/data/outbox.repository.js';
import { silentLog } from '../../src/log.js';
import { OutboxDispatcher } from '../../src/outbox/outbox.dispatcher.js';
import { createTestDatabase } from '../support/test-db.js';
import { waitFor } from '../support/harness.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const clock = { now: () => new Date(Date.UTC(2026, 11, 7, 2, 0)) };

describe('outbox marks', () => {
  it('marks each row sent as soon as its send returns, while the rest of its batch is still in flight', async () => {
    // One recipient's send hangs until the test lets it go, as a slow platform (or a crash mid-batch) would.
    let release!: () => void;
    const hung = new Promise<void>((r) => {
      release = r;
    });
    const sent: string[] = [];
    const sender: ChannelSender = {
      platform: 'telegram',
      async send(to: string, m: OutboundMessage) {
        if (to === 'slow') await hung;
        sent.push(`${to}:${m.text}`);
      },
    };
    for (const to of ['a', 'b', 'slow', 'c'])
      await enqueue(database.db, { platform: 'telegram', address: to }, { text: `给${to}` }, clock.now());
    const d = new OutboxDispatcher(database.db, [sender], clock, silentLog, { pollMs: 10 });
    const batch = d.runOnce();
    const sentAt = async (to: string) =>
      (await outboxRows(database.db, { channel: 'telegram', recipient: to }))[0]?.sentAt ?? null;
    // Before: the whole batch was marked together after the last send, so a crash now would send a, b and c again.
    for (const to of ['a', 'b', 'c']) await waitFor(() => sentAt(to), `${to} marked sent while the batch is in flight`);
    expect(await sentAt('slow')).toBeNull();
    release();
    expect(await batch).toBe(4);
    expect(await sentAt('slow')).not.toBeNull();
    expect(sent.sort()).toEqual(['a:给a', 'b:给b', 'c:给c', 'slow:给slow']);
  });
});

describe('outbox order', () => {
  it('news held through the night does not hold back the answer to what the person writes now; a retried row still does', async () => {
    const sent: string[] = [];
    let failNext = false;
    const sender: ChannelSender = {
      platform: 'web',
      async send(to: string, m: OutboundMessage) {
        if (failNext) {
          failNext = false;
          throw new Error('platform down');
        }
        sent.push(`${to}:${m.text}`);
      },
    };
    const now = clock.now();
    const morning = new Date(now.getTime() + 9 * 3600_000);
    // A case invitation held until 07:00, then the answer to the party's reply at 21:20.
    await enqueue(database.db, { platform: 'web', address: 'party' }, { text: '调解邀请' }, now, morning);
    await enqueue(database.db, { platform: 'web', address: 'party' }, { text: '已转告调解员' }, now);
    const d = new OutboxDispatcher(database.db, [sender], clock, silentLog, { pollMs: 10, baseDelayMs: 60_000 });
    await d.runOnce();
    expect(sent).toEqual(['party:已转告调解员']);

    // A row that failed and waits for its retry keeps the person's messages in order.
    failNext = true;
    await enqueue(database.db, { platform: 'web', address: 'other' }, { text: '第一条' }, now);
    await enqueue(database.db, { platform: 'web', address: 'other' }, { text: '第二条' }, now);
    await d.runOnce();
    await d.runOnce();
    expect(sent.filter((s) => s.startsWith('other'))).toEqual([]);
  });
});
