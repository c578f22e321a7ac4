import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { members, monthlyReports, villages } from '../../db/schema.js';
import type { SlaPolicy } from '../domain/deadlines.js';
import { localParts } from '../domain/local-time.js';
import { memberAddress } from '../data/people.repository.js';
import { deliver } from '../messaging/deliver.js';
import { metricsTable, monthMetrics } from './metrics.js';

/** On the 1st at 09:00 village time each secretary gets last month's three rates, once. */
export async function sweepMonthlyReports(db: Db, now: Date, sla: SlaPolicy): Promise<number> {
  let sent = 0;
  for (const village of await db.select().from(villages)) {
    const p = localParts(now, village.timezone);
    if (p.day !== 1 || p.hour < 9) continue;
    const month = p.month === 1 ? `${p.year - 1}-12` : `${p.year}-${String(p.month - 1).padStart(2, '0')}`;
    sent += await db.transaction(async (tx) => {
      const claimed = await tx.insert(monthlyReports).values({ villageId: village.id, month, sentAt: now }).onConflictDoNothing().returning();
      if (claimed.length === 0) return 0;
      const mm = (await monthMetrics(tx, village.code, month, sla))!;
      const secretaries = await tx.select({ id: members.id }).from(members)
        .where(and(eq(members.villageId, village.id), sql`'secretary' = any(${members.roles})`));
      for (const s of secretaries) {
        await deliver(tx, await memberAddress(tx, s.id), (t) => ({ text: t.rhythm.monthlyReport(village.name, month, metricsTable(mm)) }), now);
      }
      return 1;
    });
  }
  return sent;
}
