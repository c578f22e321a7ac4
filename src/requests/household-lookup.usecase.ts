import { villageRoster } from '../data/people.repository.js';
import { householdRequests } from '../data/requests.repository.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { byId } from '../domain/people.resolve.js';
import { householdShown, pickHousehold } from '../messaging/people.pick.js';
import type { MemberTurn } from '../messaging/turn.js';
import { toView } from '../messaging/views.js';
import { overseesHousehold } from './request.views.js';

/**
 * `查 杨志强` / `查 三组1号`: a member names a household as villagers do and gets its recent requests — before a
 * visit, or when someone in the street asks "what happened to my matter?". A secretary or mediator sees all of
 * them; a group leader those of the groups they lead; anyone else only the ones they handle. Someone else's
 * request is shown with phone and ID numbers masked, as on the desk.
 */
export async function lookupHousehold(
  turn: MemberTurn,
  typed: string,
  button: (householdRef: string) => string,
): Promise<void> {
  const { t, tx } = turn;
  const { village, member } = turn.actor;
  const h = await pickHousehold(turn, village.id, typed, {
    button: (x) => button(byId(x.id)),
    form: t.people.lookupForm,
  });
  if (!h) return;
  const roster = await villageRoster(tx, village.id);
  const wide = await overseesHousehold(tx, member, h.id);
  const rows = await householdRequests(tx, h.id, 10);
  const seen = rows.filter((r) => wide || r.assigneeId === member.id);
  const lines = seen.map((r) => {
    const v = toView(r);
    const summary = r.assigneeId === member.id ? v.summary : maskPersonalNumbers(v.summary);
    return `${v.ref} ${t.kind[v.kind]} · ${t.status[v.status]} · ${summary}`;
  });
  await turn.reply(t.people.householdRequests(householdShown(t, roster, h), lines, rows.length - seen.length));
}
