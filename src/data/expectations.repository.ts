import { and, desc, eq, gt, inArray, isNull, lte, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { expectations } from '../../db/schema.js';
import type { Expectation, ExpectationKind, ExpectedAnswer } from '../domain/expectations.js';

export interface NewExpectation {
  householdIds: number[];
  kind: ExpectationKind;
  scope: number;
  answers: ExpectedAnswer[];
  expiresAt: Date;
  /**
   * When the households can first see what they may answer (a broadcast held through the quiet hours reaches
   * them in the morning): before it, what they write is not taken as an answer to it. Now by default.
   */
  opensAt?: Date;
}

/** Registers what these households may answer; an earlier open one of the same kind and scope gives way to it. */
export async function addExpectations(db: DbOrTx, e: NewExpectation, now: Date): Promise<void> {
  const households = [...new Set(e.householdIds)];
  if (households.length === 0) return;
  await db.update(expectations).set({ closedAt: now })
    .where(and(inArray(expectations.householdId, households), eq(expectations.kind, e.kind), eq(expectations.scope, e.scope), isNull(expectations.closedAt)));
  await db.insert(expectations).values(households.map((householdId) => ({
    householdId, kind: e.kind, scope: e.scope, answers: e.answers, createdAt: e.opensAt ?? now, expiresAt: e.expiresAt,
  })));
}

/**
 * A household's open expectations at `now` (opened — a reminder held through the night opens in the morning — and
 * not yet over): what openExpectations and the read that starts a turn (turn-start.repository) both ask.
 */
export const openExpectationsOf = (householdId: number | SQLWrapper, now: Date) =>
  and(eq(expectations.householdId, householdId), isNull(expectations.closedAt), lte(expectations.createdAt, now), gt(expectations.expiresAt, now));

/** The household's open expectations, newest first. */
export async function openExpectations(db: DbOrTx, householdId: number, now: Date): Promise<Expectation[]> {
  const rows = await db.select().from(expectations)
    .where(openExpectationsOf(householdId, now))
    .orderBy(desc(expectations.createdAt), desc(expectations.id)).limit(50);
  return rows.map((r) => ({ ...r, kind: r.kind as ExpectationKind }));
}

/** Answered or over: of one household, or (no household) of everyone it was asked of. */
export async function closeExpectations(db: DbOrTx, kind: ExpectationKind, scope: number, householdId: number | null, now: Date): Promise<void> {
  await db.update(expectations).set({ closedAt: now })
    .where(and(eq(expectations.kind, kind), eq(expectations.scope, scope), isNull(expectations.closedAt),
      householdId === null ? undefined : eq(expectations.householdId, householdId)));
}
