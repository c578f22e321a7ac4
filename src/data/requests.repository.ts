import { and, asc, count, desc, eq, gt, inArray, isNotNull, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { groups, households, requestEvents, requestFollowers, requests } from '../../db/schema.js';
import type { RequestKind } from '../domain/classification.js';
import type { LedgerEntry } from '../domain/request.events.js';
import { openStatuses, type RequestStatus, waitingForAccept } from '../domain/request.machine.js';

export type RequestRow = typeof requests.$inferSelect;
export type NewRequest = typeof requests.$inferInsert;
export type RequestChange = Partial<Omit<NewRequest, 'ref'>>;
export type EventRow = typeof requestEvents.$inferSelect;

/** Locks the row for the rest of the transaction: two people acting on one request at once take turns. */
export async function findRequest(db: DbOrTx, ref: number): Promise<RequestRow | null> {
  const [row] = await db.select().from(requests).where(eq(requests.ref, ref)).for('update');
  return row ?? null;
}

export async function insertRequest(db: DbOrTx, values: NewRequest): Promise<RequestRow> {
  const [row] = await db.insert(requests).values(values).returning();
  return row!;
}

export async function updateRequest(db: DbOrTx, ref: number, change: RequestChange): Promise<RequestRow> {
  const [row] = await db.update(requests).set(change).where(eq(requests.ref, ref)).returning();
  return row!;
}

/**
 * Applies a change only while the request is still in `status` (and, when given, at that escalation
 * level): of several instances sweeping at once, only the one whose update matched acts on it.
 */
export async function claimRequest(db: DbOrTx, ref: number, expect: { status: RequestStatus; escalationLevel?: number; dueBy?: Date },
  change: RequestChange): Promise<RequestRow | null> {
  const [row] = await db.update(requests).set(change).where(and(
    eq(requests.ref, ref), eq(requests.status, expect.status),
    expect.escalationLevel === undefined ? undefined : eq(requests.escalationLevel, expect.escalationLevel),
    expect.dueBy === undefined ? undefined
      : expect.status === 'accepted' ? lte(requests.resolveDueAt, expect.dueBy) : lte(requests.acceptDueAt, expect.dueBy),
  )).returning();
  return row ?? null;
}

export async function addEvents(db: DbOrTx, ref: number, at: Date, entries: LedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(requestEvents).values(entries.map((e) => ({
    requestRef: ref, at, type: e.type, actorKind: e.actor.kind, actorId: e.actor.id, details: e.details,
  })));
}

export async function eventsOf(db: DbOrTx, ref: number): Promise<EventRow[]> {
  return db.select().from(requestEvents).where(eq(requestEvents.requestRef, ref)).orderBy(asc(requestEvents.id));
}

export async function eventsOfMany(db: DbOrTx, refs: number[]): Promise<EventRow[]> {
  if (refs.length === 0) return [];
  return db.select().from(requestEvents).where(inArray(requestEvents.requestRef, refs)).orderBy(asc(requestEvents.id));
}

/** Some kinds of events of many requests, with the fields a report counts (the rates read four kinds of a year's events). */
export async function eventsOfManyOfTypes(
  db: DbOrTx,
  refs: number[],
  types: readonly EventRow['type'][],
): Promise<Pick<EventRow, 'requestRef' | 'type' | 'at' | 'details'>[]> {
  if (refs.length === 0 || types.length === 0) return [];
  return db
    .select({ requestRef: requestEvents.requestRef, type: requestEvents.type, at: requestEvents.at, details: requestEvents.details })
    .from(requestEvents)
    .where(and(inArray(requestEvents.requestRef, refs), inArray(requestEvents.type, [...types])))
    .orderBy(asc(requestEvents.id));
}

export async function householdRequests(db: DbOrTx, householdId: number, limit = 10): Promise<RequestRow[]> {
  return db.select().from(requests).where(eq(requests.householdId, householdId)).orderBy(desc(requests.ref)).limit(limit);
}

/** A member's tasks: open ones and those waiting for the resident's rating (not closed, withdrawn or invalid). */
export async function openTasks(db: DbOrTx, memberId: number, limit = 20): Promise<RequestRow[]> {
  return db.select().from(requests)
    .where(and(eq(requests.assigneeId, memberId), notInArray(requests.status, ['closed', 'withdrawn', 'invalid'])))
    .orderBy(desc(requests.urgency), asc(requests.ref)).limit(limit);
}

/** A village's requests in some statuses (the open escalations, the reopened ones), urgent first then oldest. */
export async function villageRequestsIn(db: DbOrTx, villageId: number, statuses: readonly RequestStatus[], limit = 50): Promise<RequestRow[]> {
  if (statuses.length === 0) return [];
  return db.select().from(requests)
    .where(and(eq(requests.villageId, villageId), inArray(requests.status, [...statuses])))
    .orderBy(desc(requests.urgency), asc(requests.ref)).limit(limit);
}

/** Who got the village's previous dispute, for the mediators' round robin. */
export async function lastDisputeAssignee(db: DbOrTx, villageId: number): Promise<number | null> {
  const [row] = await db.select({ assigneeId: requests.assigneeId }).from(requests)
    .where(and(eq(requests.villageId, villageId), eq(requests.kind, 'dispute'), isNotNull(requests.assigneeId)))
    .orderBy(desc(requests.ref)).limit(1);
  return row?.assigneeId ?? null;
}

/** The open requests one account reported since a moment, newest first. */
export async function recentOpenFrom(db: DbOrTx, identityId: number, since: Date, limit = 5): Promise<RequestRow[]> {
  return db.select().from(requests).where(and(
    eq(requests.originIdentityId, identityId), gt(requests.createdAt, since), inArray(requests.status, openStatuses),
  )).orderBy(desc(requests.ref)).limit(limit);
}

/** The household's requests closed since `since`, the latest first: what "又漏了" may be about. */
export async function recentlyClosedOf(db: DbOrTx, householdId: number, since: Date, limit = 5): Promise<RequestRow[]> {
  return db.select().from(requests).where(and(
    eq(requests.householdId, householdId), eq(requests.status, 'closed'), gt(requests.closedAt, since),
  )).orderBy(desc(requests.closedAt)).limit(limit);
}

/** Open requests of one kind from the other households of a group, newest first. */
export async function openInGroup(db: DbOrTx, groupId: number, exceptHouseholdId: number, kind: RequestKind, since: Date, limit = 50): Promise<RequestRow[]> {
  const rows = await db.select({ r: requests }).from(requests)
    .innerJoin(households, eq(households.id, requests.householdId))
    .where(and(
      eq(households.groupId, groupId), ne(requests.householdId, exceptHouseholdId),
      eq(requests.kind, kind), inArray(requests.status, openStatuses), gt(requests.createdAt, since),
    )).orderBy(desc(requests.ref)).limit(limit);
  return rows.map((x) => x.r);
}

/**
 * recentOpenFrom and openInGroup in one statement (intake asks both of most reports): each branch keeps its own
 * order and limit, and each row says which branch found it. A branch not asked (null) is not run.
 */
export async function recentAndGroupOpen(
  db: DbOrTx,
  own: { identityId: number; since: Date } | null,
  group: { groupId: number; exceptHouseholdId: number; kind: RequestKind; since: Date } | null,
): Promise<{ own: RequestRow[]; group: RequestRow[] }> {
  if (!own || !group) {
    return {
      own: own ? await recentOpenFrom(db, own.identityId, own.since) : [],
      group: group ? await openInGroup(db, group.groupId, group.exceptHouseholdId, group.kind, group.since) : [],
    };
  }
  const ownRefs = db.select({ ref: requests.ref, which: sql<number>`1`.as('which') }).from(requests).where(and(
    eq(requests.originIdentityId, own.identityId), gt(requests.createdAt, own.since), inArray(requests.status, openStatuses),
  )).orderBy(desc(requests.ref)).limit(5);
  const groupRefs = db.select({ ref: requests.ref, which: sql<number>`2`.as('which') }).from(requests)
    .innerJoin(households, eq(households.id, requests.householdId))
    .where(and(
      eq(households.groupId, group.groupId), ne(requests.householdId, group.exceptHouseholdId),
      eq(requests.kind, group.kind), inArray(requests.status, openStatuses), gt(requests.createdAt, group.since),
    )).orderBy(desc(requests.ref)).limit(50);
  const pick = ownRefs.unionAll(groupRefs).as('pick');
  const rows = await db.select({ which: pick.which, r: requests }).from(pick)
    .innerJoin(requests, eq(requests.ref, pick.ref)).orderBy(desc(requests.ref));
  return {
    own: rows.filter((x) => Number(x.which) === 1).map((x) => x.r),
    group: rows.filter((x) => Number(x.which) === 2).map((x) => x.r),
  };
}

/** Adds a household as a follower; returns how many households the request concerns now. */
export async function addFollower(db: DbOrTx, ref: number, householdId: number, identityId: number, at: Date): Promise<number> {
  await db.insert(requestFollowers).values({ requestRef: ref, householdId, identityId, at }).onConflictDoNothing();
  const [row] = await db.select({ n: count() }).from(requestFollowers).where(eq(requestFollowers.requestRef, ref));
  return Number(row?.n ?? 0) + 1;
}

export async function followerIdentities(db: DbOrTx, ref: number): Promise<number[]> {
  const rows = await db.select({ id: requestFollowers.identityId }).from(requestFollowers).where(eq(requestFollowers.requestRef, ref));
  return rows.map((r) => r.id);
}

export async function followerCounts(db: DbOrTx, refs: number[]): Promise<Map<number, number>> {
  if (refs.length === 0) return new Map();
  const rows = await db.select({ ref: requestFollowers.requestRef, n: count() }).from(requestFollowers)
    .where(inArray(requestFollowers.requestRef, refs)).groupBy(requestFollowers.requestRef);
  return new Map(rows.map((f) => [f.ref, Number(f.n)]));
}

/** The household's request waiting for a rating, else the one it rated last. */
export async function ratingCandidate(db: DbOrTx, householdId: number): Promise<{ waiting: RequestRow | null; lastRated: RequestRow | null }> {
  const [waiting] = await db.select().from(requests)
    .where(and(eq(requests.householdId, householdId), eq(requests.status, 'resolved')))
    .orderBy(desc(requests.resolvedAt)).limit(1);
  if (waiting) return { waiting, lastRated: null };
  const [rated] = await db.select().from(requests)
    .where(and(eq(requests.householdId, householdId), isNotNull(requests.rating)))
    .orderBy(desc(requests.updatedAt)).limit(1);
  return { waiting: null, lastRated: rated ?? null };
}

/** Requests with a running clock: waiting to be accepted, or accepted and waiting to be resolved. */
export async function requestsWithDeadlines(db: DbOrTx): Promise<RequestRow[]> {
  return db.select().from(requests).where(or(
    and(inArray(requests.status, waitingForAccept), isNotNull(requests.acceptDueAt)),
    and(eq(requests.status, 'accepted'), isNotNull(requests.resolveDueAt)),
  ));
}

/** Claims the reminder for one deadline: true for the one caller that should send it. */
export async function claimReminder(db: DbOrTx, ref: number, deadline: Date): Promise<boolean> {
  const claimed = await db.update(requests).set({ remindedFor: deadline })
    .where(and(eq(requests.ref, ref), sql`${requests.remindedFor} is distinct from ${deadline.toISOString()}::timestamptz`))
    .returning({ ref: requests.ref });
  return claimed.length > 0;
}

export async function resolvedBefore(db: DbOrTx, before: Date): Promise<RequestRow[]> {
  return db.select().from(requests).where(and(eq(requests.status, 'resolved'), lte(requests.resolvedAt, before)));
}

/** Claims the one polite reminder of the return visit. */
export async function claimRatingReminder(db: DbOrTx, ref: number, now: Date): Promise<boolean> {
  const claimed = await db.update(requests).set({ ratingRemindedAt: now })
    .where(and(eq(requests.ref, ref), sql`${requests.ratingRemindedAt} is null`)).returning({ ref: requests.ref });
  return claimed.length > 0;
}

// Say-things topics

export interface AgendaRow {
  ref: number;
  summary: string;
  group: string;
}

/** Open topics of a session, by group then reference. */
export async function openTopics(db: DbOrTx, sessionId: number): Promise<AgendaRow[]> {
  return db.select({ ref: requests.ref, summary: requests.summary, group: groups.name })
    .from(requests)
    .innerJoin(households, eq(households.id, requests.householdId))
    .innerJoin(groups, eq(groups.id, households.groupId))
    .where(and(eq(requests.sessionId, sessionId), inArray(requests.status, openStatuses)))
    .orderBy(asc(groups.code), asc(requests.ref));
}

export async function sessionTopics(db: DbOrTx, sessionId: number): Promise<RequestRow[]> {
  return db.select().from(requests).where(eq(requests.sessionId, sessionId)).orderBy(asc(requests.ref));
}

/** Moves a session's open topics to another session; returns them. */
export async function moveOpenTopics(db: DbOrTx, fromSessionId: number, toSessionId: number, now: Date): Promise<RequestRow[]> {
  return db.update(requests).set({ sessionId: toSessionId, updatedAt: now })
    .where(and(eq(requests.sessionId, fromSessionId), inArray(requests.status, openStatuses), isNotNull(requests.sessionId))).returning();
}

/** One open topic moves to another session (carried over by hand); null when it is no longer open. */
export async function moveTopic(db: DbOrTx, ref: number, toSessionId: number, now: Date): Promise<RequestRow | null> {
  const [row] = await db.update(requests).set({ sessionId: toSessionId, updatedAt: now })
    .where(and(eq(requests.ref, ref), inArray(requests.status, openStatuses), isNotNull(requests.sessionId))).returning();
  return row ?? null;
}

/** Topics that were carried over from the session held on `date` (they now belong to a later one). */
export async function carriedOverFrom(db: DbOrTx, villageId: number, date: string): Promise<RequestRow[]> {
  const rows = await db.select({ r: requests }).from(requestEvents)
    .innerJoin(requests, eq(requests.ref, requestEvents.requestRef))
    .where(and(eq(requestEvents.type, 'carried_over'), eq(requests.villageId, villageId), sql`${requestEvents.details}->>'from' = ${date}`));
  return rows.map((x) => x.r);
}
