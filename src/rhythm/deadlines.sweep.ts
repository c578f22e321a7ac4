import type { Db } from '../data/database.js';
import { villageById, activeMembers } from '../data/people.repository.js';
import {
  claimReminder,
  claimRequest,
  type RequestRow,
  requestsWithDeadlines,
  updateRequest,
} from '../data/requests.repository.js';
import { deadlinesFor, reminderAt, type SlaPolicy } from '../domain/deadlines.js';
import { type QuietHours, quietHoursOf } from '../domain/quiet-hours.js';
import { systemActor } from '../domain/request.events.js';
import { transition } from '../domain/request.machine.js';
import { escalationTarget } from '../domain/routing.js';
import { raise } from '../messaging/notifiers.js';
import { eventContext } from '../messaging/send.js';

/** Reminds assignees before a deadline and escalates at the breach: secretary first, then town staff. */
export async function sweepDeadlines(db: Db, now: Date, sla: SlaPolicy): Promise<number> {
  let done = 0;
  // A reminder keeps out of the village's quiet hours (see reminderAt): each village's settings, read once a sweep.
  const quiet = new Map<number, QuietHours | string>();
  for (const r of await requestsWithDeadlines(db)) {
    const deadline = r.status === 'accepted' ? r.resolveDueAt! : r.acceptDueAt!;
    if (!quiet.has(r.villageId)) {
      const village = await villageById(db, r.villageId);
      quiet.set(r.villageId, village ? quietHoursOf(village) : 'Asia/Shanghai');
    }
    if (deadline <= now) done += await escalate(db, r, deadline, now, sla);
    else if (reminderAt(r.createdAt, deadline, quiet.get(r.villageId)) <= now)
      done += await remind(db, r, deadline, now);
  }
  return done;
}

async function remind(db: Db, r: RequestRow, deadline: Date, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    // Claim the reminder: of several instances, only the one whose update matched sends it.
    if (!(await claimReminder(tx, r.ref, deadline)) || r.assigneeId === null) return 0;
    await raise(eventContext(tx, now), {
      type: 'reminded',
      request: r,
      due: deadline,
      stage: r.status === 'accepted' ? 'resolve' : 'accept',
    });
    return 1;
  });
}

async function escalate(db: Db, r: RequestRow, deadline: Date, now: Date, sla: SlaPolicy): Promise<number> {
  return db.transaction(async (tx) => {
    const target = escalationTarget(await activeMembers(tx, r.villageId), r.escalationLevel, r.assigneeId);
    const step = transition(r.status, 'escalate');
    if (target === null || !step.ok) {
      // Top of the ladder: keep the deadline from firing every minute.
      await updateRequest(tx, r.ref, { acceptDueAt: null, resolveDueAt: null });
      return 0;
    }
    const village = await villageById(tx, r.villageId);
    const fresh = deadlinesFor(r.kind, r.urgency, now, village ? quietHoursOf(village) : 'Asia/Shanghai', sla);
    const claimed = await claimRequest(
      tx,
      r.ref,
      { status: r.status, escalationLevel: r.escalationLevel, dueBy: now },
      {
        status: step.to,
        assigneeId: target.to,
        escalationLevel: target.level,
        updatedAt: now,
        acceptDueAt: fresh.acceptBy,
        resolveDueAt: r.status === 'accepted' ? fresh.resolveBy : r.resolveDueAt,
      },
    );
    if (!claimed) return 0;
    await raise(eventContext(tx, now), {
      type: 'escalated',
      request: claimed,
      by: systemActor,
      from: r.assigneeId,
      to: target.to,
      overdue: { reason: r.status === 'accepted' ? 'resolve_overdue' : 'accept_overdue', due: deadline },
    });
    return 1;
  });
}
