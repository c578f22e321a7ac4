import { memberName } from '../data/people.repository.js';
import { findRequest, updateRequest } from '../data/requests.repository.js';
import type { CaseRow } from '../data/mediation.repository.js';
import { transition } from '../domain/request.machine.js';
import { raise } from '../messaging/notifiers.js';
import type { EventContext } from '../messaging/send.js';

/**
 * While a case is open the mediation's own clock (30 days, src/domain/mediation.rules.ts) replaces the
 * request's 15-day resolve deadline, so the dispute is not escalated away from its mediator mid-case.
 */
export async function handOverClock(ctx: Pick<EventContext, 'tx'>, ref: number): Promise<void> {
  await updateRequest(ctx.tx, ref, { resolveDueAt: null });
}

/**
 * An agreement or a failure ends the dispute as a request too, through the request machine: the household
 * hears the outcome (the agreement or the reason, as the mediator wrote it) and rates it, so disputes count
 * in the three rates like any other matter. A request no longer in `accepted` (withdrawn, say) is left alone.
 */
export async function resolveRequest(ctx: EventContext, c: CaseRow, outcome: string): Promise<void> {
  const r = await findRequest(ctx.tx, c.requestRef);
  if (!r) return;
  const step = transition(r.status, 'resolve');
  if (!step.ok) return;
  const by = c.presidingId ?? c.openedBy;
  const updated = await updateRequest(ctx.tx, r.ref, {
    status: step.to,
    resolution: outcome,
    resolvedAt: ctx.now,
    rating: null,
    updatedAt: ctx.now,
  });
  await raise(ctx, {
    type: 'resolved',
    request: updated,
    by: { kind: 'member', id: by },
    name: (await memberName(ctx.tx, by)) ?? '',
    text: outcome,
  });
}
