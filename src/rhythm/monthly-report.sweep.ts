import type { Db } from '../data/database.js';
import { allVillages, membersWithRole } from '../data/people.repository.js';
import { claimMonthlyReport } from '../data/sessions.repository.js';
import type { SlaPolicy } from '../domain/deadlines.js';
import { localParts } from '../domain/local-time.js';
import { outboxSender, sendToMember } from '../messaging/send.js';
import { metricsTable, monthMetrics } from './metrics.js';

/** On the 1st at 09:00 village time each secretary gets last month's three rates, once. */
export async function sweepMonthlyReports(db: Db, now: Date, sla: SlaPolicy): Promise<number> {
  let sent = 0;
  for (const village of await allVillages(db)) {
    const p = localParts(now, village.timezone);
    if (p.day !== 1 || p.hour < 9) continue;
    const month = p.month === 1 ? `${p.year - 1}-12` : `${p.year}-${String(p.month - 1).padStart(2, '0')}`;
    sent += await db.transaction(async (tx) => {
      if (!(await claimMonthlyReport(tx, village.id, month, now))) return 0;
      const mm = (await monthMetrics(tx, village.code, month, sla, now))!;
      const send = outboxSender(tx, now);
      for (const s of await membersWithRole(tx, village.id, 'secretary')) {
        await sendToMember({ tx, send }, s.id, (t) => ({
          text: t.rhythm.monthlyReport(village.name, month, metricsTable(mm, t)),
        }));
      }
      return 1;
    });
  }
  return sent;
}
