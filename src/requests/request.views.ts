import { householdById, memberName, memberNames } from '../data/people.repository.js';
import { groupsLedBy } from '../data/desk.repository.js';
import type { Address, MemberRow } from '../data/people.repository.js';
import {
  eventsOf,
  findRequest,
  householdRequests,
  openTasks,
  type RequestRow,
  villageRequestsIn,
} from '../data/requests.repository.js';
import { openStatuses } from '../domain/request.machine.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { formatRef } from '../domain/reference.js';
import type { EventContext } from '../messaging/send.js';
import type { Turn } from '../messaging/turn.js';
import { taskButtons, taskView, toView } from '../messaging/views.js';
import type { Texts, TimelineEntry } from '../texts/texts.js';

/** The ledger in a form people read: who did what, when, in the village's time zone. */
async function timeline(turn: Turn, ref: number, timezone: string, t: Texts): Promise<TimelineEntry[]> {
  const events = await eventsOf(turn.tx, ref);
  const names = await memberNames(turn.tx, [
    ...new Set(events.flatMap((e) => (e.actorKind === 'member' && e.actorId !== null ? [e.actorId] : []))),
  ]);
  return events
    .filter((e) => e.type !== 'copied')
    .map((e) => ({
      // A readable date in the reader's language: 3月2日 16:30 / Mar 2, 16:30.
      at: t.format.due(e.at, timezone),
      type: e.type,
      actor: e.actorKind === 'member' && e.actorId !== null ? (names.get(e.actorId) ?? null) : null,
      note:
        typeof e.details.text === 'string'
          ? e.details.unhappyReason === true
            ? t.conversation.reasonNote(e.details.text)
            : e.details.text
          : typeof e.details.rating === 'string'
            ? (t.rating[e.details.rating as keyof Texts['rating']] ?? null)
            : e.details.reason === 'accept_overdue' || e.details.reason === 'resolve_overdue'
              ? t.requests.escalatedBecause(e.details.reason, null, null)
              : null,
    }));
}

/** Members who look after the whole village's households; a group leader (or deputy) looks after their groups'. */
const VILLAGE_WIDE: readonly string[] = ['secretary', 'mediator', 'town_staff', 'county_staff'];

/** Whether a member sees every request of a household (`查 #12`, `查 杨志强`), as on the desk; others see only their own. */
export async function overseesHousehold(
  tx: Turn['tx'],
  member: MemberRow,
  householdId: number | null,
): Promise<boolean> {
  if (member.roles.some((role) => VILLAGE_WIDE.includes(role))) return true;
  if (householdId === null) return false;
  const h = await householdById(tx, householdId);
  return h !== null && (await groupsLedBy(tx, member.id)).some((g) => g.id === h.groupId);
}

/** `#12` / `查 #12`: the requester's household, the assignee and the members who oversee that household may look. */

export async function viewRequest(turn: Turn, ref: number): Promise<void> {
  const { actor, t, tx } = turn;
  if (actor.kind === 'stranger') return turn.reply(t.unbound);
  const r = await findRequest(tx, ref);
  const shown = formatRef(ref);
  if (!r || r.villageId !== actor.village.id) return turn.reply(t.errors.notFound(shown));
  // As on the desk: the secretary and mediators see the village's, a group leader (or deputy) their groups' households'.
  const allowed =
    actor.kind === 'resident'
      ? r.householdId === actor.household.id
      : r.assigneeId === actor.member.id || (await overseesHousehold(tx, actor.member, r.householdId));
  if (!allowed) return turn.reply(t.errors.forbidden(shown));
  const entries = await timeline(turn, ref, actor.village.timezone, t);
  // The secretary looking at someone else's case sees it without the resident's phone and ID numbers.
  const overseeing = actor.kind === 'member' && r.assigneeId !== actor.member.id;
  const view = toView(r);
  await turn.reply(
    t.detail(
      overseeing ? { ...view, summary: maskPersonalNumbers(view.summary) } : view,
      await memberName(tx, r.assigneeId),
      overseeing ? entries.map((e) => ({ ...e, note: e.note === null ? null : maskPersonalNumbers(e.note) })) : entries,
    ),
  );
}

export async function listMine(turn: Turn): Promise<void> {
  const { actor, t, tx } = turn;
  if (actor.kind === 'resident')
    return turn.reply(t.mine((await householdRequests(tx, actor.household.id)).map(toView)));
  if (actor.kind === 'member') return turn.reply(t.tasks((await openTasks(tx, actor.member.id)).map(toView)));
  return turn.reply(t.unbound);
}

/** Cards sent one by one to a member who binds late; the rest come as one list. */
export const LATE_CARDS = 5;

/**
 * A member whose account was just bound (or confirmed) gets the work waiting for them, on that account:
 * their open tasks as cards with buttons, and for a secretary also the village's open escalations and
 * the requests reopened after 不满意.
 */
export async function sendOpenWork(ctx: EventContext, to: Address | null, member: MemberRow): Promise<void> {
  if (!to) return;
  const mine = (await openTasks(ctx.tx, member.id, 50)).filter((r) => openStatuses.includes(r.status));
  const village = member.roles.includes('secretary')
    ? await villageRequestsIn(ctx.tx, member.villageId, ['escalated', 'reopened'])
    : [];
  const seen = new Set<number>();
  const work: RequestRow[] = [];
  for (const r of [...mine, ...village])
    if (!seen.has(r.ref)) {
      seen.add(r.ref);
      work.push(r);
    }
  if (work.length === 0) return;
  await ctx.send(to, (t) => ({ text: t.requests.openWork(work.length) }));
  for (const r of work.slice(0, LATE_CARDS)) {
    const view = await taskView(ctx.tx, r);
    await ctx.send(to, (t) => ({ text: t.task(view), buttons: taskButtons(t, r.ref, r.status === 'accepted') }));
  }
  const rest = work.slice(LATE_CARDS).map(toView);
  if (rest.length) await ctx.send(to, (t) => ({ text: t.requests.moreWork(rest) }));
}
