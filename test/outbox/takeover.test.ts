import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSender, OutboundMessage } from '../../src/channels/channel.port.js';
import { type Database, openDatabase } from '../../src/data/database.js';
import { claimOutbox, enqueue } from '../../src/data/outbox.repository.js';
import { takeOverLeftLeases } from '../../src/data/takeover.repository.js';
import { policy } from '../../src/domain/policy.js';
import { silentLog } from '../../src/log.js';
import { OutboxDispatcher } from '../../src/outbox/outbox.dispatcher.js';
import { waitFor } from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';

/**
 * A process claimed a receipt and was killed before sending it. Its successor must send it as soon as it
 * starts, not when the 15 s lease runs out — but only when the claim cannot belong to a live instance.
 */
const clock = { now: () => new Date(Date.UTC(2026, 11, 7, 2, 0)) };

function recordingSender(sent: string[]): ChannelSender {
  return {
    platform: 'web',
    async send(to: string, m: OutboundMessage) {
      sent.push(`${to}:${m.text}`);
    },
  };
}

/** A receipt claimed by a process that then died: its lease still runs for policy.leaseMs. */
async function claimedByTheDead(database: Database, text: string): Promise<void> {
  await enqueue(database.db, { platform: 'web', address: 'resident' }, { text }, clock.now());
  expect(await claimOutbox(database.db, 'web', clock.now(), 10, 0, policy.leaseMs)).toHaveLength(1);
}

async function sendsNow(database: Database): Promise<string[]> {
  const sent: string[] = [];
  await new OutboxDispatcher(database.db, [recordingSender(sent)], clock, silentLog, { pollMs: 10 }).runOnce();
  return sent;
}

describe.skipIf(!!process.env.DATABASE_URL)("the embedded database: the folder is one process's", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it("sends the killed process's claimed receipt as the new process starts", async () => {
    await claimedByTheDead(database, '已收到，编号 #2001');
    expect(await sendsNow(database)).toEqual([]);
    expect(await takeOverLeftLeases(database)).toBe(1);
    expect(await sendsNow(database)).toEqual(['resident:已收到，编号 #2001']);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL: instances of the service on one database', () => {
  let database: Database & { url: string | null };
  const opened: Database[] = [];
  const instance = async () => {
    const d = await openDatabase({ url: database.url!, maxConnections: 2 });
    opened.push(d);
    return d;
  };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const d of opened) await d.close();
    await database.close();
  });

  it("leaves a live instance's claims to their lease, and sends a dead one's at once when no instance is left", async () => {
    const alive = await instance();
    expect(await takeOverLeftLeases(alive)).toBe(0);
    await claimedByTheDead(database, '已收到，编号 #2002');

    // Another instance is alive (the claim may be its own): the newcomer does not touch it.
    const second = await instance();
    expect(await takeOverLeftLeases(second)).toBe(0);
    expect(await sendsNow(second)).toEqual([]);

    // The live instances' lock connections are cut (a database restart): they take the lock again, so a
    // newcomer still does not take their claims over.
    const admin = postgres(database.url!, { max: 1, onnotice: () => {} });
    try {
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and application_name = 'linli-instance'`;
      await waitFor(async () => {
        const [row] = await admin<
          { n: number }[]
        >`select count(*)::int as n from pg_locks where locktype = 'advisory' and mode = 'ShareLock' and granted
          and database = (select oid from pg_database where datname = current_database())`;
        return row!.n === 2;
      }, 'both instances holding the lock again');
    } finally {
      await admin.end();
    }
    const third = await instance();
    expect(await takeOverLeftLeases(third)).toBe(0);
    expect(await sendsNow(third)).toEqual([]);

    // All of them gone: the next one to start is alone and takes the claim over before the lease ends.
    for (const d of opened.splice(0)) await d.close();
    const restarted = await instance();
    expect(await takeOverLeftLeases(restarted)).toBe(1);
    expect(await sendsNow(restarted)).toEqual(['resident:已收到，编号 #2002']);
  });
});
