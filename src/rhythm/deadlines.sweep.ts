import { and, eq, inArray, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { requests } from '../../db/schema.js';
import type { RequestKind, Urgency } from '../domain/classification.js';
import { deadlinesFor, reminderAt, type SlaPolicy } from '../domain/deadlines.js';
import { localParts } from '../domain/local-time.js';
import { formatRef } from '../domain/reference.js';
import { type RequestStatus, transition } from '../domain/request.machine.js';
import { memberAddress, identityAddress, villageMembers } from '../data/people.repository.js';
import { addEvent, type RequestRow } from '../data/requests.repository.js';
import { sendTask } from '../messaging/notify.js';
import { deliver } from '../messaging/deliver.js';
import { villageOf } from './villages.js';

const waitingForAccept: RequestStatus[] = ['assigned', 'escalated', 'reopened'];

function dueText(due: Date, timezone: string): string {
  const p = localParts(due, timezone);
  return `${p.month}月${p.day}日 ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** Reminds assignees before a deadline and escalates at the breach: secretary first, then town staff. */
export async function sweepDeadlines(db: Db, now: Date, sla: SlaPolicy): Promise<number> {
  let done = 0;
  const due = await db.select().from(requests).where(or(
    and(inArray(requests.status, waitingForAccept), isNotNull(requests.acceptDueAt)),
    and(eq(requests.status, 'accepted'), isNotNull(requests.resolveDueAt)),
  ));
  for (const r of due) {
    const deadline = r.status === 'accepted' ? r.resolveDueAt! : r.acceptDueAt!;
    if (deadline <= now) done += await escalate(db, r, deadline, now, sla);
    else if (reminderAt(r.createdAt, deadline) <= now) done += await remind(db, r, deadline, now);
  }
  return done;
}

async function remind(db: Db, r: RequestRow, deadline: Date, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    // Claim the reminder: of several instances, only the one whose update matched sends it.
    const claimed = await tx.update(requests).set({ remindedFor: deadline })
      .where(and(eq(requests.ref, r.ref), sql`${requests.remindedFor} is distinct from ${deadline.toISOString()}::timestamptz`))
      .returning({ ref: requests.ref });
    if (claimed.length === 0 || r.assigneeId === null) return 0;
    const village = await villageOf(tx, r.villageId);
    const when = dueText(deadline, village.timezone);
    await deliver(tx, await memberAddress(tx, r.assigneeId), (t) => ({
      text: r.status === 'accepted' ? t.rhythm.remindResolve(formatRef(r.ref), r.summary, when) : t.rhythm.remindAccept(formatRef(r.ref), r.summary, when),
    }), now);
    await addEvent(tx, r.ref, now, 'reminded', { kind: 'system', id: null }, { due: deadline.toISOString() });
    return 1;
  });
}

async function escalate(db: Db, r: RequestRow, deadline: Date, now: Date, sla: SlaPolicy): Promise<number> {
  return db.transaction(async (tx) => {
    const members = await villageMembers(tx, r.villageId);
    const ladder = [
      members.find((m) => m.roles.includes('secretary'))?.id ?? null,
      members.find((m) => m.roles.includes('town_staff'))?.id ?? null,
    ];
    const level = r.escalationLevel + (ladder[r.escalationLevel] === r.assigneeId ? 1 : 0);
    const next = ladder[level] ?? null;
    const step = transition(r.status as RequestStatus, 'escalate');
    if (next === null || next === r.assigneeId || !step.ok) {
      // Top of the ladder: keep the deadline from firing every minute.
      await tx.update(requests).set({ acceptDueAt: null, resolveDueAt: null }).where(eq(requests.ref, r.ref));
      return 0;
    }
    const village = await villageOf(tx, r.villageId);
    const fresh = deadlinesFor(r.kind as RequestKind, r.urgency as Urgency, now, village.timezone, sla);
    const claimed = await tx.update(requests).set({
      status: step.to, assigneeId: next, escalationLevel: level + 1, updatedAt: now,
      acceptDueAt: fresh.acceptBy, resolveDueAt: r.status === 'accepted' ? fresh.resolveBy : r.resolveDueAt,
    }).where(and(eq(requests.ref, r.ref), eq(requests.escalationLevel, r.escalationLevel), eq(requests.status, r.status),
      r.status === 'accepted' ? lte(requests.resolveDueAt, now) : lte(requests.acceptDueAt, now)))
      .returning();
    if (claimed.length === 0) return 0;
    const reason = r.status === 'accepted' ? 'resolve_overdue' : 'accept_overdue';
    await addEvent(tx, r.ref, now, 'escalated', { kind: 'system', id: null }, { from: r.assigneeId, to: next, reason, due: deadline.toISOString() });
    await sendTask(tx, (to, build, o) => deliver(tx, to, build, now, o), claimed[0]!, next);
    if (r.assigneeId !== null) {
      await deliver(tx, await memberAddress(tx, r.assigneeId), (t) => ({ text: t.rhythm.overdueTakenAway(formatRef(r.ref)) }), now);
    }
    await deliver(tx, await identityAddress(tx, r.originIdentityId), (t) => ({ text: t.toResident.escalated(formatRef(r.ref)) }), now,
      r.urgency === 'urgent' ? {} : { quietHoursIn: village.timezone });
    return 1;
  });
}
