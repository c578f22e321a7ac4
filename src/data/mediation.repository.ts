import { and, asc, desc, eq, inArray, isNull, lte, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import {
  households, identities, mediationAgreements, mediationCases, mediationConfirmations, mediationEvents, mediationParties, residents,
} from '../../db/schema.js';
import type { MediationStatus } from '../domain/mediation.machine.js';
import type { Address, HouseholdRow } from './people.repository.js';

export type CaseRow = typeof mediationCases.$inferSelect;
export type NewCase = typeof mediationCases.$inferInsert;
export type CaseChange = Partial<Omit<NewCase, 'id' | 'requestRef' | 'villageId' | 'year' | 'seq' | 'caseNo'>>;
export type PartyRow = typeof mediationParties.$inferSelect;
export type CaseEventRow = typeof mediationEvents.$inferSelect;
export type AgreementRow = typeof mediationAgreements.$inferSelect;
export type ConfirmationRow = typeof mediationConfirmations.$inferSelect;

/**
 * The next sequence number of the village's cases that year. Openings in one village and year wait for
 * each other until the transaction ends, so two cases never draw the same number (the unique index
 * stands behind it).
 */
export async function nextCaseSeq(db: DbOrTx, villageId: number, year: number): Promise<number> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`linli-mediation:${villageId}:${year}`}))`);
  const [row] = await db.select({ n: max(mediationCases.seq) }).from(mediationCases)
    .where(and(eq(mediationCases.villageId, villageId), eq(mediationCases.year, year)));
  return Number(row?.n ?? 0) + 1;
}

export async function insertCase(db: DbOrTx, values: NewCase): Promise<CaseRow> {
  const [row] = await db.insert(mediationCases).values(values).returning();
  return row!;
}

/** A case by its id (a party's case). */
export async function caseById(db: DbOrTx, id: number): Promise<CaseRow | null> {
  const [row] = await db.select().from(mediationCases).where(eq(mediationCases.id, id));
  return row ?? null;
}

/** The case opened from a request; locked for the rest of the transaction when `lock` (two mediators acting at once take turns). */
export async function caseOfRequest(db: DbOrTx, ref: number, lock = false): Promise<CaseRow | null> {
  const q = db.select().from(mediationCases).where(eq(mediationCases.requestRef, ref));
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

export async function updateCase(db: DbOrTx, id: number, change: CaseChange): Promise<CaseRow> {
  const [row] = await db.update(mediationCases).set(change).where(eq(mediationCases.id, id)).returning();
  return row!;
}

type ReminderColumn = 'overdueRemindedAt' | 'confirmationRemindedAt' | 'returnVisitRemindedAt';

/** Marks a reminder as sent, only if nobody did yet: of several instances sweeping, one sends it. */
export async function claimReminder(db: DbOrTx, id: number, column: ReminderColumn, now: Date): Promise<CaseRow | null> {
  const [row] = await db.update(mediationCases).set({ [column]: now })
    .where(and(eq(mediationCases.id, id), isNull(mediationCases[column]))).returning();
  return row ?? null;
}

/** Open cases accepted at or before `before` whose 30-day reminder is still to go. */
export async function casesOpenSince(db: DbOrTx, statuses: readonly MediationStatus[], before: Date): Promise<CaseRow[]> {
  return db.select().from(mediationCases).where(and(
    inArray(mediationCases.status, [...statuses]), lte(mediationCases.acceptedAt, before), isNull(mediationCases.overdueRemindedAt),
  )).orderBy(asc(mediationCases.id)).limit(200);
}

/** Agreed cases whose agreement took effect at or before `before`, not yet reminded of the judicial-confirmation window. */
export async function casesAgreedBefore(db: DbOrTx, before: Date): Promise<CaseRow[]> {
  return db.select().from(mediationCases).where(and(
    inArray(mediationCases.status, ['agreed', 'followed_up']), lte(mediationCases.agreedAt, before), isNull(mediationCases.confirmationRemindedAt),
  )).orderBy(asc(mediationCases.id)).limit(200);
}

/** Agreed or failed cases whose return visit is due and not yet asked for. */
export async function casesReturnVisitDue(db: DbOrTx, now: Date): Promise<CaseRow[]> {
  return db.select().from(mediationCases).where(and(
    inArray(mediationCases.status, ['agreed', 'failed']), lte(mediationCases.returnVisitDueAt, now), isNull(mediationCases.returnVisitRemindedAt),
  )).orderBy(asc(mediationCases.id)).limit(200);
}

export async function villageCases(db: DbOrTx, villageId: number, limit = 100): Promise<CaseRow[]> {
  return db.select().from(mediationCases).where(eq(mediationCases.villageId, villageId)).orderBy(desc(mediationCases.id)).limit(limit);
}

// Parties

export async function insertParty(db: DbOrTx, values: typeof mediationParties.$inferInsert): Promise<PartyRow | null> {
  const [row] = await db.insert(mediationParties).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function partiesOf(db: DbOrTx, caseId: number): Promise<PartyRow[]> {
  return db.select().from(mediationParties).where(eq(mediationParties.caseId, caseId)).orderBy(asc(mediationParties.id));
}

export async function householdByCode(db: DbOrTx, villageId: number, code: string): Promise<HouseholdRow | null> {
  const [row] = await db.select().from(households).where(and(eq(households.villageId, villageId), eq(households.code, code)));
  return row ?? null;
}

/** Every account bound to a household now (not unbound ones), with its id: each may take part for the household. */
export async function householdAccounts(db: DbOrTx, householdId: number): Promise<(Address & { identityId: number })[]> {
  return db.select({ identityId: identities.id, platform: identities.platform, address: identities.address, language: identities.language })
    .from(identities).innerJoin(residents, eq(residents.id, identities.residentId))
    .where(and(eq(residents.householdId, householdId), isNull(identities.revokedAt))).orderBy(asc(identities.id));
}

/** Which of these households have at least one bound account. */
export async function boundHouseholds(db: DbOrTx, householdIds: number[]): Promise<Set<number>> {
  if (householdIds.length === 0) return new Set();
  const rows = await db.selectDistinct({ id: residents.householdId }).from(identities)
    .innerJoin(residents, eq(residents.id, identities.residentId))
    .where(and(inArray(residents.householdId, householdIds), isNull(identities.revokedAt)));
  return new Set(rows.map((r) => r.id));
}

// Events (the steps and records)

export interface CaseEvent {
  type: string;
  actor: { kind: 'member' | 'resident' | 'system'; id: number | null };
  text?: string | null;
  details?: Record<string, unknown>;
}

export async function addCaseEvent(db: DbOrTx, caseId: number, at: Date, e: CaseEvent): Promise<void> {
  await db.insert(mediationEvents).values({
    caseId, at, type: e.type, actorKind: e.actor.kind, actorId: e.actor.id, text: e.text ?? null, details: e.details ?? {},
  });
}

export async function eventsOfCase(db: DbOrTx, caseId: number): Promise<CaseEventRow[]> {
  return db.select().from(mediationEvents).where(eq(mediationEvents.caseId, caseId)).orderBy(asc(mediationEvents.id));
}

// Agreement and confirmations

export async function insertAgreement(db: DbOrTx, values: typeof mediationAgreements.$inferInsert): Promise<AgreementRow> {
  const [row] = await db.insert(mediationAgreements).values(values).returning();
  return row!;
}

/** The text now put to the parties (the latest). */
export async function currentAgreement(db: DbOrTx, caseId: number): Promise<AgreementRow | null> {
  const [row] = await db.select().from(mediationAgreements).where(eq(mediationAgreements.caseId, caseId))
    .orderBy(desc(mediationAgreements.id)).limit(1);
  return row ?? null;
}

export async function markAgreementEffective(db: DbOrTx, id: number, at: Date): Promise<void> {
  await db.update(mediationAgreements).set({ effectiveAt: at }).where(eq(mediationAgreements.id, id));
}

/** One answer per party and agreement: a later answer (同意 after 不同意) replaces the earlier one. */
export async function recordAnswer(db: DbOrTx, v: { agreementId: number; partyId: number; identityId: number; decision: 'confirmed' | 'declined';
  reason: string | null; at: Date }): Promise<void> {
  await db.insert(mediationConfirmations).values(v).onConflictDoUpdate({
    target: [mediationConfirmations.agreementId, mediationConfirmations.partyId],
    set: { identityId: v.identityId, decision: v.decision, reason: v.reason, at: v.at },
  });
}

export async function answersTo(db: DbOrTx, agreementId: number): Promise<ConfirmationRow[]> {
  return db.select().from(mediationConfirmations).where(eq(mediationConfirmations.agreementId, agreementId)).orderBy(asc(mediationConfirmations.id));
}

/** The accounts that gave answers, by id: who signed, on which platform. */
export async function identitiesByIds(db: DbOrTx, ids: number[]): Promise<Map<number, { platform: string; displayName: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: identities.id, platform: identities.platform, displayName: identities.displayName })
    .from(identities).where(inArray(identities.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}
