import { and, eq } from 'drizzle-orm';
import { members, requests } from '../../db/schema.js';
import type { Command } from '../domain/commands.js';
import { formatRef } from '../domain/reference.js';
import { type RequestAction, type RequestStatus, transition } from '../domain/request.machine.js';
import { secretaryOf } from '../domain/routing.js';
import { memberAddress, villageMembers } from '../data/people.repository.js';
import type { Turn } from '../messaging/turn.js';
import { addEvent, findRequest, type RequestRow } from '../data/requests.repository.js';
import { ratingButtons, sendTask, taskButtons, tellResident } from '../messaging/notify.js';

type MemberTurn = Turn & { actor: Extract<Turn['actor'], { kind: 'member' }> };
type LeaderCommand = Extract<Command, { type: 'accept' | 'note' | 'transfer' | 'escalate' | 'resolve' | 'prompt_note' | 'prompt_resolve' }>;

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

async function move(turn: Turn, r: RequestRow, action: RequestAction): Promise<RequestStatus | null> {
  const step = transition(r.status as RequestStatus, action);
  if (step.ok) return step.to;
  await turn.reply(turn.t.errors.illegal(formatRef(r.ref), turn.t.status[r.status as RequestStatus]));
  return null;
}

export async function leaderAction(turn: MemberTurn, cmd: LeaderCommand): Promise<void> {
  const r = await requestForMember(turn, cmd.ref);
  if (!r) return;
  const { tx, now, t } = turn;
  const me = turn.actor.member;
  const actor = { kind: 'member' as const, id: me.id };
  const shown = formatRef(r.ref);
  const update = (set: Partial<typeof requests.$inferInsert>) =>
    tx.update(requests).set({ ...set, updatedAt: now }).where(eq(requests.ref, r.ref)).returning().then((rows) => rows[0]!);

  switch (cmd.type) {
    case 'prompt_note':
      return turn.reply(t.toLeader.promptNote(shown));
    case 'prompt_resolve':
      return turn.reply(t.toLeader.promptResolve(shown));
    case 'accept': {
      const to = await move(turn, r, 'accept');
      if (!to) return;
      // Whoever accepts owns it from now on (首问负责), including a secretary stepping in.
      const updated = await update({ status: to, assigneeId: me.id, acceptedAt: r.acceptedAt ?? now });
      await addEvent(tx, r.ref, now, 'accepted', actor);
      await tellResident(tx, turn.send, updated, (tt, ref) => tt.toResident.accepted(ref, me.name));
      return turn.reply(t.toLeader.accepted(shown), taskButtons(t, r.ref, true));
    }
    case 'note': {
      if (!(await move(turn, r, 'note'))) return;
      await update({});
      await addEvent(tx, r.ref, now, 'note', actor, { text: cmd.text });
      await tellResident(tx, turn.send, r, (tt, ref) => tt.toResident.note(ref, me.name, cmd.text));
      return turn.reply(t.toLeader.note(shown));
    }
    case 'escalate': {
      const secretary = secretaryOf(await villageMembers(tx, r.villageId));
      if (secretary === null || secretary === r.assigneeId) {
        return turn.reply(t.errors.illegal(shown, t.status[r.status as RequestStatus]));
      }
      const to = await move(turn, r, 'escalate');
      if (!to) return;
      const updated = await update({ status: to, assigneeId: secretary });
      await addEvent(tx, r.ref, now, 'escalated', actor, { from: r.assigneeId, to: secretary });
      await sendTask(tx, turn.send, updated, secretary);
      await tellResident(tx, turn.send, updated, (tt, ref) => tt.toResident.escalated(ref));
      return turn.reply(t.toLeader.escalated(shown));
    }
    case 'transfer':
      return transfer(turn, r, cmd.memberCode);
    case 'resolve': {
      const to = await move(turn, r, 'resolve');
      if (!to) return;
      const result = cmd.text || t.toLeader.defaultResult;
      const updated = await update({ status: to, resolution: result, resolvedAt: now, rating: null });
      await addEvent(tx, r.ref, now, 'resolved', actor, { text: result });
      await tellResident(tx, turn.send, updated, (tt, ref) => tt.toResident.resolved(ref, me.name, result), (tt) => ratingButtons(tt, r.ref));
      return turn.reply(t.toLeader.resolved(shown));
    }
  }
}

async function transfer(turn: MemberTurn, r: RequestRow, memberCode: string | null): Promise<void> {
  const { tx, now, t } = turn;
  const shown = formatRef(r.ref);
  if (!memberCode) {
    const others = (await villageMembers(tx, r.villageId)).filter((m) => m.id !== r.assigneeId);
    const buttons = others.slice(0, 24).map((m) => ({ label: m.name, data: `trf:${r.ref}:${m.code}` }));
    const rows = Array.from({ length: Math.ceil(buttons.length / 3) }, (_, i) => buttons.slice(i * 3, i * 3 + 3));
    return turn.reply(`${t.toLeader.transferPick(shown)}\n${others.map((m) => `${m.code} ${m.name}`).join('\n')}`, rows);
  }
  const [target] = await tx.select().from(members).where(and(eq(members.villageId, r.villageId), eq(members.code, memberCode)));
  if (!target) return turn.reply(t.errors.unknownMember(memberCode));
  if (target.id === r.assigneeId) return turn.reply(t.errors.illegal(shown, t.status[r.status as RequestStatus]));
  const to = await move(turn, r, 'transfer');
  if (!to) return;
  const [updated] = await tx.update(requests).set({ status: to, assigneeId: target.id, updatedAt: now }).where(eq(requests.ref, r.ref)).returning();
  await addEvent(tx, r.ref, now, 'transferred', { kind: 'member', id: turn.actor.member.id }, { from: r.assigneeId, to: target.id });
  await sendTask(tx, turn.send, updated!, target.id);
  await tellResident(tx, turn.send, updated!, (tt, ref) => tt.toResident.transferred(ref, target.name));
  if (r.assigneeId !== null && r.assigneeId !== turn.actor.member.id) {
    await turn.send(await memberAddress(tx, r.assigneeId), (tt) => ({ text: tt.toLeader.transferredAway(shown, target.name) }));
  }
  await turn.reply(t.toLeader.transferred(shown, target.name));
}
