import { attachToRequest, looseAttachments } from '../data/attachments.repository.js';
import { groupOfHousehold, memberName, activeMembers } from '../data/people.repository.js';
import { insertRequest, lastDisputeAssignee, type RequestRow, updateRequest } from '../data/requests.repository.js';
import { nextSession } from '../data/sessions.repository.js';
import type { ClassifyResult } from '../domain/classification.js';
import { deadlinesFor } from '../domain/deadlines.js';
import { policy, since } from '../domain/policy.js';
import { formatRef } from '../domain/reference.js';
import { mustTransition } from '../domain/request.machine.js';
import { route } from '../domain/routing.js';
import { nextSessionDate } from '../domain/say-things.js';
import { raise } from '../messaging/notifiers.js';
import type { ResidentTurn } from '../messaging/turn.js';
import { receiptButtons, toView } from '../messaging/views.js';
import { safetyTopicsOf } from '../domain/safety.js';

export type Understood = ClassifyResult & { promptVersion?: string };

/** Stores the request, routes it by the domain rules, sends the task cards and the receipt. */
export async function createRequest(turn: ResidentTurn, text: string, c: Understood): Promise<RequestRow> {
  const { tx, now, actor } = turn;
  const resident = { kind: 'resident' as const, id: actor.residentId };
  // Photos and voice notes sent with it or just before it go with it (and with its task card).
  const loose = await looseAttachments(tx, turn.msg.platform, turn.msg.userId, since(now, policy.draftTtlMs));
  const mark = turn.t.media.voiceMark;
  if (loose.some((a) => a.kind === 'voice' && a.transcript) && !text.includes(mark)) text = `${text}${mark}`;
  let request = await insertRequest(tx, {
    villageId: actor.village.id,
    householdId: actor.household.id,
    residentId: actor.residentId,
    originIdentityId: actor.identity.id,
    kind: c.kind,
    summary: c.summary || text.slice(0, 40),
    text,
    urgency: c.urgency,
    status: 'submitted',
    classifier: c.classifier,
    promptVersion: c.promptVersion ?? null,
    details: { location: c.location, parties: c.parties, when: c.when, department: c.department, confidence: c.confidence },
    createdAt: now,
    updatedAt: now,
  });
  await attachToRequest(tx, loose.map((a) => a.id), request.ref);
  await raise(turn, { type: 'submitted', request, by: resident, classifier: c.classifier, confidence: c.confidence });

  if (c.kind === 'other') return request;
  const village = actor.village;
  const session = c.kind === 'say_things'
    ? await nextSession(tx, village.id, nextSessionDate(now, village.timezone, village.sayThingsDay), village.sayThingsPlace)
    : null;
  if (session) {
    request = await updateRequest(tx, request.ref, { sessionId: session.id });
    await raise(turn, { type: 'topic', request, session: session.date });
  }
  const group = await groupOfHousehold(tx, actor.household.id);
  const decision = route({
    kind: c.kind, urgency: c.urgency,
    group: group ? { leaderId: group.leaderId, deputyId: group.deputyId } : null,
    members: await activeMembers(tx, village.id),
    lastMediatorId: c.kind === 'dispute' ? await lastDisputeAssignee(tx, village.id) : null,
  });
  if (!decision.ok) {
    await turn.reply(turn.t.receipt(toView(request), null, advice(turn, request)), receiptButtons(turn.t, request.ref));
    return request;
  }
  const due = deadlinesFor(c.kind, decision.urgency, now, village.timezone, turn.sla);
  request = await updateRequest(tx, request.ref, {
    status: mustTransition(request.status, 'assign'), assigneeId: decision.assigneeId, urgency: decision.urgency, updatedAt: now,
    acceptDueAt: due.acceptBy, resolveDueAt: due.resolveBy,
  });
  await raise(turn, { type: 'assigned', request, to: decision.assigneeId, cc: decision.ccIds, rule: decision.rule });
  const assignee = await memberName(tx, decision.assigneeId);
  await turn.reply(session
    ? turn.t.rhythm.topicReceipt(formatRef(request.ref), turn.t.format.day(session.date), request.summary)
    : turn.t.receipt(toView(request), assignee, advice(turn, request)), receiptButtons(turn.t, request.ref));
  return request;
}

/** An urgent danger's receipt says what to do right now, while help is on its way. */
function advice(turn: ResidentTurn, r: RequestRow): string[] {
  if (r.urgency !== 'urgent') return [];
  return safetyTopicsOf(r.text).map((k) => turn.t.requests.safety[k]);
}
