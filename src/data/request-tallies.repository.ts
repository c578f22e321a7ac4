import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { requestTallies, villages } from '../../db/schema.js';
import type { RequestKind } from '../domain/classification.js';
import type { Scope } from '../domain/scope.js';
import { scopeCondition } from './scope.conditions.js';

/**
 * The per-village tallies the triggers of migration 0031 keep (db/schema.core.ts, `requestTallies`): what the
 * board counts and the live board watches, read from a few rows per village instead of the scope's whole history.
 * A group leader's scope is not here: it counts by household group, which the tallies do not know.
 */
export type TallyScope = Exclude<Scope, { kind: 'groups' }>;

export async function statusCounts(
  db: DbOrTx,
  scope: TallyScope,
  f: { village?: string; kind?: RequestKind },
): Promise<Record<string, number>> {
  const where: (SQL | undefined)[] = [scopeCondition(scope)];
  if (f.village) where.push(eq(villages.code, f.village));
  if (f.kind) where.push(eq(requestTallies.kind, f.kind));
  const rows = await db
    .select({ status: requestTallies.status, n: sql<string>`sum(${requestTallies.n})` })
    .from(requestTallies)
    .innerJoin(villages, eq(villages.id, requestTallies.villageId))
    .where(and(...where))
    .groupBy(requestTallies.status)
    .having(sql`sum(${requestTallies.n}) <> 0`);
  return Object.fromEntries(rows.map((c) => [c.status, Number(c.n)]));
}

/**
 * A mark that changes whenever a request of the scope is created, changed or deleted: the sum of `changes`,
 * which every such statement raises (its transaction's rows counted once committed, in whatever order
 * transactions commit) and folding keeps.
 */
export async function tallyMark(db: DbOrTx, scope: TallyScope): Promise<string> {
  const [row] = await db
    .select({ changes: sql<string | null>`sum(${requestTallies.changes})`, n: sql<string | null>`sum(${requestTallies.n})` })
    .from(requestTallies)
    .innerJoin(villages, eq(villages.id, requestTallies.villageId))
    .where(scopeCondition(scope));
  return `${row?.changes ?? 0}:${row?.n ?? 0}`;
}

/**
 * Folds each village's rows of one kind and status into one, keeping the sums: the table stays a few rows per
 * village however many changes were made. Two instances folding at once each fold the rows they deleted.
 * Answers how many rows were folded away.
 */
export async function foldTallies(db: DbOrTx): Promise<number> {
  const rows = rowsOf<{ folded: string | null }>(await db.execute(sql`
    with gone as (
      delete from request_tallies where (village_id, kind, status) in (
        select village_id, kind, status from request_tallies group by 1, 2, 3 having count(*) > 1)
      returning village_id, kind, status, n, changes),
    kept as (
      insert into request_tallies (village_id, kind, status, n, changes)
      select village_id, kind, status, sum(n), sum(changes) from gone group by 1, 2, 3
      returning 1)
    select (select count(*) from gone) - (select count(*) from kept) as folded`));
  return Number(rows[0]?.folded ?? 0);
}
