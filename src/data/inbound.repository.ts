import { isIP } from 'node:net';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { jsonOf, rowsOf } from '../../db/rows.js';
import { inboundMessages, outbox } from '../../db/schema.js';
import type { InboundMessage } from '../channels/channel.port.js';
import { cleanText } from '../domain/commands.js';
import { cleanAttachments } from '../domain/media.js';
import { cleanPlace } from '../domain/place.js';
import type { OutboxInsert } from './outbox.repository.js';

/** Longest text kept; a 100 KB paste is stored truncated rather than refused, so nothing a person sent is silently dropped. */
export const MAX_STORED_TEXT = 16_000;

/**
 * Stores a message before the platform is told it arrived. The platform's message id makes a
 * redelivery a no-op. Returns false for a duplicate.
 */
export async function storeInbound(db: DbOrTx, msg: InboundMessage): Promise<boolean> {
  // Adapters map to strings, but a forged body must not reach the database as anything else.
  const short = (s: unknown, max: number) => (typeof s === 'string' ? cleanText(s).slice(0, max) : null);
  const clean: InboundMessage = {
    ...msg,
    messageId: cleanText(String(msg.messageId)).slice(0, 128),
    userId: cleanText(String(msg.userId)).slice(0, 128),
    chatId: cleanText(String(msg.chatId)).slice(0, 128),
    text: short(msg.text, MAX_STORED_TEXT),
    displayName: short(msg.displayName, 64),
    language: short(msg.language, 16),
    action: short(msg.action, 256),
    unsupported: short(msg.unsupported, 32),
    source: sourceOf(msg.source),
    ...(msg.attachments !== undefined ? { attachments: cleanAttachments(msg.attachments) } : {}),
    ...(msg.location !== undefined ? { location: cleanPlace(msg.location) } : {}),
  };
  const inserted = await db.insert(inboundMessages).values({
    platform: msg.platform,
    platformMessageId: clean.messageId,
    platformUserId: clean.userId,
    payload: clean as unknown as Record<string, unknown>,
    receivedAt: new Date(msg.receivedAt),
  }).onConflictDoNothing().returning({ id: inboundMessages.id });
  return inserted.length > 0;
}

/** Only an IP address is kept as a message's source (an IPv6 zone index dropped); anything else becomes null. */
export function sourceOf(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const ip = raw.trim().replace(/%[\w.-]*$/, '').slice(0, 64);
  return isIP(ip) ? ip.toLowerCase() : null;
}

export interface ClaimedInbound {
  id: number;
  message: InboundMessage;
  attempts: number;
}

/**
 * Claims up to `limit` stored messages with a lease: oldest first, and at most one per person (the
 * oldest unhandled), so a batch can be handled side by side while each person's messages stay in order.
 */
export async function claimInbound(db: Db, now: Date, leaseMs: number, limit = 10): Promise<ClaimedInbound[]> {
  const lease = new Date(now.getTime() + leaseMs);
  const rows = rowsOf<{ id: number; payload: unknown; attempts: number }>(await db.execute(sql`
    update inbound_messages set locked_until = ${lease.toISOString()}::timestamptz, attempts = attempts + 1
    where id in (
      select m.id from inbound_messages m
      where m.processed_at is null
        and (m.locked_until is null or m.locked_until < ${now.toISOString()}::timestamptz)
        and not exists (
          select 1 from inbound_messages p
          where p.platform = m.platform and p.platform_user_id = m.platform_user_id
            and p.processed_at is null and p.id < m.id)
      order by m.id limit ${limit}
      for update skip locked)
    returning id, payload, attempts`));
  return rows.sort((a, b) => a.id - b.id).map((r) => ({ id: r.id, message: jsonOf<InboundMessage>(r.payload), attempts: r.attempts }));
}

/**
 * Marks a message handled, and queues its turn's replies; false when it already was (an instance whose lease ran
 * out finished it meanwhile): the caller's transaction is then rolled back, so nobody is answered twice.
 */
export async function markHandled(db: DbOrTx, id: number, now: Date, lastError?: string, replies: OutboxInsert[] = []): Promise<boolean> {
  // The turn's replies are inserted by the same statement (a data-modifying CTE runs whether or not it is read): when
  // another instance handled the message first, the caller rolls back, replies and all.
  const queued = replies.length > 0 ? [db.$with('queued').as(db.insert(outbox).values(replies).returning({ id: outbox.id }))] : [];
  const done = await db.with(...queued).update(inboundMessages)
    .set({ processedAt: now, lockedUntil: null, ...(lastError ? { lastError: lastError.slice(0, 1000) } : {}) })
    .where(and(eq(inboundMessages.id, id), isNull(inboundMessages.processedAt))).returning({ id: inboundMessages.id });
  return done.length > 0;
}

/** Keeps the lease on messages still being handled. */
export async function renewInbound(db: Db, ids: number[], until: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.update(inboundMessages).set({ lockedUntil: until }).where(and(inArray(inboundMessages.id, ids), isNull(inboundMessages.processedAt)));
}

export async function retryInboundLater(db: DbOrTx, id: number, at: Date, lastError: string, countAttempt = true): Promise<void> {
  await db.update(inboundMessages).set({
    lockedUntil: at, lastError: lastError.slice(0, 1000),
    // A lost database connection is not the message's fault: its claim is not one of its tries.
    ...(countAttempt ? {} : { attempts: sql`greatest(${inboundMessages.attempts} - 1, 0)` }),
  }).where(eq(inboundMessages.id, id));
}
