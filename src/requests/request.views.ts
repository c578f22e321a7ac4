import { formatRef } from '../domain/reference.js';
import type { Turn } from '../messaging/turn.js';
import { findRequest, householdRequests, memberName, openTasks, timeline, toView } from '../data/requests.repository.js';

/** `#12` / `查 #12`: only the requester's household, the assignee and the village secretary may look. */
export async function viewRequest(turn: Turn, ref: number): Promise<void> {
  const { actor, t, tx } = turn;
  const r = await findRequest(tx, ref);
  const shown = formatRef(ref);
  if (actor.kind === 'stranger') return turn.reply(t.unbound);
  if (!r || r.villageId !== actor.village.id) return turn.reply(t.errors.notFound(shown));
  const allowed = actor.kind === 'resident'
    ? r.householdId === actor.household.id
    : r.assigneeId === actor.member.id || actor.member.roles.includes('secretary');
  if (!allowed) return turn.reply(t.errors.forbidden(shown));
  const entries = await timeline(tx, ref, actor.village.timezone, t);
  await turn.reply(t.detail(toView(r), await memberName(tx, r.assigneeId), entries));
}

export async function listMine(turn: Turn): Promise<void> {
  const { actor, t, tx } = turn;
  if (actor.kind === 'resident') return turn.reply(t.mine((await householdRequests(tx, actor.household.id)).map(toView)));
  if (actor.kind === 'member') return turn.reply(t.tasks((await openTasks(tx, actor.member.id)).map(toView)));
  return turn.reply(t.unbound);
}
