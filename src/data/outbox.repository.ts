import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { jsonOf, rowsOf } from '../../db/rows.js';
import { outbox } from '../../db/schema.js';
import { type OutboundMessage, type Platform, platformTextLimits, splitText } from '../channels/channel.port.js';

export interface OutboxAddress {
  platform: Platform;
  address: string;
}

/**
 * Queue a message inside the caller's transaction, so a reply exists exactly when the change it
 * reports was committed. Long texts become several rows; buttons stay on the last part.
 */
export async function enqueue(tx: DbOrTx, to: OutboxAddress, message: OutboundMessage, now: Date, notBefore: Date = now): Promise<void> {
  const parts = splitText(message.text, platformTextLimits[to.platform]);
  await tx.insert(outbox).values(
    parts.map((text, i) => ({
      channel: to.platform,
      recipient: to.address,
      payload: {
        text,
        ...(i === parts.length - 1 && message.buttons ? { buttons: message.buttons } : {}),
        ...(message.mention ? { mention: message.mention } : {}),
      },
      // Quiet hours and scheduled notices wait here, in the database, not in a timer.
      nextAttemptAt: notBefore,
      createdAt: now,
    })),
  );
}

export interface ClaimedOutbox {
  id: number;
  channel: Platform;
  recipient: string;
  message: OutboundMessage;
  attempts: number;
}

/**
 * Claims up to `limit` due rows of one channel with a lease (SKIP LOCKED, so instances share the
 * work): only each recipient's oldest unsent row, and none within `gapMs` of the last one sent to
 * that recipient, so a queued message still keeps the pacing gap.
 */
export async function claimOutbox(db: Db, channel: Platform, now: Date, limit: number, gapMs: number, leaseMs: number): Promise<ClaimedOutbox[]> {
  const lease = new Date(now.getTime() + leaseMs);
  const at = now.toISOString();
  const recentlySent = gapMs > 0
    ? sql`and not exists (
          select 1 from outbox s
          where s.channel = o.channel and s.recipient = o.recipient
            and s.sent_at > ${new Date(now.getTime() - gapMs).toISOString()}::timestamptz)`
    : sql``;
  const result = await db.execute(sql`
    update outbox set locked_until = ${lease.toISOString()}::timestamptz, attempts = attempts + 1
    where id in (
      select o.id from outbox o
      where o.channel = ${channel} and o.sent_at is null and o.failed_at is null
        and o.next_attempt_at <= ${at}::timestamptz
        and (o.locked_until is null or o.locked_until < ${at}::timestamptz)
        and not exists (
          select 1 from outbox p
          where p.channel = o.channel and p.recipient = o.recipient
            and p.sent_at is null and p.failed_at is null and p.id < o.id)
        ${recentlySent}
      order by o.id
      limit ${limit}
      for update skip locked)
    returning id, channel, recipient, payload, attempts`);
  return rowsOf<{ id: number | string; channel: Platform; recipient: string; payload: unknown; attempts: number }>(result)
    .map((r) => ({ id: Number(r.id), channel: r.channel, recipient: r.recipient, message: jsonOf<OutboundMessage>(r.payload), attempts: r.attempts }))
    .sort((a, b) => a.id - b.id);
}

export async function markSent(db: DbOrTx, id: number, at: Date): Promise<void> {
  await db.update(outbox).set({ sentAt: at, lockedUntil: null, lastError: null }).where(eq(outbox.id, id));
}

/** A failed send: tried again at `retryAt`, or given up for good when that is null. */
export async function markFailed(db: DbOrTx, id: number, now: Date, error: string, retryAt: Date | null): Promise<void> {
  await db.update(outbox).set({
    lockedUntil: null, lastError: error.slice(0, 500), ...(retryAt ? { nextAttemptAt: retryAt } : { failedAt: now }),
  }).where(eq(outbox.id, id));
}

/** Pacing per recipient: their next messages may not go before `notBefore`. */
export async function holdBackRecipient(db: DbOrTx, channel: Platform, recipient: string, notBefore: Date): Promise<void> {
  await db.update(outbox)
    .set({ nextAttemptAt: sql`greatest(${outbox.nextAttemptAt}, ${notBefore.toISOString()}::timestamptz)` })
    .where(and(eq(outbox.channel, channel), eq(outbox.recipient, recipient), isNull(outbox.sentAt), isNull(outbox.failedAt)));
}
