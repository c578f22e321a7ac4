import { and, eq } from 'drizzle-orm';
import { members, requests, sayThingsSessions } from '../../db/schema.js';
import { deadlinesFor } from '../domain/deadlines.js';
import { formatRef } from '../domain/reference.js';
import { type RequestStatus, transition } from '../domain/request.machine.js';
import type { Actor } from '../data/people.repository.js';
import type { Turn } from '../messaging/turn.js';
import { ratingButtons, sendTask, tellResident } from '../messaging/notify.js';
import { addEvent, findRequest, type RequestRow } from '../data/requests.repository.js';
import { agendaLines } from './agenda.js';
import { nextSession, spokenDate } from './sessions.js';

type MemberTurn = Turn & { actor: Extract<Actor, { kind: 'member' }> };

/** `议程`: the secretary sees the next session's topics at any time. */
export async function showAgenda(turn: MemberTurn): Promise<void> {
  const session = await nextSession(turn.tx, turn.actor.village, turn.now);
  await turn.reply(turn.t.rhythm.agenda(spokenDate(session.date, turn.actor.identity.language), await agendaLines(turn.tx, session.id)));
}

async function topicFor(turn: MemberTurn, ref: number): Promise<RequestRow | null> {
  const r = await findRequest(turn.tx, ref);
  if (!r || r.villageId !== turn.actor.village.id) { await turn.reply(turn.t.errors.notFound(formatRef(ref))); return null; }
  if (!turn.actor.member.roles.includes('secretary')) { await turn.reply(turn.t.errors.forbidden(formatRef(ref))); return null; }
  if (r.kind !== 'say_things') { await turn.reply(turn.t.rhythm.notTopic(formatRef(ref))); return null; }
  return r;
}

/** `说事 #12 结果 …`: the outcome is recorded and reaches the resident, who is asked to rate it. */
export async function recordOutcome(turn: MemberTurn, ref: number, result: string): Promise<void> {
  const r = await topicFor(turn, ref);
  if (!r) return;
  const { tx, now, t } = turn;
  let status = r.status as RequestStatus;
  // The secretary heard it face to face: recording the outcome both takes the topic and settles it.
  if (status !== 'accepted') {
    const accept = transition(status, 'accept');
    if (!accept.ok) return turn.reply(t.errors.illegal(formatRef(ref), t.status[status]));
    status = accept.to;
  }
  const resolve = transition(status, 'resolve');
  if (!resolve.ok) return turn.reply(t.errors.illegal(formatRef(ref), t.status[status]));
  const [updated] = await tx.update(requests).set({
    status: resolve.to, assigneeId: turn.actor.member.id, resolution: result, acceptedAt: r.acceptedAt ?? now, resolvedAt: now, updatedAt: now,
  }).where(eq(requests.ref, ref)).returning();
  await addEvent(tx, ref, now, 'resolved', { kind: 'member', id: turn.actor.member.id }, { text: result, outcome: true });
  if (r.sessionId !== null) {
    await tx.update(sayThingsSessions).set({ heldAt: now }).where(eq(sayThingsSessions.id, r.sessionId));
  }
  await tellResident(tx, turn.send, updated!, (tt, x) => tt.rhythm.outcome(x, result), (tt) => ratingButtons(tt, ref));
  await turn.reply(t.rhythm.outcomeRecorded(formatRef(ref)));
}

/** `说事 #12 转办 l-03`: a topic that needs work becomes a task for a leader, with a leader's deadlines. */
export async function handOverTopic(turn: MemberTurn, ref: number, memberCode: string): Promise<void> {
  const r = await topicFor(turn, ref);
  if (!r) return;
  const { tx, now, t } = turn;
  const [target] = await tx.select().from(members).where(and(eq(members.villageId, r.villageId), eq(members.code, memberCode)));
  if (!target) return turn.reply(t.errors.unknownMember(memberCode));
  const step = transition(r.status as RequestStatus, 'transfer');
  if (!step.ok) return turn.reply(t.errors.illegal(formatRef(ref), t.status[r.status as RequestStatus]));
  const due = deadlinesFor('help', 'normal', now, turn.actor.village.timezone, turn.sla);
  const [updated] = await tx.update(requests).set({
    status: step.to, assigneeId: target.id, acceptDueAt: due.acceptBy, resolveDueAt: due.resolveBy, updatedAt: now,
  }).where(eq(requests.ref, ref)).returning();
  await addEvent(tx, ref, now, 'transferred', { kind: 'member', id: turn.actor.member.id }, { from: r.assigneeId, to: target.id, topic: true });
  await sendTask(tx, turn.send, updated!, target.id);
  await tellResident(tx, turn.send, updated!, (tt, x) => tt.toResident.transferred(x, target.name));
  await turn.reply(t.rhythm.topicAssigned(formatRef(ref), target.name));
}
