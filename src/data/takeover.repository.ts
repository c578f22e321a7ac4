import { and, isNotNull, isNull } from 'drizzle-orm';
import { inboundMessages, outbox } from '../../db/schema.js';
import type { Database } from './database.js';

/**
 * At start on the embedded database, ends the leases left in it: only one process can open the data folder
 * (embedded-lock), so whoever held them was killed, and their work is taken over now instead of when the
 * leases run out (up to policy.leaseMs later). On PostgreSQL other instances may be alive: their leases stand.
 */
export async function takeOverLeftLeases(database: Database): Promise<number> {
  if (database.kind !== 'pglite') return 0;
  const { db } = database;
  const inbound = await db.update(inboundMessages).set({ lockedUntil: null })
    .where(and(isNull(inboundMessages.processedAt), isNotNull(inboundMessages.lockedUntil))).returning({ id: inboundMessages.id });
  const out = await db.update(outbox).set({ lockedUntil: null })
    .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt), isNotNull(outbox.lockedUntil))).returning({ id: outbox.id });
  return inbound.length + out.length;
}
