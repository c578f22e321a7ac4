import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { households, mediationCases, members, requests, villages } from '../../db/schema.js';
import type { Scope } from '../domain/scope.js';
import { scopeCondition } from './scope.conditions.js';

export interface DeskCaseRow {
  c: typeof mediationCases.$inferSelect;
  villageName: string;
  timezone: string;
  head: string;
  address: string | null;
  presidingName: string | null;
}

const caseSelect = (db: DbOrTx) => db.select({
  c: mediationCases, villageName: villages.name, timezone: villages.timezone, head: households.head, address: households.address, presidingName: members.name,
}).from(mediationCases)
  .innerJoin(requests, eq(requests.ref, mediationCases.requestRef))
  .innerJoin(villages, eq(villages.id, mediationCases.villageId))
  .innerJoin(households, eq(households.id, requests.householdId))
  .leftJoin(members, eq(members.id, mediationCases.presidingId));

/** The cases a desk scope sees (by the applicant household, as the board sees its request), newest first. */
export async function casesInScope(db: DbOrTx, scope: Scope, limit = 300): Promise<DeskCaseRow[]> {
  const where: SQL | undefined = scopeCondition(scope);
  return caseSelect(db).where(where).orderBy(desc(mediationCases.id)).limit(limit);
}

/** One case by its request, only when the scope sees it. */
export async function caseInScope(db: DbOrTx, scope: Scope, ref: number): Promise<DeskCaseRow | null> {
  const [row] = await caseSelect(db).where(and(eq(mediationCases.requestRef, ref), scopeCondition(scope)));
  return row ?? null;
}
