import type { Db } from '../data/database.js';
import {
  casesAgreedBefore,
  casesOpenSince,
  casesReturnVisitDue,
  claimReminder,
  type CaseRow,
} from '../data/mediation.repository.js';
import { activeMembers, villageById } from '../data/people.repository.js';
import { openMediationStatuses } from '../domain/mediation.machine.js';
import { confirmationDeadline, defaultMediationPolicy, type MediationPolicy } from '../domain/mediation.rules.js';
import { formatRef } from '../domain/reference.js';
import { eventContext, type EventContext, sendToMember } from '../messaging/send.js';
import type { Texts } from '../texts/index.js';
import { caseStaff, partiesWithReach, record, tellParty } from './case.access.js';

const DAY = 24 * 3600_000;
const system = { kind: 'system' as const, id: null };

/**
 * The case deadlines, from the rhythm tick: an open case at 30 days (mediators and the secretary), the
 * judicial-confirmation window at day 25 after the agreement (parties and mediators), the return visit when
 * due (mediators). Each is claimed on its row first, so two instances never send one twice.
 */
export async function sweepMediation(db: Db, now: Date, p: MediationPolicy = defaultMediationPolicy): Promise<number> {
  let done = 0;
  for (const c of await casesOpenSince(db, openMediationStatuses, new Date(now.getTime() - p.openReminderDays * DAY))) {
    done += await once(db, c, 'overdueRemindedAt', now, async (ctx, claimed) => {
      const secretaries = (await activeMembers(ctx.tx, c.villageId))
        .filter((m) => m.roles.includes('secretary'))
        .map((m) => m.id);
      await tellMembers(ctx, [...caseStaff(claimed), ...secretaries], (t) =>
        t.mediation.openTooLong(c.caseNo, formatRef(c.requestRef), p.openReminderDays),
      );
      return 'open_too_long';
    });
  }
  for (const c of await casesAgreedBefore(db, new Date(now.getTime() - p.confirmationReminderDay * DAY))) {
    done += await once(db, c, 'confirmationRemindedAt', now, async (ctx, claimed, tz) => {
      const deadline = confirmationDeadline(claimed.agreedAt!, p);
      const text = (t: Texts) =>
        t.mediation.confirmationWindow(c.caseNo, formatRef(c.requestRef), t.format.due(deadline, tz));
      await tellMembers(ctx, caseStaff(claimed), text);
      for (const { party } of await partiesWithReach(ctx, c.id))
        await tellParty(ctx, party, (t) => ({ text: text(t) }), tz);
      return 'judicial_window';
    });
  }
  for (const c of await casesReturnVisitDue(db, now)) {
    done += await once(db, c, 'returnVisitRemindedAt', now, async (ctx, claimed) => {
      await tellMembers(ctx, caseStaff(claimed), (t) => t.mediation.returnVisitDue(c.caseNo, formatRef(c.requestRef)));
      return 'return_visit_due';
    });
  }
  return done;
}

async function once(
  db: Db,
  c: CaseRow,
  column: Parameters<typeof claimReminder>[2],
  now: Date,
  send: (ctx: EventContext, claimed: CaseRow, timezone: string) => Promise<string>,
): Promise<number> {
  return db.transaction(async (tx) => {
    const claimed = await claimReminder(tx, c.id, column, now);
    if (!claimed) return 0;
    const ctx = eventContext(tx, now);
    const tz = (await villageById(tx, c.villageId))?.timezone ?? 'Asia/Shanghai';
    const kind = await send(ctx, claimed, tz);
    await record(ctx, claimed, { type: 'reminded', actor: system, details: { reminder: kind } });
    return 1;
  });
}

async function tellMembers(ctx: EventContext, ids: number[], build: (t: Texts) => string): Promise<void> {
  for (const id of new Set(ids)) await sendToMember(ctx, id, (t) => ({ text: build(t) }));
}
