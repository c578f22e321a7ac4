import { and, asc, desc, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  groups, households, mediationCases, memberPoints, memberRequestRatings, members, pointRules, ratingRoundBallots, ratingRounds, requestEvents, requests,
  starPublications,
} from '../../db/schema.js';
import type { Rating } from '../domain/commands.js';
import type { PointRule } from '../domain/member-points.js';

export type RatingRoundRow = typeof ratingRounds.$inferSelect;
export type RoundBallotRow = typeof ratingRoundBallots.$inferSelect;
export type PointRow = typeof memberPoints.$inferSelect;
export type StarPublicationRow = typeof starPublications.$inferSelect;

/** The return visit's answer as the household's rating of the member who handled the request; a new answer replaces it. */
export async function recordRequestRating(db: DbOrTx, r: { requestRef: number; villageId: number; memberId: number; householdId: number; rating: Rating; at: Date }): Promise<void> {
  await db.insert(memberRequestRatings).values(r).onConflictDoUpdate({
    target: memberRequestRatings.requestRef, set: { memberId: r.memberId, householdId: r.householdId, rating: r.rating, at: r.at },
  });
}

export async function roundOfQuarter(db: DbOrTx, villageId: number, quarter: string): Promise<RatingRoundRow | null> {
  const [row] = await db.select().from(ratingRounds).where(and(eq(ratingRounds.villageId, villageId), eq(ratingRounds.quarter, quarter)));
  return row ?? null;
}

export async function roundById(db: DbOrTx, id: number): Promise<RatingRoundRow | null> {
  const [row] = await db.select().from(ratingRounds).where(eq(ratingRounds.id, id));
  return row ?? null;
}

/** A new round, or null when the quarter already has one (of two secretaries pressing at once, one opens it). */
export async function insertRound(db: DbOrTx, r: typeof ratingRounds.$inferInsert): Promise<RatingRoundRow | null> {
  const [row] = await db.insert(ratingRounds).values(r).onConflictDoNothing().returning();
  return row ?? null;
}

/** One statement under the unique index: two accounts of one household answering at the same instant leave one row. */
export async function castRoundBallot(db: DbOrTx, b: { roundId: number; memberId: number; householdId: number; rating: Rating; identityId: number; at: Date }): Promise<RoundBallotRow> {
  const [row] = await db.insert(ratingRoundBallots).values({ ...b, firstAt: b.at }).onConflictDoUpdate({
    target: [ratingRoundBallots.roundId, ratingRoundBallots.memberId, ratingRoundBallots.householdId],
    set: { rating: b.rating, identityId: b.identityId, at: b.at, changes: sql`${ratingRoundBallots.changes} + 1` },
  }).returning();
  return row!;
}

/** Who serves each group of the village: its leader and deputy. */
export async function groupServers(db: DbOrTx, villageId: number): Promise<{ groupId: number; groupName: string; memberIds: number[] }[]> {
  const rows = await db.select({ id: groups.id, name: groups.name, leaderId: groups.leaderId, deputyId: groups.deputyId }).from(groups)
    .where(eq(groups.villageId, villageId)).orderBy(asc(groups.id));
  return rows.map((g) => ({ groupId: g.id, groupName: g.name, memberIds: [...new Set([g.leaderId, g.deputyId].filter((x): x is number => x !== null))] }));
}

export async function householdGroup(db: DbOrTx, householdId: number): Promise<number | null> {
  const [row] = await db.select({ groupId: households.groupId }).from(households).where(eq(households.id, householdId));
  return row?.groupId ?? null;
}

export async function villagePointRules(db: DbOrTx, villageId: number): Promise<{ rule: string; points: number }[]> {
  return db.select({ rule: pointRules.rule, points: pointRules.points }).from(pointRules).where(eq(pointRules.villageId, villageId));
}

export async function setPointRule(db: DbOrTx, villageId: number, rule: PointRule, points: number, at: Date): Promise<void> {
  await db.insert(pointRules).values({ villageId, rule, points, updatedAt: at })
    .onConflictDoUpdate({ target: [pointRules.villageId, pointRules.rule], set: { points, updatedAt: at } });
}

/** Request ledger events that can earn points: a member's 接单 and 办结, with the deadline the 接单 is measured against. */
export async function handlingEvents(db: DbOrTx, villageId: number, from: Date, to: Date) {
  return db.select({
    eventId: requestEvents.id, type: requestEvents.type, at: requestEvents.at, memberId: requestEvents.actorId, ref: requests.ref,
    acceptDueAt: requests.acceptDueAt, details: requestEvents.details,
  }).from(requestEvents).innerJoin(requests, eq(requests.ref, requestEvents.requestRef))
    .where(and(eq(requests.villageId, villageId), inArray(requestEvents.type, ['accepted', 'resolved']), eq(requestEvents.actorKind, 'member'),
      isNotNull(requestEvents.actorId), gte(requestEvents.at, from), lt(requestEvents.at, to)))
    .orderBy(asc(requestEvents.id));
}

/** 满意 at a return visit, each with its ledger event and the member rated. */
export async function satisfiedEvents(db: DbOrTx, villageId: number, from: Date, to: Date) {
  return db.select({ eventId: requestEvents.id, at: requestEvents.at, ref: requests.ref, memberId: memberRequestRatings.memberId })
    .from(requestEvents).innerJoin(requests, eq(requests.ref, requestEvents.requestRef))
    .innerJoin(memberRequestRatings, eq(memberRequestRatings.requestRef, requests.ref))
    .where(and(eq(requests.villageId, villageId), eq(requestEvents.type, 'rated'), sql`${requestEvents.details}->>'rating' = 'satisfied'`,
      gte(requestEvents.at, from), lt(requestEvents.at, to)))
    .orderBy(asc(requestEvents.id));
}

/** Mediation cases that ended in an agreement (调解成功) in the range, with the presiding mediator. */
export async function agreedCases(db: DbOrTx, villageId: number, from: Date, to: Date) {
  return db.select({ caseId: mediationCases.id, ref: mediationCases.requestRef, at: mediationCases.agreedAt, memberId: mediationCases.presidingId })
    .from(mediationCases)
    .where(and(eq(mediationCases.villageId, villageId), isNotNull(mediationCases.presidingId), isNotNull(mediationCases.agreedAt),
      gte(mediationCases.agreedAt, from), lt(mediationCases.agreedAt, to)));
}

/** Ledger rows, each earned once: a row whose rule and source are already there is left as it is. */
export async function addPoints(db: DbOrTx, rows: (typeof memberPoints.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const added = await db.insert(memberPoints).values(rows).onConflictDoNothing().returning({ id: memberPoints.id });
  return added.length;
}

/** The points ledger of a village's quarter (or one member's), with the ledger event each came from. */
export async function pointsIn(db: DbOrTx, villageId: number, from: Date, to: Date, memberId?: number) {
  return db.select({
    id: memberPoints.id, memberId: memberPoints.memberId, rule: memberPoints.rule, points: memberPoints.points, source: memberPoints.source,
    requestRef: memberPoints.requestRef, eventId: memberPoints.eventId, caseId: memberPoints.caseId, at: memberPoints.at, eventType: requestEvents.type,
  }).from(memberPoints).leftJoin(requestEvents, eq(requestEvents.id, memberPoints.eventId))
    .where(and(eq(memberPoints.villageId, villageId), gte(memberPoints.at, from), lt(memberPoints.at, to), memberId !== undefined ? eq(memberPoints.memberId, memberId) : undefined))
    .orderBy(asc(memberPoints.at), asc(memberPoints.id));
}

/** Return-visit ratings per member and answer in the range. */
export async function requestRatingCounts(db: DbOrTx, villageId: number, from: Date, to: Date) {
  return db.select({ memberId: memberRequestRatings.memberId, rating: memberRequestRatings.rating, n: sql<number>`count(*)::int` })
    .from(memberRequestRatings)
    .where(and(eq(memberRequestRatings.villageId, villageId), gte(memberRequestRatings.at, from), lt(memberRequestRatings.at, to)))
    .groupBy(memberRequestRatings.memberId, memberRequestRatings.rating);
}

/** The round's standing ballots per member and answer: one per household. */
export async function roundRatingCounts(db: DbOrTx, roundId: number) {
  return db.select({ memberId: ratingRoundBallots.memberId, rating: ratingRoundBallots.rating, n: sql<number>`count(*)::int` })
    .from(ratingRoundBallots).where(eq(ratingRoundBallots.roundId, roundId))
    .groupBy(ratingRoundBallots.memberId, ratingRoundBallots.rating);
}

/** The members a branch rates: everyone active on the village roster but town and county staff. */
export async function ratedMembers(db: DbOrTx, villageId: number): Promise<{ id: number; code: string; name: string; roles: string[] }[]> {
  const rows = await db.select({ id: members.id, code: members.code, name: members.name, roles: members.roles }).from(members)
    .where(and(eq(members.villageId, villageId), eq(members.active, true))).orderBy(asc(members.id));
  return rows.filter((m) => !m.roles.every((r) => r === 'town_staff' || r === 'county_staff') || m.roles.length === 0);
}

export async function starPublication(db: DbOrTx, villageId: number, quarter: string): Promise<StarPublicationRow | null> {
  const [row] = await db.select().from(starPublications).where(and(eq(starPublications.villageId, villageId), eq(starPublications.quarter, quarter)))
    .orderBy(desc(starPublications.id)).limit(1);
  return row ?? null;
}

/** Null when the quarter was already published (the unique index decides between two presses). */
export async function insertStarPublication(db: DbOrTx, p: typeof starPublications.$inferInsert): Promise<StarPublicationRow | null> {
  const [row] = await db.insert(starPublications).values(p).onConflictDoNothing().returning();
  return row ?? null;
}
