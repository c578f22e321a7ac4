import { memberByCode, activeMembers } from '../data/people.repository.js';
import { findRequest, type RequestRow, updateRequest } from '../data/requests.repository.js';
import type { Command } from '../domain/commands.js';
import { callbackData } from '../domain/commands.js';
import { formatRef } from '../domain/reference.js';
import { type RequestAction, type RequestStatus, transition } from '../domain/request.machine.js';
import { secretaryOf } from '../domain/routing.js';
import { raise } from '../messaging/notifiers.js';
import type { MemberTurn, Turn } from '../messaging/turn.js';
import { taskButtons } from '../messaging/views.js';

export type LeaderCommand = Extract<Command, { type: 'accept' | 'note' | 'transfer' | 'escalate' | 'resolve' | 'prompt_note' | 'prompt_resolve' }>;

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

/** The machine's answer, or a polite refusal naming the current status. */
async function move(turn: Turn, r: RequestRow, action: RequestAction): Promise<RequestStatus | null> {
  const step = transition(r.status, action);
  if (step.ok) return step.to;
  await turn.reply(turn.t.errors.illegal(formatRef(r.ref), turn.t.status[r.status]));
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
      const updated = await updateRequest(tx, r.ref, { status: to, assigneeId: me.id, acceptedAt: r.acceptedAt ?? now, updatedAt: now });
      await raise(turn, { type: 'accepted', request: updated, by, name: me.name });
      return turn.reply(t.toLeader.accepted(shown), taskButtons(t, r.ref, true));
    }
    case 'note': {
      const to = await move(turn, r, 'note');
      if (!to) return;
      const updated = await updateRequest(tx, r.ref, { status: to, updatedAt: now });
      await raise(turn, { type: 'note', request: updated, by, name: me.name, text: cmd.text });
      return turn.reply(t.toLeader.note(shown));
    }
    case 'escalate': {
      const secretary = secretaryOf(await activeMembers(tx, r.villageId));
      if (secretary === null || secretary === r.assigneeId) return turn.reply(t.errors.illegal(shown, t.status[r.status]));
      const to = await move(turn, r, 'escalate');
      if (!to) return;
      const updated = await updateRequest(tx, r.ref, { status: to, assigneeId: secretary, updatedAt: now });
      await raise(turn, { type: 'escalated', request: updated, by, from: r.assigneeId, to: secretary });
      return turn.reply(t.toLeader.escalated(shown));
    }
    case 'transfer':
      return transfer(turn, r, cmd.memberCode);
    case 'resolve': {
      const to = await move(turn, r, 'resolve');
      if (!to) return;
      const result = cmd.text || t.toLeader.defaultResult;
      const updated = await updateRequest(tx, r.ref, { status: to, resolution: result, resolvedAt: now, rating: null, updatedAt: now });
      await raise(turn, { type: 'resolved', request: updated, by, name: me.name, text: result });
      return turn.reply(t.toLeader.resolved(shown));
    }
  }
}

async function transfer(turn: MemberTurn, r: RequestRow, memberCode: string | null): Promise<void> {
  const { tx, now, t } = turn;
  const shown = formatRef(r.ref);
  if (!memberCode) {
    const others = (await activeMembers(tx, r.villageId)).filter((m) => m.id !== r.assigneeId);
    const buttons = others.slice(0, 24).map((m) => ({ label: m.name, data: callbackData.transfer(r.ref, m.code) }));
    const rows = Array.from({ length: Math.ceil(buttons.length / 3) }, (_, i) => buttons.slice(i * 3, i * 3 + 3));
    return turn.reply(`${t.toLeader.transferPick(shown)}\n${others.map((m) => `${m.code} ${m.name}`).join('\n')}`, rows);
  }
  const target = await memberByCode(tx, r.villageId, memberCode);
  if (!target?.active) return turn.reply(t.errors.unknownMember(memberCode));
  if (target.id === r.assigneeId) return turn.reply(t.errors.illegal(shown, t.status[r.status]));
  const to = await move(turn, r, 'transfer');
  if (!to) return;
  const updated = await updateRequest(tx, r.ref, { status: to, assigneeId: target.id, updatedAt: now });
  await raise(turn, { type: 'transferred', request: updated, by: { kind: 'member', id: turn.actor.member.id }, from: r.assigneeId, to: target.id, toName: target.name });
  await turn.reply(t.toLeader.transferred(shown, target.name));
}
