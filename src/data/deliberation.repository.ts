import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  deliberationComments, deliberationEvaluations, deliberations, deliberationStages, deliberationVotes, households, identities, residents, villageTallyRules,
} from '../../db/schema.js';
import type { DeliberationStatus } from '../domain/deliberation.machine.js';
import type { TallyRule } from '../domain/deliberation.rules.js';
import type { Address } from './people.repository.js';

export type DeliberationRow = typeof deliberations.$inferSelect;
export type NewDeliberation = typeof deliberations.$inferInsert;
export type StageRow = typeof deliberationStages.$inferSelect;
export type VoteRow = typeof deliberationVotes.$inferSelect;

export async function insertDeliberation(db: DbOrTx, values: NewDeliberation): Promise<DeliberationRow> {
  const [row] = await db.insert(deliberations).values(values).returning();
  return row!;
}

/** With `lock`, the row is held for the rest of the transaction. */
export async function deliberationById(db: DbOrTx, id: number, lock: 'update' | 'share' | null = null): Promise<DeliberationRow | null> {
  const q = db.select().from(deliberations).where(eq(deliberations.id, id));
  // Votes hold it shared and a move holds it alone: a vote can never slip in after the ballot was counted.
  const [row] = lock ? await q.for(lock) : await q;
  return row ?? null;
}

export async function villageDeliberations(db: DbOrTx, villageId: number, limit = 10): Promise<DeliberationRow[]> {
  return db.select().from(deliberations).where(eq(deliberations.villageId, villageId)).orderBy(desc(deliberations.id)).limit(limit);
}

/** Applies a change only while the matter is still in `from`: of two instances closing a ballot, one wins. */
export async function claimDeliberation(db: DbOrTx, id: number, from: DeliberationStatus, change: Partial<NewDeliberation>): Promise<DeliberationRow | null> {
  const [row] = await db.update(deliberations).set(change).where(and(eq(deliberations.id, id), eq(deliberations.status, from))).returning();
  return row ?? null;
}

/** Ballots whose closing time has come. */
export async function ballotsDue(db: DbOrTx, now: Date): Promise<DeliberationRow[]> {
  return db.select().from(deliberations).where(and(eq(deliberations.status, 'voting'), lte(deliberations.closesAt, now))).orderBy(asc(deliberations.id));
}

export async function addStage(db: DbOrTx, values: typeof deliberationStages.$inferInsert): Promise<void> {
  await db.insert(deliberationStages).values(values);
}

export async function stagesOf(db: DbOrTx, id: number): Promise<StageRow[]> {
  return db.select().from(deliberationStages).where(eq(deliberationStages.deliberationId, id)).orderBy(asc(deliberationStages.id));
}

export async function villageTallyRule(db: DbOrTx, villageId: number): Promise<TallyRule | null> {
  const [row] = await db.select().from(villageTallyRules).where(eq(villageTallyRules.villageId, villageId));
  return row ? { turnout: row.turnout, majority: row.majority } : null;
}

export async function setVillageTallyRule(db: DbOrTx, villageId: number, rule: TallyRule, at: Date): Promise<void> {
  await db.insert(villageTallyRules).values({ villageId, ...rule, updatedAt: at })
    .onConflictDoUpdate({ target: villageTallyRules.villageId, set: { ...rule, updatedAt: at } });
}

export type HouseholdRef = { id: number; code: string; head: string };

export async function villageHouseholds(db: DbOrTx, villageId: number): Promise<HouseholdRef[]> {
  return db.select({ id: households.id, code: households.code, head: households.head }).from(households)
    .where(eq(households.villageId, villageId)).orderBy(asc(households.id));
}

/** The households of these groups of the village. */
export async function villageHouseholdsOfGroups(db: DbOrTx, villageId: number, groupIds: number[]): Promise<number[]> {
  if (groupIds.length === 0) return [];
  const rows = await db.select({ id: households.id }).from(households)
    .where(and(eq(households.villageId, villageId), inArray(households.groupId, groupIds)));
  return rows.map((r) => r.id);
}

/** The household an account speaks for, if it is a resident's. */
export async function householdOfIdentity(db: DbOrTx, identityId: number): Promise<number | null> {
  const [row] = await db.select({ id: residents.householdId }).from(identities).innerJoin(residents, eq(residents.id, identities.residentId))
    .where(eq(identities.id, identityId));
  return row?.id ?? null;
}

export async function householdByCode(db: DbOrTx, villageId: number, code: string): Promise<HouseholdRef | null> {
  const [row] = await db.select({ id: households.id, code: households.code, head: households.head }).from(households)
    .where(and(eq(households.villageId, villageId), eq(households.code, code)));
  return row ?? null;
}

/** Every bound (not unbound) resident account of a village, with its household: a ballot goes to each. */
export async function residentAccounts(db: DbOrTx, villageId: number, householdIds?: number[]): Promise<(Address & { householdId: number })[]> {
  if (householdIds && householdIds.length === 0) return [];
  return db.select({ platform: identities.platform, address: identities.address, language: identities.language, householdId: households.id })
    .from(identities).innerJoin(residents, eq(residents.id, identities.residentId))
    .innerJoin(households, eq(households.id, residents.householdId))
    .where(and(eq(households.villageId, villageId), isNull(identities.revokedAt), householdIds ? inArray(households.id, householdIds) : undefined))
    .orderBy(asc(households.id), asc(identities.id));
}

/**
 * A vote from chat: the household's standing vote is this one now, unless the secretary recorded the
 * household's vote in person (then nothing changes and null is answered). One statement, under the
 * unique index, so two accounts of one household voting at the same instant leave one row.
 */
export async function castChatVote(db: DbOrTx, v: { deliberationId: number; householdId: number; option: number; identityId: number; at: Date }): Promise<VoteRow | null> {
  const [row] = await db.insert(deliberationVotes).values({ ...v, channel: 'chat', firstAt: v.at })
    .onConflictDoUpdate({
      target: [deliberationVotes.deliberationId, deliberationVotes.householdId],
      set: { option: v.option, identityId: v.identityId, at: v.at, changes: sql`${deliberationVotes.changes} + 1` },
      setWhere: eq(deliberationVotes.channel, 'chat'),
    }).returning();
  return row ?? null;
}

/** The secretary records a household's vote given in person: it stands, and chat can no longer change it. */
export async function recordInPersonVote(db: DbOrTx, v: { deliberationId: number; householdId: number; option: number; recordedBy: number | null; at: Date }): Promise<VoteRow> {
  const [row] = await db.insert(deliberationVotes).values({ ...v, channel: 'in_person', identityId: null, firstAt: v.at })
    .onConflictDoUpdate({
      target: [deliberationVotes.deliberationId, deliberationVotes.householdId],
      set: { option: v.option, channel: 'in_person', identityId: null, recordedBy: v.recordedBy, at: v.at, changes: sql`${deliberationVotes.changes} + 1` },
    }).returning();
  return row!;
}

export async function householdVote(db: DbOrTx, deliberationId: number, householdId: number): Promise<VoteRow | null> {
  const [row] = await db.select().from(deliberationVotes)
    .where(and(eq(deliberationVotes.deliberationId, deliberationId), eq(deliberationVotes.householdId, householdId)));
  return row ?? null;
}

/** Each household's standing vote, with how it was given. */
export async function standingVotes(db: DbOrTx, deliberationId: number): Promise<{ householdId: number; option: number; channel: 'chat' | 'in_person' }[]> {
  return db.select({ householdId: deliberationVotes.householdId, option: deliberationVotes.option, channel: deliberationVotes.channel })
    .from(deliberationVotes).where(eq(deliberationVotes.deliberationId, deliberationId));
}

export async function saveEvaluation(db: DbOrTx, e: { deliberationId: number; householdId: number; rating: string; identityId: number; at: Date }): Promise<void> {
  await db.insert(deliberationEvaluations).values(e).onConflictDoUpdate({
    target: [deliberationEvaluations.deliberationId, deliberationEvaluations.householdId],
    set: { rating: e.rating, identityId: e.identityId, at: e.at },
  });
}

export async function evaluationCounts(db: DbOrTx, deliberationId: number): Promise<Record<string, number>> {
  const rows = await db.select({ rating: deliberationEvaluations.rating, n: sql<number>`count(*)::int` }).from(deliberationEvaluations)
    .where(eq(deliberationEvaluations.deliberationId, deliberationId)).groupBy(deliberationEvaluations.rating);
  return Object.fromEntries(rows.map((r) => [r.rating, Number(r.n)]));
}

export type CommentRow = typeof deliberationComments.$inferSelect;

export async function addComment(db: DbOrTx, c: { deliberationId: number; householdId: number; identityId: number; text: string; at: Date }): Promise<CommentRow> {
  const [row] = await db.insert(deliberationComments).values(c).returning();
  return row!;
}

/** The households' comments on a matter, oldest first. */
export async function commentsOf(db: DbOrTx, deliberationId: number, limit = 500): Promise<CommentRow[]> {
  return db.select().from(deliberationComments).where(eq(deliberationComments.deliberationId, deliberationId))
    .orderBy(asc(deliberationComments.id)).limit(limit);
}
