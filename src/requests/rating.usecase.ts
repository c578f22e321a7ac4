import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { requests } from '../../db/schema.js';
import type { RequestKind, Urgency } from '../domain/classification.js';
import type { Rating } from '../domain/commands.js';
import { deadlinesFor } from '../domain/deadlines.js';
import { formatRef } from '../domain/reference.js';
import { transition, type RequestStatus } from '../domain/request.machine.js';
import { secretaryOf } from '../domain/routing.js';
import { memberAddress, villageMembers } from '../data/people.repository.js';
import type { Turn } from '../messaging/turn.js';
import { addEvent, findRequest, type RequestRow } from '../data/requests.repository.js';

type ResidentTurn = Turn & { actor: Extract<Turn['actor'], { kind: 'resident' }> };

async function target(turn: ResidentTurn, ref: number | null): Promise<RequestRow | null> {
  const { tx, actor, t } = turn;
  if (ref !== null) {
    const r = await findRequest(tx, ref);
    if (!r || r.villageId !== actor.village.id) { await turn.reply(t.errors.notFound(formatRef(ref))); return null; }
    if (r.householdId !== actor.household.id) { await turn.reply(t.errors.forbidden(formatRef(ref))); return null; }
    return r;
  }
  // A bare `1` rates the household's request that is waiting for a rating, else the latest one rated.
  const [waiting] = await tx.select().from(requests)
    .where(and(eq(requests.householdId, actor.household.id), eq(requests.status, 'resolved')))
    .orderBy(desc(requests.resolvedAt)).limit(1);
  if (waiting) return waiting;
  const [rated] = await tx.select().from(requests)
    .where(and(eq(requests.householdId, actor.household.id), isNotNull(requests.rating)))
    .orderBy(desc(requests.updatedAt)).limit(1);
  if (rated && turn.now.getTime() - rated.updatedAt.getTime() < 24 * 3600_000) return rated;
  await turn.reply(t.errors.nothingToRate);
  return null;
}

/** The return visit (回访): a rating closes the request; 不满意 reopens it and tells the secretary. */
export async function rate(turn: ResidentTurn, ref: number | null, rating: Rating): Promise<void> {
  const r = await target(turn, ref);
  if (!r) return;
  const { tx, now, t } = turn;
  const shown = formatRef(r.ref);
  const action = rating === 'unsatisfied' ? 'rate_unhappy' : 'rate_ok';
  const step = transition(r.status as RequestStatus, action);
  if (!step.ok) {
    await turn.reply(r.rating ? t.errors.alreadyRated(shown) : t.errors.illegal(shown, t.status[r.status as RequestStatus]));
    return;
  }
  const resident = { kind: 'resident' as const, id: turn.actor.residentId };
  await tx.update(requests).set({
    status: step.to, rating, updatedAt: now, ...(step.to === 'closed' ? { closedAt: now } : {}),
  }).where(eq(requests.ref, r.ref));
  await addEvent(tx, r.ref, now, 'rated', resident, { rating });
  if (step.to === 'closed') {
    await addEvent(tx, r.ref, now, 'closed', { kind: 'system', id: null });
    await turn.reply(t.toResident.closed(shown));
    return;
  }
  await addEvent(tx, r.ref, now, 'reopened', resident);
  const secretary = secretaryOf(await villageMembers(tx, r.villageId));
  const notify = new Set([secretary, r.assigneeId].filter((id): id is number => id !== null));
  for (const id of notify) {
    await turn.send(await memberAddress(tx, id), (tt) => ({ text: tt.toLeader.unhappy(shown, r.summary) }));
  }
  await turn.reply(t.toResident.reopened(shown));
}

const REOPEN_WINDOW_MS = 7 * 24 * 3600_000;

/** `重办 #12`: within seven days of closing, a resident may have a request handled again. */
export async function reopen(turn: ResidentTurn, ref: number): Promise<void> {
  const r = await target(turn, ref);
  if (!r) return;
  const { tx, now, t } = turn;
  const shown = formatRef(r.ref);
  const step = transition(r.status as RequestStatus, 'reopen');
  if (!step.ok) return turn.reply(t.errors.illegal(shown, t.status[r.status as RequestStatus]));
  if (r.closedAt && now.getTime() - r.closedAt.getTime() > REOPEN_WINDOW_MS) return turn.reply(t.rhythm.reopenTooLate(shown));
  const due = deadlinesFor(r.kind as RequestKind, r.urgency as Urgency, now, turn.actor.village.timezone, turn.sla);
  await tx.update(requests).set({ status: step.to, closedAt: null, rating: null, acceptDueAt: due.acceptBy, resolveDueAt: due.resolveBy, escalationLevel: 0, updatedAt: now })
    .where(eq(requests.ref, r.ref));
  await addEvent(tx, r.ref, now, 'reopened', { kind: 'resident', id: turn.actor.residentId });
  const secretary = secretaryOf(await villageMembers(tx, r.villageId));
  for (const id of new Set([r.assigneeId, secretary].filter((x): x is number => x !== null))) {
    await turn.send(await memberAddress(tx, id), (tt) => ({ text: tt.rhythm.reopenedByResident(shown, r.summary) }));
  }
  await turn.reply(t.rhythm.reopenOk(shown));
}
