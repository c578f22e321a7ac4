import { findRequest, type RequestRow, updateRequest } from '../data/requests.repository.js';
import { formatRef } from '../domain/reference.js';
import { transition } from '../domain/request.machine.js';
import { raise } from '../messaging/notifiers.js';
import type { MemberTurn, ResidentTurn } from '../messaging/turn.js';

/** What a request that nobody needs to handle any more no longer has: running deadlines. */
const stopped = (now: Date) => ({ acceptDueAt: null, resolveDueAt: null, updatedAt: now });

/**
 * `撤回 #12` / `取消 #12` (or the receipt's 撤回 button): the requester's household takes a request back
 * before it is resolved. The assignee and the households following it are told.
 */
export async function withdraw(turn: ResidentTurn, ref: number): Promise<void> {
  const { tx, actor, now, t } = turn;
  const shown = formatRef(ref);
  const r = await findRequest(tx, ref);
  if (!r || r.villageId !== actor.village.id) return turn.reply(t.errors.notFound(shown));
  if (r.householdId !== actor.household.id) return turn.reply(t.errors.forbidden(shown));
  const step = transition(r.status, 'withdraw');
  if (!step.ok) return turn.reply(t.requests.cannotWithdraw(shown, t.status[r.status]));
  const updated = await updateRequest(tx, r.ref, { status: step.to, ...stopped(now) });
  await raise(turn, {
    type: 'withdrawn',
    request: updated,
    by: { kind: 'resident', id: actor.residentId },
    from: r.assigneeId,
  });
  return turn.reply(t.requests.withdrawn(shown));
}

/**
 * `作废 #12 原因`: a secretary of the village closes an open request that is no real matter (a duplicate,
 * a joke, a mistake). The resident and the assignee are told the reason.
 */
export async function invalidate(turn: MemberTurn, ref: number, reason: string): Promise<void> {
  const { tx, actor, now, t } = turn;
  const shown = formatRef(ref);
  if (!actor.member.roles.includes('secretary')) return turn.reply(t.requests.secretaryOnly);
  const r: RequestRow | null = await findRequest(tx, ref);
  if (!r || r.villageId !== actor.village.id) return turn.reply(t.errors.notFound(shown));
  const why = reason.trim();
  if (!why) return turn.reply(t.requests.invalidNeedsReason(shown));
  const step = transition(r.status, 'invalidate');
  if (!step.ok) return turn.reply(t.errors.illegal(shown, t.status[r.status]));
  const updated = await updateRequest(tx, r.ref, { status: step.to, resolution: why, ...stopped(now) });
  await raise(turn, {
    type: 'invalid',
    request: updated,
    by: { kind: 'member', id: actor.member.id },
    from: r.assigneeId,
    reason: why,
  });
  return turn.reply(t.requests.invalidDone(shown));
}
