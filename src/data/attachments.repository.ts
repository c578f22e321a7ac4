import { and, asc, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { attachments, requests } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';

export type AttachmentRow = typeof attachments.$inferSelect;
export type NewAttachment = Omit<typeof attachments.$inferInsert, 'id' | 'requestRef' | 'deletedAt'>;

/** Written before the message is handled; a retried handling writes the same row again, not a second one. */
export async function saveAttachment(db: DbOrTx, row: NewAttachment): Promise<AttachmentRow> {
  const [saved] = await db.insert(attachments).values(row)
    .onConflictDoUpdate({
      target: [attachments.inboundId, attachments.position],
      set: { storageKey: row.storageKey, state: row.state, refusal: row.refusal ?? null, mime: row.mime, size: row.size, transcript: row.transcript },
    })
    .returning();
  return saved!;
}

export async function attachmentsOfInbound(db: DbOrTx, inboundId: number): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(eq(attachments.inboundId, inboundId)).orderBy(asc(attachments.position));
}

/** What one account sent since `since` that belongs to no request yet (a photo sent before its words). */
export async function looseAttachments(db: DbOrTx, platform: Platform, platformUserId: string, since: Date): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(and(
    eq(attachments.platform, platform), eq(attachments.platformUserId, platformUserId),
    isNull(attachments.requestRef), gte(attachments.createdAt, since),
  )).orderBy(asc(attachments.id));
}

/** What one message of this account carried that is still loose: the attachments a "which request?" button files. */
export async function looseOfInbound(db: DbOrTx, platform: Platform, platformUserId: string, inboundId: number): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(and(
    eq(attachments.inboundId, inboundId), eq(attachments.platform, platform), eq(attachments.platformUserId, platformUserId),
    isNull(attachments.requestRef),
  )).orderBy(asc(attachments.position));
}

export async function attachToRequest(db: DbOrTx, ids: number[], ref: number): Promise<void> {
  if (ids.length === 0) return;
  await db.update(attachments).set({ requestRef: ref }).where(and(inArray(attachments.id, ids), isNull(attachments.requestRef)));
}

export async function requestAttachments(db: DbOrTx, ref: number): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(eq(attachments.requestRef, ref)).orderBy(asc(attachments.id));
}

export async function findRequestAttachment(db: DbOrTx, ref: number, id: number): Promise<AttachmentRow | null> {
  const [row] = await db.select().from(attachments).where(and(eq(attachments.requestRef, ref), eq(attachments.id, id)));
  return row ?? null;
}

/**
 * Attachments whose bytes retention lets go: of requests finished (closed, withdrawn, invalid) before
 * `before`, and loose ones (never part of a request) sent before it.
 */
export async function expiredAttachments(db: DbOrTx, before: Date, limit = 500): Promise<AttachmentRow[]> {
  const finished = db.select({ ref: requests.ref }).from(requests)
    .where(and(inArray(requests.status, ['closed', 'withdrawn', 'invalid']), lt(requests.updatedAt, before)));
  return db.select().from(attachments).where(and(
    eq(attachments.state, 'stored'),
    or(inArray(attachments.requestRef, finished), and(isNull(attachments.requestRef), lt(attachments.createdAt, before))),
  )).orderBy(asc(attachments.id)).limit(limit);
}

/** Only the row that still says stored is marked, so two instances sweeping at once delete a key once. */
export async function markAttachmentDeleted(db: DbOrTx, id: number, now: Date): Promise<boolean> {
  const rows = await db.update(attachments).set({ state: 'deleted', deletedAt: now })
    .where(and(eq(attachments.id, id), eq(attachments.state, 'stored'))).returning({ id: attachments.id });
  return rows.length > 0;
}

/** Whether another attachment still uses these bytes (the same photo sent twice shares a key). */
export async function keyStillUsed(db: DbOrTx, key: string): Promise<boolean> {
  const rows = await db.select({ id: attachments.id }).from(attachments)
    .where(and(eq(attachments.storageKey, key), eq(attachments.state, 'stored'))).limit(1);
  return rows.length > 0;
}
