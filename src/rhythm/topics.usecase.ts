import { findRequest, moveTopic, type RequestRow, updateRequest } from '../data/requests.repository.js';
import { markHeld, nextSession, sessionById } from '../data/sessions.repository.js';
import { callbackData } from '../domain/commands.js';
import { deadlinesFor } from '../domain/deadlines.js';
import { quietHoursOf } from '../domain/quiet-hours.js';
import { byId } from '../domain/people.resolve.js';
import { formatRef } from '../domain/reference.js';
import { openStatuses, transition } from '../domain/request.machine.js';
import { followingSessionDate } from '../domain/say-things.js';
import { raise } from '../messaging/notifiers.js';
import { pickMember } from '../messaging/people.pick.js';
import type { MemberTurn } from '../messaging/turn.js';
import { agendaLines } from './agenda.js';
import { upcomingSession } from './say-things.sweep.js';

/** `议程`: the secretary sees the next session's topics at any time. */
export async function showAgenda(turn: MemberTurn): Promise<void> {
  const session = await upcomingSession(turn.tx, turn.actor.village, turn.now);
  await turn.reply(
    turn.t.rhythm.agenda(turn.t.format.day(session.date), await agendaLines(turn.tx, session.id, turn.t)),
  );
}

async function topicFor(turn: MemberTurn, ref: number): Promise<RequestRow | null> {
  const r = await findRequest(turn.tx, ref);
  if (!r || r.villageId !== turn.actor.village.id) {
    await turn.reply(turn.t.errors.notFound(formatRef(ref)));
    return null;
  }
  if (!turn.actor.member.roles.includes('secretary')) {
    await turn.reply(turn.t.errors.forbidden(formatRef(ref)));
    return null;
  }
  if (r.kind !== 'say_things') {
    await turn.reply(turn.t.rhythm.notTopic(formatRef(ref)));
    return null;
  }
  return r;
}

/** `说事 #12 结果 …`: the outcome is recorded and reaches the resident, who is asked to rate it. */
export async function recordOutcome(turn: MemberTurn, ref: number, result: string): Promise<void> {
  const r = await topicFor(turn, ref);
  if (!r) return;
  const { tx, now, t } = turn;
  let status = r.status;
  // The secretary heard it face to face: recording the outcome both takes the topic and settles it.
  if (status !== 'accepted') {
    const accept = transition(status, 'accept');
    if (!accept.ok) return turn.reply(t.errors.illegal(formatRef(ref), t.status[status]));
    status = accept.to;
  }
  const resolve = transition(status, 'resolve');
  if (!resolve.ok) return turn.reply(t.errors.illegal(formatRef(ref), t.status[status]));
  const me = turn.actor.member;
  const updated = await updateRequest(tx, ref, {
    status: resolve.to,
    assigneeId: me.id,
    resolution: result,
    acceptedAt: r.acceptedAt ?? now,
    resolvedAt: now,
    updatedAt: now,
  });
  if (r.sessionId !== null) await markHeld(tx, r.sessionId, now);
  await raise(turn, {
    type: 'resolved',
    request: updated,
    by: { kind: 'member', id: me.id },
    name: me.name,
    text: result,
    outcome: true,
  });
  await turn.reply(t.rhythm.outcomeRecorded(formatRef(ref)));
}

/** `说事 #12 转办 吴永红` (a name, with its group when two share it): a topic that needs work becomes a task for a leader, with a leader's deadlines. */
export async function handOverTopic(turn: MemberTurn, ref: number, memberCode: string): Promise<void> {
  const r = await topicFor(turn, ref);
  if (!r) return;
  const { tx, now, t } = turn;
  const target = await pickMember(turn, r.villageId, memberCode, {
    button: (m) => callbackData.topicAssign(ref, byId(m.id)),
    form: (who) => t.rhythm.handOverForm(formatRef(ref), who),
  });
  if (!target) return;
  const step = transition(r.status, 'transfer');
  if (!step.ok) return turn.reply(t.errors.illegal(formatRef(ref), t.status[r.status]));
  const due = deadlinesFor('help', 'normal', now, quietHoursOf(turn.actor.village), turn.sla);
  const updated = await updateRequest(tx, ref, {
    status: step.to,
    assigneeId: target.id,
    acceptDueAt: due.acceptBy,
    resolveDueAt: due.resolveBy,
    updatedAt: now,
  });
  await raise(turn, {
    type: 'transferred',
    request: updated,
    by: { kind: 'member', id: turn.actor.member.id },
    from: r.assigneeId,
    to: target.id,
    toName: target.name,
    topic: true,
  });
  await turn.reply(t.rhythm.topicAssigned(formatRef(ref), target.name));
}

/**
 * The secretary carries one topic over to next month's session before the day is over (it needs a visit first, the
 * person could not come): the same move and the same word to the resident as the automatic carry-over after the day.
 */
export async function carryTopicOver(turn: MemberTurn, ref: number): Promise<void> {
  const r = await topicFor(turn, ref);
  if (!r) return;
  const { tx, now, t } = turn;
  const from = r.sessionId === null ? null : await sessionById(tx, r.sessionId);
  if (!from || !openStatuses.includes(r.status))
    return turn.reply(t.errors.illegal(formatRef(ref), t.status[r.status]));
  const village = turn.actor.village;
  const to = await nextSession(
    tx,
    village.id,
    followingSessionDate(from.date, village.sayThingsDay),
    village.sayThingsPlace,
  );
  const moved = await moveTopic(tx, ref, to.id, now);
  if (!moved) return turn.reply(t.errors.illegal(formatRef(ref), t.status[r.status]));
  await raise(turn, { type: 'carried_over', request: moved, from: from.date, to: to.date });
  await turn.reply(t.rhythm.topicCarried(formatRef(ref), t.format.day(to.date)));
}
