import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { households, members, requestEvents, requests } from '../../db/schema.js';
import type { RequestStatus } from '../domain/request.machine.js';
import { formatRef } from '../domain/reference.js';
import type { RequestView, Texts, TimelineEntry } from '../texts/texts.js';
import type { RequestKind } from '../domain/classification.js';

export type RequestRow = typeof requests.$inferSelect;
export type EventRow = typeof requestEvents.$inferSelect;

/** Locks the row for the rest of the transaction: two people acting on one request at once take turns. */
export async function findRequest(db: DbOrTx, ref: number): Promise<RequestRow | null> {
  const [row] = await db.select().from(requests).where(eq(requests.ref, ref)).for('update');
  return row ?? null;
}

export async function addEvent(
  db: DbOrTx, ref: number, at: Date, type: string,
  actor: { kind: 'resident' | 'member' | 'system'; id: number | null }, details: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(requestEvents).values({ requestRef: ref, at, type, actorKind: actor.kind, actorId: actor.id, details });
}

export async function eventsOf(db: DbOrTx, ref: number): Promise<EventRow[]> {
  return db.select().from(requestEvents).where(eq(requestEvents.requestRef, ref)).orderBy(asc(requestEvents.id));
}

export function toView(r: RequestRow): RequestView {
  return { ref: formatRef(r.ref), kind: r.kind as RequestKind, summary: r.summary, status: r.status as RequestStatus, urgent: r.urgency === 'urgent' };
}

export async function householdRequests(db: DbOrTx, householdId: number, limit = 10): Promise<RequestRow[]> {
  return db.select().from(requests).where(eq(requests.householdId, householdId)).orderBy(desc(requests.ref)).limit(limit);
}

export async function openTasks(db: DbOrTx, memberId: number, limit = 20): Promise<RequestRow[]> {
  return db.select().from(requests)
    .where(and(eq(requests.assigneeId, memberId), ne(requests.status, 'closed')))
    .orderBy(desc(requests.urgency), asc(requests.ref)).limit(limit);
}

export async function memberName(db: DbOrTx, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const [m] = await db.select({ name: members.name }).from(members).where(eq(members.id, id));
  return m?.name ?? null;
}

export async function household(db: DbOrTx, id: number) {
  const [h] = await db.select().from(households).where(eq(households.id, id));
  return h!;
}

/** The ledger in a form people read: who did what, when, in the village's time zone. */
export async function timeline(db: DbOrTx, ref: number, timezone: string, t: Texts): Promise<TimelineEntry[]> {
  const events = await eventsOf(db, ref);
  const memberIds = [...new Set(events.filter((e) => e.actorKind === 'member' && e.actorId !== null).map((e) => e.actorId!))];
  const names = new Map(
    memberIds.length ? (await db.select({ id: members.id, name: members.name }).from(members).where(inArray(members.id, memberIds))).map((m) => [m.id, m.name]) : [],
  );
  const fmt = new Intl.DateTimeFormat('zh-CN', { timeZone: timezone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
  return events.filter((e) => e.type !== 'copied').map((e) => ({
    at: fmt.format(e.at),
    type: e.type,
    actor: e.actorKind === 'member' ? (names.get(e.actorId!) ?? null) : null,
    note: typeof e.details.text === 'string'
      ? e.details.text
      : typeof e.details.rating === 'string' ? (t.rating[e.details.rating as keyof Texts['rating']] ?? null) : null,
  }));
}
