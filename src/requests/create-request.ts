import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { requests } from '../../db/schema.js';
import type { ClassifyResult } from '../domain/classification.js';
import { deadlinesFor } from '../domain/deadlines.js';
import { formatRef } from '../domain/reference.js';
import { transition } from '../domain/request.machine.js';
import { route } from '../domain/routing.js';
import { groupOfHousehold, villageMembers } from '../data/people.repository.js';
import type { Turn } from '../messaging/turn.js';
import { nextSession, spokenDate } from '../rhythm/sessions.js';
import { addEvent, memberName, type RequestRow, toView } from '../data/requests.repository.js';
import { sendCopy, sendTask } from '../messaging/notify.js';

export type ResidentTurn = Turn & { actor: Extract<Turn['actor'], { kind: 'resident' }> };
export type Understood = ClassifyResult & { promptVersion?: string };

/** Stores the request, routes it by the domain rules, sends the task cards and the receipt. */
export async function createRequest(turn: ResidentTurn, text: string, c: Understood): Promise<RequestRow> {
  const { tx, now, actor } = turn;
  const [created] = await tx.insert(requests).values({
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
  }).returning();
  let request = created!;
  await addEvent(tx, request.ref, now, 'submitted', { kind: 'resident', id: actor.residentId }, { classifier: c.classifier, confidence: c.confidence });

  if (c.kind === 'other') return request;
  const session = c.kind === 'say_things' ? await nextSession(tx, actor.village, now) : null;
  if (session) {
    await tx.update(requests).set({ sessionId: session.id }).where(eq(requests.ref, request.ref));
    await addEvent(tx, request.ref, now, 'topic', { kind: 'system', id: null }, { session: session.date });
  }
  const group = await groupOfHousehold(tx, actor.household.id);
  const members = await villageMembers(tx, actor.village.id);
  const [lastDispute] = c.kind === 'dispute'
    ? await tx.select({ assigneeId: requests.assigneeId }).from(requests)
      .where(and(eq(requests.villageId, actor.village.id), eq(requests.kind, 'dispute'), isNotNull(requests.assigneeId)))
      .orderBy(desc(requests.ref)).limit(1)
    : [];
  const decision = route({
    kind: c.kind, urgency: c.urgency,
    group: group ? { leaderId: group.leaderId, deputyId: group.deputyId } : null,
    members, lastMediatorId: lastDispute?.assigneeId ?? null,
  });
  if (!decision.ok) {
    await turn.reply(turn.t.receipt(toView(request), null));
    return request;
  }
  const step = transition('submitted', 'assign');
  const due = deadlinesFor(c.kind, decision.urgency, now, actor.village.timezone, turn.sla);
  [request] = await tx.update(requests).set({
    status: step.ok ? step.to : 'assigned', assigneeId: decision.assigneeId, urgency: decision.urgency, updatedAt: now,
    acceptDueAt: due.acceptBy, resolveDueAt: due.resolveBy,
  }).where(eq(requests.ref, request.ref)).returning() as [RequestRow];
  await addEvent(tx, request.ref, now, 'assigned', { kind: 'system', id: null }, { assigneeId: decision.assigneeId, rule: decision.rule });
  for (const cc of decision.ccIds) await addEvent(tx, request.ref, now, 'copied', { kind: 'system', id: null }, { memberId: cc });

  const assignee = (await memberName(tx, decision.assigneeId))!;
  await sendTask(tx, turn.send, request, decision.assigneeId);
  for (const cc of decision.ccIds) await sendCopy(tx, turn.send, request, cc, assignee);
  await turn.reply(session
    ? turn.t.rhythm.topicReceipt(formatRef(request.ref), spokenDate(session.date, actor.identity.language), request.summary)
    : turn.t.receipt(toView(request), assignee));
  return request;
}
