import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { ratesMonths } from '../../db/schema.js';

/** The advisory lock (this key, the village's id) the triggers of migration 0032 take shared and a computation exclusively. */
const RATES_LOCK = 7_304_552;

/**
 * A digest of what a village's rates rest on besides its requests and events: which group each household is
 * in and the groups' and members' codes and names (the roster), and `settings` (time zone, quiet hours, the
 * deadlines' policy, as the caller writes them).
 */
export async function ratesBasis(db: DbOrTx, villageId: number, settings: string): Promise<string> {
  const rows = rowsOf<{ basis: string }>(
    await db.execute(sql`select md5(${settings}::text || '|' ||
      coalesce((select string_agg(h.id || ':' || g.code || ':' || g.name, ',' order by h.id)
        from households h join groups g on g.id = h.group_id where h.village_id = ${villageId}), '') || '|' ||
      coalesce((select string_agg(m.id || ':' || m.code || ':' || m.name, ',' order by m.id)
        from members m where m.village_id = ${villageId}), '')) as basis`),
  );
  return rows[0]!.basis;
}

/** The cached months of a village still standing: the same basis, and no deadline passed since. */
export async function cachedRates(
  db: DbOrTx,
  villageId: number,
  months: string[],
  basis: string,
  now: Date,
): Promise<Map<string, unknown>> {
  if (months.length === 0) return new Map();
  const rows = await db
    .select({ month: ratesMonths.month, metrics: ratesMonths.metrics })
    .from(ratesMonths)
    .where(
      and(
        eq(ratesMonths.villageId, villageId),
        inArray(ratesMonths.month, months),
        eq(ratesMonths.basis, basis),
        or(isNull(ratesMonths.validUntil), gt(ratesMonths.validUntil, now)),
      ),
    );
  return new Map(rows.map((r) => [r.month, r.metrics]));
}

/**
 * Waits until no transaction writing this village's requests or counted events is open, and keeps new ones
 * waiting until the caller's transaction ends: what it then reads and stores cannot miss a change.
 */
export async function lockVillageRates(tx: DbOrTx, villageId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${RATES_LOCK}::int, ${villageId}::int)`);
}

export interface RatesMonthRow {
  month: string;
  fromAt: Date;
  toAt: Date;
  validUntil: Date | null;
  metrics: unknown;
}

export async function storeRates(tx: DbOrTx, villageId: number, basis: string, now: Date, months: RatesMonthRow[]): Promise<void> {
  if (months.length === 0) return;
  await tx
    .insert(ratesMonths)
    .values(months.map((m) => ({ villageId, basis, computedAt: now, ...m })))
    .onConflictDoUpdate({
      target: [ratesMonths.villageId, ratesMonths.month],
      set: {
        basis: sql`excluded.basis`,
        fromAt: sql`excluded.from_at`,
        toAt: sql`excluded.to_at`,
        validUntil: sql`excluded.valid_until`,
        metrics: sql`excluded.metrics`,
        computedAt: sql`excluded.computed_at`,
      },
    });
}
