import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { chatLinks, groups, households, noticeDeliveries, noticeReads, notices } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';

export type NoticeRow = typeof notices.$inferSelect;

export async function insertNotice(db: DbOrTx, values: typeof notices.$inferInsert): Promise<NoticeRow> {
  const [row] = await db.insert(notices).values(values).returning();
  return row!;
}

export async function noticeById(db: DbOrTx, id: number): Promise<NoticeRow | null> {
  const [row] = await db.select().from(notices).where(eq(notices.id, id));
  return row ?? null;
}

export async function recentNotices(db: DbOrTx, villageId: number, limit = 5): Promise<NoticeRow[]> {
  return db.select().from(notices).where(eq(notices.villageId, villageId)).orderBy(desc(notices.id)).limit(limit);
}

export async function groupsByCodes(db: DbOrTx, villageId: number, codes: string[]): Promise<{ id: number; code: string }[]> {
  if (codes.length === 0) return [];
  return db.select({ id: groups.id, code: groups.code }).from(groups).where(and(eq(groups.villageId, villageId), inArray(groups.code, codes)));
}

/** The group chats linked to these groups of the village (all its groups when none are named). */
export async function linkedChatsOf(db: DbOrTx, villageId: number, groupIds: number[]): Promise<{ platform: Platform; address: string; groupId: number }[]> {
  return db.select({ platform: chatLinks.platform, address: chatLinks.chatId, groupId: chatLinks.groupId }).from(chatLinks)
    .innerJoin(groups, eq(groups.id, chatLinks.groupId))
    .where(and(eq(groups.villageId, villageId), groupIds.length ? inArray(groups.id, groupIds) : undefined))
    .orderBy(asc(chatLinks.id));
}

/** Records where a notice was queued; answers false when it was already queued there. */
export async function addDelivery(db: DbOrTx, d: typeof noticeDeliveries.$inferInsert): Promise<boolean> {
  const rows = await db.insert(noticeDeliveries).values(d).onConflictDoNothing().returning({ id: noticeDeliveries.id });
  return rows.length > 0;
}

/** 已读 once per account; answers false when this account had already said so. */
export async function markRead(db: DbOrTx, r: { noticeId: number; identityId: number; householdId: number | null; at: Date }): Promise<boolean> {
  const rows = await db.insert(noticeReads).values(r).onConflictDoNothing().returning({ id: noticeReads.id });
  return rows.length > 0;
}

export interface NoticeCounts {
  queued: { rooms: number; residents: number };
  /** Of those, how many the platform accepted (the outbox row carrying the notice's 已读 button was sent). */
  delivered: { rooms: number; residents: number };
  reads: number;
  householdsRead: number;
}

export async function noticeCounts(db: DbOrTx, noticeId: number): Promise<NoticeCounts> {
  const queued = await db.select({ kind: noticeDeliveries.kind, n: count() }).from(noticeDeliveries)
    .where(eq(noticeDeliveries.noticeId, noticeId)).groupBy(noticeDeliveries.kind);
  // The notice's last part carries its 已读 button (`nr:<id>`): that row, sent, is the delivery.
  const marker = JSON.stringify([[{ data: `nr:${noticeId}` }]]);
  const delivered = rowsOf<{ kind: string; n: number }>(await db.execute(sql`
    select d.kind, count(distinct (d.platform, d.address))::int as n from notice_deliveries d
    join outbox o on o.channel = d.platform and o.recipient = d.address
     and o.payload -> 'buttons' @> ${marker}::jsonb and o.sent_at is not null
    where d.notice_id = ${noticeId} group by d.kind`));
  const [reads] = await db.select({ n: count(), households: sql<number>`count(distinct ${noticeReads.householdId})::int` })
    .from(noticeReads).where(eq(noticeReads.noticeId, noticeId));
  const of = (rows: { kind: string; n: number }[], kind: string) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
  return {
    queued: { rooms: of(queued, 'room'), residents: of(queued, 'resident') },
    delivered: { rooms: of(delivered, 'room'), residents: of(delivered, 'resident') },
    reads: Number(reads?.n ?? 0),
    householdsRead: Number(reads?.households ?? 0),
  };
}

export interface NoticeHousehold { householdId: number; head: string; address: string | null; groupId: number; groupName: string; read: boolean }

/** The households a notice reached in their own chats, each with its group and whether any account of it pressed 已读. */
export async function noticeHouseholds(db: DbOrTx, noticeId: number): Promise<NoticeHousehold[]> {
  const reached = db.selectDistinct({ id: noticeDeliveries.householdId }).from(noticeDeliveries)
    .where(and(eq(noticeDeliveries.noticeId, noticeId), eq(noticeDeliveries.kind, 'resident')));
  const rows = await db.select({
    householdId: households.id, head: households.head, address: households.address, groupId: groups.id, groupName: groups.name,
    read: sql<boolean>`exists (select 1 from notice_reads r where r.notice_id = ${noticeId} and r.household_id = ${households.id})`,
  }).from(households).innerJoin(groups, eq(groups.id, households.groupId))
    .where(inArray(households.id, reached)).orderBy(asc(groups.id), asc(households.id));
  return rows.map((r) => ({ ...r, read: Boolean(r.read) }));
}
