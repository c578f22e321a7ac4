import { activeMembers, groupOfHousehold, type MemberRow, villageRoster } from '../data/people.repository.js';
import { findRequest, type RequestRow, updateRequest } from '../data/requests.repository.js';
import { callbackData, type Command, commandTable } from '../domain/commands.js';
import { byId } from '../domain/people.resolve.js';
import { formatRef } from '../domain/reference.js';
import {
  allowedActions,
  type RequestAction,
  type RequestStatus,
  transition,
  waitingForAccept,
} from '../domain/request.machine.js';
import { secretaryOf } from '../domain/routing.js';
import { raise } from '../messaging/notifiers.js';
import { memberShown, pickMember } from '../messaging/people.pick.js';
import type { MemberTurn } from '../messaging/turn.js';
import { taskButtons } from '../messaging/views.js';

export type LeaderCommand = Extract<
  Command,
  { type: 'accept' | 'note' | 'transfer' | 'escalate' | 'resolve' | 'prompt_note' | 'prompt_resolve' }
>;

/**
 * Loads the request a member wants to act on and checks that they may: the assignee, or the
 * secretary of the request's village. Replies and returns null when not.
 */
export async function requestForMember(turn: MemberTurn, ref: number): Promise<RequestRow | null> {
  const r = await findRequest(turn.tx, ref);
  const shown = formatRef(ref);
  if (!r || r.villageId !== turn.actor.village.id) {
    await turn.reply(turn.t.errors.notFound(shown));
    return null;
  }
  const isSecretary = turn.actor.member.roles.includes('secretary');
  if (r.assigneeId !== turn.actor.member.id && !isSecretary) {
    await turn.reply(turn.t.errors.forbidden(shown));
    return null;
  }
  return r;
}

/** The member's commands that stand for a machine action, in the order a hint offers them. */
const memberForms: Partial<Record<RequestAction, Command['type']>> = {
  accept: 'accept',
  note: 'note',
  resolve: 'resolve',
  transfer: 'transfer',
  escalate: 'escalate',
  invalidate: 'invalidate',
};

/** What a member may do with the request now, as they would type it (from the machine's table). */
export function possibleNow(turn: MemberTurn, r: RequestRow): string[] {
  const secretary = turn.actor.member.roles.includes('secretary');
  return allowedActions(r.status).flatMap((a) => {
    const type = memberForms[a];
    if (!type || (a === 'invalidate' && !secretary)) return [];
    const spec = commandTable[type];
    return [turn.t.requests.commandForm(spec.verbs![0]!, spec.slash!, formatRef(r.ref))];
  });
}

/** The machine's answer, or a polite refusal saying what is possible now. */
async function move(turn: MemberTurn, r: RequestRow, action: RequestAction): Promise<RequestStatus | null> {
  const step = transition(r.status, action);
  if (step.ok) return step.to;
  await turn.reply(
    turn.t.requests.illegalHint(
      formatRef(r.ref),
      turn.t.status[r.status],
      possibleNow(turn, r),
      waitingForAccept.includes(r.status) && action !== 'accept',
    ),
  );
  return null;
}

export async function leaderAction(turn: MemberTurn, cmd: LeaderCommand): Promise<void> {
  const r = await requestForMember(turn, cmd.ref);
  if (!r) return;
  const { tx, now, t } = turn;
  const me = turn.actor.member;
  const by = { kind: 'member' as const, id: me.id };
  const shown = formatRef(r.ref);

  switch (cmd.type) {
    case 'prompt_note':
      return turn.reply(t.toLeader.promptNote(shown));
    case 'prompt_resolve':
      return turn.reply(t.toLeader.promptResolve(shown));
    case 'accept': {
      const to = await move(turn, r, 'accept');
      if (!to) return;
      // Whoever accepts owns it from now on (首问负责), including a secretary stepping in.
      const updated = await updateRequest(tx, r.ref, {
        status: to,
        assigneeId: me.id,
        acceptedAt: r.acceptedAt ?? now,
        updatedAt: now,
      });
      await raise(turn, { type: 'accepted', request: updated, by, name: me.name });
      return turn.reply(t.toLeader.accepted(shown), taskButtons(t, r.ref, true));
    }
    case 'note': {
      const to = await move(turn, r, 'note');
      if (!to) return;
      const updated = await updateRequest(tx, r.ref, { status: to, updatedAt: now });
      await raise(turn, { type: 'note', request: updated, by, name: me.name, text: cmd.text });
      return turn.reply(t.conversation.noted(shown, cmd.text));
    }
    case 'escalate': {
      const secretary = secretaryOf(await activeMembers(tx, r.villageId));
      if (secretary === null || secretary === r.assigneeId)
        return turn.reply(t.errors.illegal(shown, t.status[r.status]));
      const to = await move(turn, r, 'escalate');
      if (!to) return;
      const updated = await updateRequest(tx, r.ref, { status: to, assigneeId: secretary, updatedAt: now });
      await raise(turn, { type: 'escalated', request: updated, by, from: r.assigneeId, to: secretary });
      return turn.reply(t.toLeader.escalated(shown));
    }
    case 'transfer':
      return transfer(turn, r, cmd.memberCode, cmd.page ?? 1);
    case 'resolve': {
      const to = await move(turn, r, 'resolve');
      if (!to) return;
      const result = cmd.text || t.toLeader.defaultResult;
      const updated = await updateRequest(tx, r.ref, {
        status: to,
        resolution: result,
        resolvedAt: now,
        rating: null,
        updatedAt: now,
      });
      await raise(turn, { type: 'resolved', request: updated, by, name: me.name, text: result });
      return turn.reply(t.toLeader.resolved(shown));
    }
  }
}

/** Buttons a page of the transfer picker shows at most, besides 更多. */
export const PICK_PAGE = 12;

/**
 * Who a request can be handed to, in the order a leader looks: the group's deputy (or its leader, when the
 * deputy has it), the other leaders of the village, the mediators, the secretary. Active members only,
 * never the one who has it now.
 */
async function candidates(turn: MemberTurn, r: RequestRow): Promise<{ role: string; members: MemberRow[] }[]> {
  const members = (await activeMembers(turn.tx, r.villageId)).filter((m) => m.id !== r.assigneeId);
  const group = await groupOfHousehold(turn.tx, r.householdId);
  const own = [group?.deputyId, group?.leaderId].filter((id): id is number => id !== null && id !== undefined);
  const taken = new Set<number>();
  const pick = (test: (m: MemberRow) => boolean) =>
    members
      .filter((m) => !taken.has(m.id) && test(m))
      .map((m) => {
        taken.add(m.id);
        return m;
      });
  const ownGroup = own.flatMap((id) => pick((m) => m.id === id));
  const { role } = turn.t;
  return [
    {
      role: role.group_leader ?? 'group_leader',
      members: [...ownGroup, ...pick((m) => m.roles.includes('group_leader'))],
    },
    { role: role.mediator ?? 'mediator', members: pick((m) => m.roles.includes('mediator')) },
    { role: role.secretary ?? 'secretary', members: pick((m) => m.roles.includes('secretary')) },
  ].filter((s) => s.members.length > 0);
}

/** 转派 without a member code: members by role with their codes, a page of buttons and 更多. */
async function transferPicker(turn: MemberTurn, r: RequestRow, page: number): Promise<void> {
  const sections = await candidates(turn, r);
  const all = sections.flatMap((s) => s.members.map((m) => ({ role: s.role, m })));
  // Named by group and place, so two of one name are told apart and a deputy is not called a leader.
  const roster = await villageRoster(turn.tx, r.villageId);
  const label = (m: MemberRow) => memberShown(turn.t, roster, m);
  const pages = Math.max(1, Math.ceil(all.length / PICK_PAGE));
  const at = Math.min(page, pages);
  const shown = all.slice((at - 1) * PICK_PAGE, at * PICK_PAGE);
  const listed = sections
    .map((s) => ({
      role: s.role,
      members: shown.filter((x) => x.role === s.role).map((x) => ({ code: x.m.code, label: label(x.m) })),
    }))
    .filter((s) => s.members.length > 0);
  const buttons = shown.map((x) => ({ label: label(x.m), data: callbackData.transfer(r.ref, byId(x.m.id)) }));
  const rows = Array.from({ length: Math.ceil(buttons.length / 3) }, (_, i) => buttons.slice(i * 3, i * 3 + 3));
  if (at < pages) rows.push([{ label: turn.t.requests.moreButton, data: callbackData.transferPage(r.ref, at + 1) }]);
  return turn.reply(turn.t.requests.transferPick(formatRef(r.ref), listed, at, pages), rows);
}

async function transfer(turn: MemberTurn, r: RequestRow, memberCode: string | null, page: number): Promise<void> {
  const { tx, now, t } = turn;
  const shown = formatRef(r.ref);
  if (!memberCode) {
    // Nothing to pick for a request that can no longer be transferred.
    if (!transition(r.status, 'transfer').ok) return void (await move(turn, r, 'transfer'));
    return transferPicker(turn, r, page);
  }
  const spec = commandTable.transfer;
  const target = await pickMember(turn, r.villageId, memberCode, {
    button: (m) => callbackData.transfer(r.ref, byId(m.id)),
    form: (who) => `${t.requests.commandForm(spec.verbs![0]!, spec.slash!, shown)} ${who}`,
  });
  if (!target) return;
  if (target.id === r.assigneeId) return turn.reply(t.errors.illegal(shown, t.status[r.status]));
  const to = await move(turn, r, 'transfer');
  if (!to) return;
  const updated = await updateRequest(tx, r.ref, { status: to, assigneeId: target.id, updatedAt: now });
  await raise(turn, {
    type: 'transferred',
    request: updated,
    by: { kind: 'member', id: turn.actor.member.id },
    from: r.assigneeId,
    to: target.id,
    toName: target.name,
  });
  await turn.reply(t.toLeader.transferred(shown, target.name));
}
