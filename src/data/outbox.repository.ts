import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { jsonOf, rowsOf } from '../../db/rows.js';
import { inboundMessages, outbox } from '../../db/schema.js';
import { type LastInbound, type OutboundMessage, type OutsideSend, type Platform, platformTextLimits, splitText } from '../channels/channel.port.js';

export interface OutboxAddress {
  platform: Platform;
  address: string;
}

/**
 * Queue a message inside the caller's transaction, so a reply exists exactly when the change it
 * reports was committed. Long texts become several rows; buttons stay on the last part.
 */
export async function enqueue(tx: DbOrTx, to: OutboxAddress, message: OutboundMessage, now: Date, notBefore: Date = now, bulk = false): Promise<void> {
  await tx.insert(outbox).values(outboxRows(to, message, now, notBefore, bulk));
}

/** Rows an outboxBuffer handed over, in one statement (a broadcast's batch). */
export async function insertOutboxRows(tx: DbOrTx, rows: OutboxInsert[]): Promise<void> {
  if (rows.length > 0) await tx.insert(outbox).values(rows);
}

/** An outbox row to insert, as outboxBuffer keeps it. */
export type OutboxInsert = typeof outbox.$inferInsert;

/**
 * Queues like `enqueue`, but keeps the rows until `take` hands them over, in the order they were queued (the
 * dispatcher sends a recipient's rows by id), to be written in one insert: a turn's, by markHandled, before it commits.
 */
export function outboxBuffer(): { enqueue: (to: OutboxAddress, message: OutboundMessage, now: Date, notBefore?: Date, bulk?: boolean) => void; take: () => OutboxInsert[] } {
  let rows: OutboxInsert[] = [];
  return {
    enqueue: (to, message, now, notBefore = now, bulk = false) => { rows.push(...outboxRows(to, message, now, notBefore, bulk)); },
    take: () => {
      const batch = rows;
      rows = [];
      return batch;
    },
  };
}

function outboxRows(to: OutboxAddress, message: OutboundMessage, now: Date, notBefore: Date, bulk: boolean): OutboxInsert[] {
  const parts = splitText(message.text, platformTextLimits[to.platform]);
  return parts.map((text, i) => ({
    channel: to.platform,
    recipient: to.address,
    payload: {
      text,
      ...(i === parts.length - 1 && message.buttons ? { buttons: message.buttons } : {}),
      ...(message.mention ? { mention: message.mention } : {}),
      // Photos and voice notes go with the first part, ahead of the words.
      ...(i === 0 && message.attachments?.length ? { attachments: message.attachments } : {}),
      // A template message stands for the whole text: it goes with the first part only.
      ...(i === 0 && message.notice ? { notice: message.notice } : {}),
    },
    // Quiet hours and scheduled notices wait here, in the database, not in a timer.
    nextAttemptAt: notBefore,
    createdAt: now,
    bulk,
  }));
}

export interface ClaimedOutbox {
  id: number;
  channel: Platform;
  recipient: string;
  message: OutboundMessage;
  attempts: number;
  /** One of a broadcast, sent after the answers. */
  bulk: boolean;
  /** When the person's message released it (releaseHeld): they wrote then, whether or not that message is stored yet. */
  releasedAt: Date | null;
}

/** Keeps the lease on rows still being sent. */
export async function renewOutbox(db: Db, ids: number[], until: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.update(outbox).set({ lockedUntil: until }).where(and(inArray(outbox.id, ids), isNull(outbox.sentAt), isNull(outbox.failedAt)));
}

/** A row not due for longer than this was deferred on purpose (quiet hours), not paced or retried. */
const DEFERRED_MS = 5 * 60_000;

/**
 * Claims up to `limit` due rows of one channel with a lease (SKIP LOCKED, so instances share the
 * work): only each recipient's next unsent row (news deferred to the morning aside), and none within
 * `gapMs` of the last one sent to that recipient, so a queued message still keeps the pacing gap.
 *
 * What answers a person (replies, receipts, task cards) goes before broadcast rows (`bulk`), also to the
 * same recipient: a resident who writes while the say-things reminder is going out to 800 households is
 * answered within the next batch, not after the 800. A recipient's broadcast row already in flight still
 * holds back their answer (one send per person at a time). `bulkFirst` turns the order round for one claim,
 * so broadcasts are never starved by a steady stream of answers (the dispatcher asks for it now and then).
 */
export async function claimOutbox(db: Db, channel: Platform, now: Date, limit: number, gapMs: number, leaseMs: number,
  bulkFirst = false): Promise<ClaimedOutbox[]> {
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
      where o.channel = ${channel} and o.sent_at is null and o.failed_at is null and o.held_at is null
        and o.next_attempt_at <= ${at}::timestamptz
        and (o.locked_until is null or o.locked_until < ${at}::timestamptz)
        and not exists (
          select 1 from outbox p
          where p.channel = o.channel and p.recipient = o.recipient
            and p.sent_at is null and p.failed_at is null and p.id <> o.id
            -- A row held for the person's next message (past the Official Account's window, no template for it)
            -- does not hold back later news: each row is decided on its own, and the held ones go first, in
            -- order, once the person writes (releaseHeld).
            and p.held_at is null
            -- News held through the night (quiet hours) does not hold back the answer to what the person
            -- writes now; a row being retried, or due within minutes (pacing), keeps its place.
            and (p.attempts > 0 or p.next_attempt_at <= ${new Date(now.getTime() + DEFERRED_MS).toISOString()}::timestamptz)
            -- The recipient's rows go answers first, then broadcasts, each in order; a broadcast row being
            -- sent right now still goes before the answer.
            and (case when p.bulk = o.bulk then p.id < o.id
                      when o.bulk then true
                      else p.locked_until >= ${at}::timestamptz end))
        ${recentlySent}
      order by o.bulk ${bulkFirst ? sql`desc` : sql`asc`}, o.id
      limit ${limit}
      for update skip locked)
    returning id, channel, recipient, payload, attempts, bulk`);
  return rowsOf<{ id: number | string; channel: Platform; recipient: string; payload: unknown; attempts: number; bulk: boolean }>(result)
    .map((r) => {
      const { releasedAt, ...message } = jsonOf<OutboundMessage & { releasedAt?: string }>(r.payload);
      return { id: Number(r.id), channel: r.channel, recipient: r.recipient, message, attempts: r.attempts, bulk: r.bulk === true,
        releasedAt: typeof releasedAt === 'string' ? new Date(releasedAt) : null };
    })
    // Sent in this order (a few at a time): the answers of the batch first.
    .sort((a, b) => Number(a.bulk) - Number(b.bulk) || a.id - b.id);
}

/** Rows of one batch sent: one statement for all of them. */
export async function markSentMany(db: DbOrTx, ids: number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.update(outbox).set({ sentAt: at, lockedUntil: null, lastError: null }).where(inArray(outbox.id, ids));
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

/** The platform takes nothing for this person until they write: the row waits, neither retried nor failed. */
export async function markHeld(db: DbOrTx, id: number, now: Date, reason: string): Promise<void> {
  await db.update(outbox).set({ heldAt: now, lockedUntil: null, lastError: reason.slice(0, 500) }).where(eq(outbox.id, id));
}

/** When the person last wrote on the platform (a message, a button, a scan), from the stored inbound messages. */
export async function lastInboundAt(db: DbOrTx, platform: Platform, userId: string): Promise<Date | null> {
  const [row] = await db.select({ at: sql<Date | string | null>`max(${inboundMessages.receivedAt})` }).from(inboundMessages)
    .where(and(eq(inboundMessages.platform, platform), eq(inboundMessages.platformUserId, userId)));
  return row?.at ? new Date(row.at) : null;
}

/**
 * When the person last wrote a message, and last tapped (a stored event: `ev:` ids, a menu click or a scan).
 * Taken on the service's own clock when the message was handled (its arrival time, while it waits): the
 * platform's stamp has whole seconds and another clock, and the sends it allows are counted by our sent_at.
 */
export async function lastInbounds(db: DbOrTx, platform: Platform, userId: string): Promise<LastInbound> {
  const at = sql`coalesce(${inboundMessages.processedAt}, ${inboundMessages.receivedAt})`;
  const [row] = await db.select({
    message: sql<Date | string | null>`max(${at}) filter (where ${inboundMessages.platformMessageId} not like 'ev:%')`,
    event: sql<Date | string | null>`max(${at}) filter (where ${inboundMessages.platformMessageId} like 'ev:%')`,
  }).from(inboundMessages)
    .where(and(eq(inboundMessages.platform, platform), eq(inboundMessages.platformUserId, userId)));
  return { message: row?.message ? new Date(row.message) : null, event: row?.event ? new Date(row.event) : null };
}

/** Messages sent to the person the ordinary way (not as a template) since `at`: what the platform's allowance counts. */
export async function sentOrdinarilySince(db: DbOrTx, channel: Platform, recipient: string, at: Date): Promise<number> {
  const [row] = await db.select({ n: sql<number | string>`count(*)::int` }).from(outbox)
    .where(and(eq(outbox.channel, channel), eq(outbox.recipient, recipient), isNull(outbox.via),
      sql`${outbox.sentAt} >= ${at.toISOString()}::timestamptz`));
  return Number(row?.n ?? 0);
}

/** The row went out another way (a template message): how, and the platform's id for its delivery report. */
export async function markSentVia(db: DbOrTx, id: number, at: Date, via: OutsideSend): Promise<void> {
  await db.update(outbox).set({ sentAt: at, lockedUntil: null, lastError: null, heldAt: null, via: via.via, platformMsgId: via.platformMsgId })
    .where(eq(outbox.id, id));
}

/** The platform's delivery report of a message sent another way; false when no row has that id. */
export async function recordDelivery(db: DbOrTx, channel: Platform, platformMsgId: string, status: string): Promise<boolean> {
  const rows = await db.update(outbox).set({ delivery: status.slice(0, 120) })
    .where(and(eq(outbox.channel, channel), eq(outbox.platformMsgId, platformMsgId))).returning({ id: outbox.id });
  return rows.length > 0;
}

export interface NoticeSent {
  channel: Platform;
  via: string;
  event: string;
  sentAt: Date;
  delivery: string | null;
}

/** The request's news that went out as template messages, with what the platform reported of each. */
export async function noticesSentFor(db: DbOrTx, ref: number): Promise<NoticeSent[]> {
  const rows = await db.select({ channel: outbox.channel, via: outbox.via, payload: outbox.payload, sentAt: outbox.sentAt, delivery: outbox.delivery })
    .from(outbox)
    .where(and(isNotNull(outbox.via), isNotNull(outbox.sentAt), sql`(${outbox.payload} -> 'notice' ->> 'ref') = ${String(ref)}`))
    .orderBy(asc(outbox.id));
  return rows.map((r) => ({
    channel: r.channel, via: r.via!, sentAt: r.sentAt!, delivery: r.delivery,
    event: String(jsonOf<{ notice?: { event?: string } }>(r.payload).notice?.event ?? ''),
  }));
}

/**
 * The person wrote again: every unsent message to them goes out now, in order, the first one opened by
 * `notice(n)` (n: how many). A message held before keeps its own text under a new notice. Returns n, or 0
 * when nothing was held.
 */
export async function releaseHeld(db: Db, to: OutboxAddress, now: Date, notice: (n: number) => string): Promise<number> {
  const held = await db.select({ id: outbox.id }).from(outbox)
    .where(and(eq(outbox.channel, to.platform), eq(outbox.recipient, to.address), isNull(outbox.sentAt), isNull(outbox.failedAt), isNotNull(outbox.heldAt)))
    .limit(1);
  if (held.length === 0) return 0;
  return db.transaction(async (tx) => {
    const waiting = await tx.select({ id: outbox.id, payload: outbox.payload }).from(outbox)
      .where(and(eq(outbox.channel, to.platform), eq(outbox.recipient, to.address), isNull(outbox.sentAt), isNull(outbox.failedAt)))
      .orderBy(asc(outbox.id)).for('update');
    if (waiting.length === 0) return 0;
    const first = waiting[0]!;
    const payload = jsonOf<Record<string, unknown>>(first.payload);
    const own = typeof payload.heldText === 'string' ? payload.heldText : String(payload.text ?? '');
    await tx.update(outbox).set({ payload: { ...payload, heldText: own, text: `${notice(waiting.length)}\n${own}` } }).where(eq(outbox.id, first.id));
    // The person's message is stored only after this (so the held news comes before the answer to it): the
    // window is taken as open from the release itself, or a send racing the store would be held again.
    const released = JSON.stringify({ releasedAt: now.toISOString() });
    await tx.update(outbox)
      .set({ heldAt: null, nextAttemptAt: now, attempts: 0, lockedUntil: null, payload: sql`${outbox.payload} || ${released}::jsonb` })
      .where(inArray(outbox.id, waiting.map((w) => w.id)));
    return waiting.length;
  });
}

/**
 * Messages waiting for their person to write, per channel (for GET /api/v1/channels). Nothing queues behind
 * a held row (each row is decided on its own), so these are the held rows themselves.
 */
export async function heldCounts(db: DbOrTx): Promise<Map<Platform, number>> {
  const rows = rowsOf<{ channel: Platform; n: number | string }>(await db.execute(sql`
    select o.channel, count(*)::int as n from outbox o
    where o.sent_at is null and o.failed_at is null and o.held_at is not null
    group by o.channel`));
  return new Map(rows.map((r) => [r.channel, Number(r.n)]));
}
