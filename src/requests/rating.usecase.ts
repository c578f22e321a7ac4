import { saveDraft } from '../data/drafts.repository.js';
import { closeExpectations } from '../data/expectations.repository.js';
import { activeMembers } from '../data/people.repository.js';
import { recordRequestRating } from '../data/member-ratings.repository.js';
import { findRequest, ratingCandidate, type RequestRow, updateRequest } from '../data/requests.repository.js';
import type { Rating } from '../domain/commands.js';
import { deadlinesFor } from '../domain/deadlines.js';
import { quietHoursOf } from '../domain/quiet-hours.js';
import { olderThan, policy } from '../domain/policy.js';
import { formatRef } from '../domain/reference.js';
import { transition } from '../domain/request.machine.js';
import { ttlMs } from '../domain/conversation.machine.js';
import { secretaryOf } from '../domain/routing.js';
import { raise, sendTask } from '../messaging/notifiers.js';
import type { ResidentTurn } from '../messaging/turn.js';

async function target(turn: ResidentTurn, ref: number | null): Promise<RequestRow | null> {
  const { tx, actor, t } = turn;
  if (ref !== null) {
    const r = await findRequest(tx, ref);
    if (!r || r.villageId !== actor.village.id) {
      await turn.reply(t.errors.notFound(formatRef(ref)));
      return null;
    }
    if (r.householdId !== actor.household.id) {
      await turn.reply(t.errors.forbidden(formatRef(ref)));
      return null;
    }
    return r;
  }
  // A bare `1` rates the household's request that is waiting for a rating, else the latest one rated.
  const { waiting, lastRated } = await ratingCandidate(tx, actor.household.id);
  if (waiting) return waiting;
  if (lastRated && !olderThan(lastRated.updatedAt, policy.reRateWindowMs, turn.now)) return lastRated;
  await turn.reply(t.errors.nothingToRate);
  return null;
}

/** The return visit (回访): a rating closes the request; 不满意 reopens it and tells the secretary. */
export async function rate(turn: ResidentTurn, ref: number | null, rating: Rating): Promise<void> {
  const r = await target(turn, ref);
  if (!r) return;
  const { tx, now, t } = turn;
  const shown = formatRef(r.ref);
  const step = transition(r.status, rating === 'unsatisfied' ? 'rate_unhappy' : 'rate_ok');
  if (!step.ok) {
    await turn.reply(r.rating ? t.errors.alreadyRated(shown) : t.errors.illegal(shown, t.status[r.status]));
    return;
  }
  const resident = { kind: 'resident' as const, id: turn.actor.residentId };
  await closeExpectations(tx, 'rating', r.ref, r.householdId, now);
  const updated = await updateRequest(tx, r.ref, {
    status: step.to,
    rating,
    updatedAt: now,
    ...(step.to === 'closed' ? { closedAt: now } : {}),
  });
  await raise(turn, { type: 'rated', request: updated, by: resident, rating });
  // 群众评党员: the same answer is the household's rating of the member who handled it, with no extra message.
  if (r.assigneeId !== null) {
    await recordRequestRating(tx, {
      requestRef: r.ref,
      villageId: r.villageId,
      memberId: r.assigneeId,
      householdId: r.householdId,
      rating,
      at: now,
    });
  }
  if (step.to === 'closed') {
    await raise(turn, { type: 'closed', request: updated });
    await turn.reply(t.toResident.closed(shown));
    return;
  }
  await raise(turn, { type: 'reopened', request: updated, by: resident, why: 'unhappy' });
  await turn.reply(t.toResident.reopened(shown));
  // 不满意 asks why; the next text is the reason (src/domain/conversation.machine.ts, rating_reason).
  await saveDraft(
    tx,
    {
      identityId: turn.actor.identity.id,
      text: '',
      classification: { kind: r.kind },
      missing: 'rating_reason',
      requestRef: r.ref,
      expiresAt: new Date(now.getTime() + ttlMs({ state: 'rating_reason', ref: r.ref })),
    },
    now,
  );
  await turn.reply(t.conversation.askReason(shown));
}

/**
 * Why the resident is not satisfied: a note in the ledger flagged `unhappyReason` that reaches the
 * assignee, and the secretary too.
 */
export async function rateReason(turn: ResidentTurn, ref: number, reason: string): Promise<void> {
  const { tx, t } = turn;
  const r = await findRequest(tx, ref);
  if (!r) return turn.reply(t.errors.notFound(formatRef(ref)));
  // The reason as typed; each reader sees it introduced in their own language.
  await raise(turn, {
    type: 'note',
    request: r,
    by: { kind: 'resident', id: turn.actor.residentId },
    name: null,
    text: reason,
    unhappyReason: true,
  });
  const secretary = secretaryOf(await activeMembers(tx, r.villageId));
  if (secretary !== null && secretary !== r.assigneeId) await sendTask(turn, r, secretary);
  await turn.reply(t.conversation.reasonNoted(formatRef(r.ref)));
}

/** `重办 #12 (why)`: within seven days of closing, a resident may have a request handled again; the why goes on its card. */
export async function reopen(turn: ResidentTurn, ref: number, reason?: string): Promise<void> {
  const r = await target(turn, ref);
  if (!r) return;
  const { tx, now, t } = turn;
  const shown = formatRef(r.ref);
  const step = transition(r.status, 'reopen');
  if (!step.ok) return turn.reply(t.errors.illegal(shown, t.status[r.status]));
  if (r.closedAt && olderThan(r.closedAt, policy.reopenWindowMs, now)) return turn.reply(t.rhythm.reopenTooLate(shown));
  const due = deadlinesFor(r.kind, r.urgency, now, quietHoursOf(turn.actor.village), turn.sla);
  const updated = await updateRequest(tx, r.ref, {
    status: step.to,
    closedAt: null,
    rating: null,
    acceptDueAt: due.acceptBy,
    resolveDueAt: due.resolveBy,
    escalationLevel: 0,
    updatedAt: now,
  });
  await raise(turn, {
    type: 'reopened',
    request: updated,
    by: { kind: 'resident', id: turn.actor.residentId },
    why: 'asked',
    ...(reason ? { reason } : {}),
  });
  await turn.reply(t.rhythm.reopenOk(shown));
}
