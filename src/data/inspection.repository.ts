import { and, asc, count, eq, isNotNull, isNull, lte, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { chatLinks, groups, households, inboundMessages, members, outbox, villages } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';

/**
 * Read-only views of the inbound log, the outbox and the roster, for operators, the bench and tests:
 * what arrived, what is queued or gave up, which rooms are linked, how big the roster is. Nothing
 * here changes a row; the service itself never needs these.
 */

export interface InboundEntry {
  id: number;
  platform: Platform;
  platformMessageId: string;
  platformUserId: string;
  receivedAt: Date;
  processedAt: Date | null;
  attempts: number;
  lastError: string | null;
}

export interface InboundFilter {
  platform?: Platform;
  platformUserId?: string;
  /** Only messages not handled yet (processed_at is null). */
  pending?: boolean;
}

function inboundWhere(f: InboundFilter): SQL | undefined {
  const where: SQL[] = [];
  if (f.platform) where.push(eq(inboundMessages.platform, f.platform));
  if (f.platformUserId !== undefined) where.push(eq(inboundMessages.platformUserId, f.platformUserId));
  if (f.pending) where.push(isNull(inboundMessages.processedAt));
  return where.length ? and(...where) : undefined;
}

/** How many messages the inbound log holds (all, or those matching the filter). */
export async function countInbound(db: DbOrTx, filter: InboundFilter = {}): Promise<number> {
  const [row] = await db.select({ n: count() }).from(inboundMessages).where(inboundWhere(filter));
  return Number(row?.n ?? 0);
}

/** The inbound log, oldest first, without the payloads. */
export async function inboundEntries(db: DbOrTx, filter: InboundFilter = {}): Promise<InboundEntry[]> {
  return db.select({
    id: inboundMessages.id, platform: inboundMessages.platform, platformMessageId: inboundMessages.platformMessageId,
    platformUserId: inboundMessages.platformUserId, receivedAt: inboundMessages.receivedAt, processedAt: inboundMessages.processedAt,
    attempts: inboundMessages.attempts, lastError: inboundMessages.lastError,
  }).from(inboundMessages).where(inboundWhere(filter)).orderBy(asc(inboundMessages.id));
}

export interface OutboxEntry {
  id: number;
  channel: Platform;
  recipient: string;
  /** The text of this part (a long message is split into several rows). */
  text: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  sentAt: Date | null;
  failedAt: Date | null;
  lastError: string | null;
}

export interface OutboxFilter {
  channel?: Platform;
  recipient?: string;
}

const outboxColumns = {
  id: outbox.id, channel: outbox.channel, recipient: outbox.recipient, payload: outbox.payload, attempts: outbox.attempts,
  createdAt: outbox.createdAt, nextAttemptAt: outbox.nextAttemptAt, sentAt: outbox.sentAt, failedAt: outbox.failedAt, lastError: outbox.lastError,
};
async function outboxWhere(db: DbOrTx, where: SQL | undefined): Promise<OutboxEntry[]> {
  const rows = await db.select(outboxColumns).from(outbox).where(where).orderBy(asc(outbox.id));
  return rows.map((r) => ({ ...r, text: typeof r.payload.text === 'string' ? r.payload.text : '' }));
}

/** Every outbox row (sent, waiting or given up) of a channel and/or recipient, in the order they were queued. */
export async function outboxRows(db: DbOrTx, filter: OutboxFilter = {}): Promise<OutboxEntry[]> {
  const where: SQL[] = [];
  if (filter.channel) where.push(eq(outbox.channel, filter.channel));
  if (filter.recipient !== undefined) where.push(eq(outbox.recipient, filter.recipient));
  return outboxWhere(db, where.length ? and(...where) : undefined);
}

/** Rows the dispatcher gave up on (a permanent refusal, or out of attempts). */
export async function failedOutbox(db: DbOrTx): Promise<OutboxEntry[]> {
  return outboxWhere(db, isNotNull(outbox.failedAt));
}

/** Rows neither sent nor given up whose time has come: what the dispatcher still owes at `now`. */
export async function countOutboxDue(db: DbOrTx, now: Date): Promise<number> {
  const [row] = await db.select({ n: count() }).from(outbox)
    // A held row (waiting for the person to write) is not due: only their next message releases it.
    .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt), isNull(outbox.heldAt), lte(outbox.nextAttemptAt, now)));
  return Number(row?.n ?? 0);
}

export interface ChatLinkEntry {
  platform: Platform;
  chatId: string;
  village: string;
  /** The mutual-aid group's code. */
  group: string;
  /** The member who linked it, by code. */
  linkedBy: string | null;
  linkedAt: Date;
}

/** Group chats linked to a mutual-aid group (for notices), oldest first. */
export async function chatLinkEntries(db: DbOrTx): Promise<ChatLinkEntry[]> {
  return db.select({
    platform: chatLinks.platform, chatId: chatLinks.chatId, village: villages.code, group: groups.code,
    linkedBy: members.code, linkedAt: chatLinks.linkedAt,
  }).from(chatLinks)
    .innerJoin(groups, eq(groups.id, chatLinks.groupId))
    .innerJoin(villages, eq(villages.id, groups.villageId))
    .leftJoin(members, eq(members.id, chatLinks.linkedBy))
    .orderBy(asc(chatLinks.id));
}

export interface RosterSize {
  villages: number;
  groups: number;
  households: number;
  members: number;
}

/** How many villages, groups, households and members the roster holds (of one village, given its code). */
export async function rosterSize(db: DbOrTx, villageCode?: string): Promise<RosterSize> {
  const n = async (rows: Promise<{ n: number }[]>) => Number((await rows)[0]?.n ?? 0);
  if (villageCode === undefined) {
    return {
      villages: await n(db.select({ n: count() }).from(villages)),
      groups: await n(db.select({ n: count() }).from(groups)),
      households: await n(db.select({ n: count() }).from(households)),
      members: await n(db.select({ n: count() }).from(members)),
    };
  }
  const inVillage = eq(villages.code, villageCode);
  return {
    villages: await n(db.select({ n: count() }).from(villages).where(inVillage)),
    groups: await n(db.select({ n: count() }).from(groups).innerJoin(villages, eq(villages.id, groups.villageId)).where(inVillage)),
    households: await n(db.select({ n: count() }).from(households).innerJoin(villages, eq(villages.id, households.villageId)).where(inVillage)),
    members: await n(db.select({ n: count() }).from(members).innerJoin(villages, eq(villages.id, members.villageId)).where(inVillage)),
  };
}

export interface HouseholdCard {
  code: string;
  group: string;
  head: string;
  bindCode: string;
}

/** A village's households with the codes on their contact cards, by household code. */
export async function householdCards(db: DbOrTx, villageCode: string): Promise<HouseholdCard[]> {
  return db.select({ code: households.code, group: groups.code, head: households.head, bindCode: households.bindCode })
    .from(households)
    .innerJoin(villages, eq(villages.id, households.villageId))
    .innerJoin(groups, eq(groups.id, households.groupId))
    .where(eq(villages.code, villageCode))
    .orderBy(asc(households.code));
}
