import { and, isNotNull, isNull } from 'drizzle-orm';
import { inboundMessages, outbox } from '../../db/schema.js';
import type { Database, Db } from './database.js';

/**
 * At start, ends the leases killed processes left, so their work is taken over now instead of when the
 * leases run out (up to policy.leaseMs later). Called by the service process only (AppDeps.ownsDatabase). Embedded: only one process can open the data
 * folder (embedded-lock), so whoever held them was killed. PostgreSQL: the process stands as one of the
 * service's instances (Database.standAsInstance); when no other instance is alive, every lease left belongs
 * to a dead one. When another instance is alive the leases stand (they may be its own) and run out as before.
 */
export async function takeOverLeftLeases(database: Database): Promise<number> {
  if (database.kind === 'pglite') return endLeases(database.db);
  let ended = 0;
  await database.standAsInstance?.(async () => { ended = await endLeases(database.db); });
  return ended;
}

async function endLeases(db: Db): Promise<number> {
  const inbound = await db.update(inboundMessages).set({ lockedUntil: null })
    .where(and(isNull(inboundMessages.processedAt), isNotNull(inboundMessages.lockedUntil))).returning({ id: inboundMessages.id });
  const out = await db.update(outbox).set({ lockedUntil: null })
    .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt), isNotNull(outbox.lockedUntil))).returning({ id: outbox.id });
  return inbound.length + out.length;
}
