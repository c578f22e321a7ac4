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
beforeAll(async () => { database = await createTestDatabase(); });
afterAll(async () => { await database.close(); });

const clock = { now: () => new Date(Date.UTC(2026, 11, 7, 2, 0)) };

describe('outbox marks', () => {
  it('marks each row sent as soon as its send returns, while the rest of its batch is still in flight', async () => {
    // One recipient's send hangs until the test lets it go, as a slow platform (or a crash mid-batch) would.
    let release!: () => void;
    const hung = new Promise<void>((r) => { release = r; });
    const sent: string[] = [];
    const sender: ChannelSender = {
      platform: 'telegram',
      async send(to: string, m: OutboundMessage) {
        if (to === 'slow') await hung;
        sent.push(`${to}:${m.text}`);
      },
    };
    for (const to of ['a', 'b', 'slow', 'c']) await enqueue(database.db, { platform: 'telegram', address: to }, { text: `给${to}` }, clock.now());
    const d = new OutboxDispatcher(database.db, [sender], clock, silentLog, { pollMs: 10 });
    const batch = d.runOnce();
    const sentAt = async (to: string) => (await outboxRows(database.db, { channel: 'telegram', recipient: to }))[0]?.sentAt ?? null;
    // Before: the whole batch was marked together after the last send, so a crash now would send a, b and c again.
    for (const to of ['a', 'b', 'c']) await waitFor(() => sentAt(to), `${to} marked sent while the batch is in flight`);
    expect(await sentAt('slow')).toBeNull();
    release();
    expect(await batch).toBe(4);
    expect(await sentAt('slow')).not.toBeNull();
    expect(sent.sort()).toEqual(['a:给a', 'b:给b', 'c:给c', 'slow:给slow']);
  });
});
