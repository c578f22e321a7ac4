import { and, count, desc, eq, gt, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { jsonOf } from '../../db/rows.js';
import { households, inboundMessages, members, outbox, villages } from '../../db/schema.js';
import type { InboundMessage, OutboundMessage, Platform } from '../channels/channel.port.js';

export interface SentRow {
  id: number;
  message: OutboundMessage;
  createdAt: Date;
}

/** What was sent or is still queued to one recipient (not what was given up), the newest `limit` above `afterId`, oldest first. */
export async function sentTo(db: DbOrTx, platform: Platform, recipient: string, afterId: number, limit: number): Promise<SentRow[]> {
  const rows = await db.select({ id: outbox.id, payload: outbox.payload, createdAt: outbox.createdAt }).from(outbox)
    .where(and(eq(outbox.channel, platform), eq(outbox.recipient, recipient), isNull(outbox.failedAt), gt(outbox.id, afterId)))
    .orderBy(desc(outbox.id)).limit(limit);
  return rows.reverse().map((r) => ({ id: Number(r.id), message: jsonOf<OutboundMessage>(r.payload), createdAt: r.createdAt }));
}

export interface ReceivedRow {
  messageId: string;
  message: InboundMessage;
  receivedAt: Date;
  processedAt: Date | null;
}

/** The newest `limit` messages one person sent on a platform, oldest first. */
export async function receivedFrom(db: DbOrTx, platform: Platform, userId: string, limit: number): Promise<ReceivedRow[]> {
  const rows = await db.select({
    messageId: inboundMessages.platformMessageId, payload: inboundMessages.payload,
    receivedAt: inboundMessages.receivedAt, processedAt: inboundMessages.processedAt,
  }).from(inboundMessages)
    .where(and(eq(inboundMessages.platform, platform), eq(inboundMessages.platformUserId, userId)))
    .orderBy(desc(inboundMessages.id)).limit(limit);
  return rows.reverse().map((r) => ({
    messageId: r.messageId, message: jsonOf<InboundMessage>(r.payload), receivedAt: r.receivedAt, processedAt: r.processedAt,
  }));
}

/** The binding codes the database holds now for some households and members of a village, by their codes; null without the village. */
export async function bindCodesNow(db: DbOrTx, villageCode: string, householdCodes: string[], memberCodes: string[]):
  Promise<{ households: Map<string, string>; members: Map<string, string> } | null> {
  // Only the village marked as the demo: a real village that took the demo's code offers no card.
  const [village] = await db.select({ id: villages.id }).from(villages).where(and(eq(villages.code, villageCode), eq(villages.isDemo, true)));
  if (!village) return null;
  const hs = householdCodes.length === 0 ? [] : await db.select({ code: households.code, bindCode: households.bindCode }).from(households)
    .where(and(eq(households.villageId, village.id), inArray(households.code, householdCodes)));
  const ms = memberCodes.length === 0 ? [] : await db.select({ code: members.code, bindCode: members.bindCode }).from(members)
    .where(and(eq(members.villageId, village.id), inArray(members.code, memberCodes)));
  return { households: new Map(hs.map((h) => [h.code, h.bindCode])), members: new Map(ms.map((m) => [m.code, m.bindCode])) };
}
/** How a platform's outbox stands: rows waiting (not yet sent nor given up), sent, and given up. */
export async function outboxTally(db: DbOrTx, platform: Platform): Promise<{ queued: number; sent: number; failed: number }> {
  const n = async (where: ReturnType<typeof and>) => Number((await db.select({ n: count() }).from(outbox).where(where))[0]?.n ?? 0);
  const [queued, sent, failed] = await Promise.all([
    n(and(eq(outbox.channel, platform), isNull(outbox.sentAt), isNull(outbox.failedAt))),
    n(and(eq(outbox.channel, platform), isNotNull(outbox.sentAt))),
    n(and(eq(outbox.channel, platform), isNotNull(outbox.failedAt))),
  ]);
  return { queued, sent, failed };
}
