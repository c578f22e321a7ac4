import { attachToRequest, looseAttachments } from '../data/attachments.repository.js';
import { groupOfHousehold, activeMembers } from '../data/people.repository.js';
import { insertRequest, lastDisputeAssignee, type RequestRow } from '../data/requests.repository.js';
import { fileLoosePlaces, loosePlaceOf, placeColumns } from '../data/places.repository.js';
import { nextSession } from '../data/sessions.repository.js';
import type { ClassifyResult } from '../domain/classification.js';
import type { Place } from '../domain/place.js';
import { deadlinesFor } from '../domain/deadlines.js';
import { quietHoursOf } from '../domain/quiet-hours.js';
import { policy, since } from '../domain/policy.js';
import { formatRef } from '../domain/reference.js';
import { mustTransition } from '../domain/request.machine.js';
import { route } from '../domain/routing.js';
import { nextSessionDate } from '../domain/say-things.js';
import { raiseAll } from '../messaging/notifiers.js';
import type { ResidentTurn } from '../messaging/turn.js';
import { receiptButtons, toView } from '../messaging/views.js';
import { safetyTopicsOf } from '../domain/safety.js';

export type Understood = ClassifyResult & { promptVersion?: string };

const sharedPlaces = new WeakMap<ResidentTurn, Promise<Place | null>>();

/**
 * The point this account shared just before (within a draft's time) that no request took yet; read once per
 * turn (intake asks it, and so does the request it files: one statement, not two). Nothing in between keeps
 * a new point: a shared location is a turn of its own.
 */
export function sharedPlace(turn: ResidentTurn): Promise<Place | null> {
  let p = sharedPlaces.get(turn);
  if (!p)
    sharedPlaces.set(turn, (p = loosePlaceOf(turn.tx, turn.actor.identity.id, since(turn.now, policy.draftTtlMs))));
  return p;
}

/** The point as the turn's first statement read it (findTurnStart), so sharedPlace asks nothing. */
export function knowSharedPlace(turn: ResidentTurn, place: Place | null): void {
  sharedPlaces.set(turn, Promise.resolve(place));
}

/** Stores the request, routes it by the domain rules, sends the task cards and the receipt. */
export async function createRequest(turn: ResidentTurn, text: string, c: Understood): Promise<RequestRow> {
  const { tx, now, actor } = turn;
  const resident = { kind: 'resident' as const, id: actor.residentId };
  // Photos and voice notes sent with it or just before it go with it (and with its task card).
  const loose = await looseAttachments(tx, turn.msg.platform, turn.msg.userId, since(now, policy.draftTtlMs));
  // A point shared with it, or just before it when the bot asked what happened there, is its place.
  const place = turn.msg.location ?? (await sharedPlace(turn));
  const mark = turn.t.media.voiceMark;
  if (loose.some((a) => a.kind === 'voice' && a.transcript) && !text.includes(mark)) text = `${text}${mark}`;
  const village = actor.village;
  const session =
    c.kind === 'say_things'
      ? await nextSession(
          tx,
          village.id,
          nextSessionDate(now, village.timezone, village.sayThingsDay),
          village.sayThingsPlace,
        )
      : null;
  // Routed before it is stored, so it is written once, already assigned (the machine still says whether it may be).
  const { members, assigned } =
    c.kind === 'other' ? { members: [], assigned: null } : await routeNew(turn, c.kind, c.urgency);
  const due = assigned ? deadlinesFor(c.kind, assigned.urgency, now, quietHoursOf(village), turn.sla) : null;
  const submitted = await insertRequest(tx, {
    villageId: village.id,
    householdId: actor.household.id,
    residentId: actor.residentId,
    originIdentityId: actor.identity.id,
    kind: c.kind,
    summary: c.summary || text.slice(0, 40),
    text,
    urgency: assigned ? assigned.urgency : c.urgency,
    status: assigned ? mustTransition('submitted', 'assign') : 'submitted',
    assigneeId: assigned?.assigneeId ?? null,
    acceptDueAt: due?.acceptBy ?? null,
    resolveDueAt: due?.resolveBy ?? null,
    sessionId: session?.id ?? null,
    classifier: c.classifier,
    promptVersion: c.promptVersion ?? null,
    details: {
      location: c.location,
      parties: c.parties,
      when: c.when,
      department: c.department,
      confidence: c.confidence,
    },
    createdAt: now,
    updatedAt: now,
    ...(place ? placeColumns(place) : {}),
  });
  await attachToRequest(
    tx,
    loose.map((a) => a.id),
    submitted.ref,
  );
  if (place) await fileLoosePlaces(tx, actor.identity.id, submitted.ref);
  // Spent: another request of the same turn reads again.
  sharedPlaces.delete(turn);
  (turn.media ??= new Map()).set(submitted.ref, loose);
  await raiseAll(turn, [
    { type: 'submitted', request: submitted, by: resident, classifier: c.classifier, confidence: c.confidence },
    ...(session ? [{ type: 'topic' as const, request: submitted, session: session.date }] : []),
    ...(assigned
      ? [
          {
            type: 'assigned' as const,
            request: submitted,
            to: assigned.assigneeId,
            cc: assigned.ccIds,
            rule: assigned.rule,
          },
        ]
      : []),
  ]);
  if (c.kind === 'other') return submitted;
  if (!assigned) {
    await turn.reply(
      turn.t.receipt(toView(submitted), null, advice(turn, submitted)),
      receiptButtons(turn.t, submitted.ref),
    );
    return submitted;
  }
  const assignee = members.find((m) => m.id === assigned.assigneeId)?.name ?? null;
  await turn.reply(
    session
      ? turn.t.rhythm.topicReceipt(
          formatRef(submitted.ref),
          turn.t.format.day(session.date),
          submitted.summary,
          village.sayThingsTime,
          session.place ?? village.sayThingsPlace,
        )
      : turn.t.receipt(toView(submitted), assignee, advice(turn, submitted)),
    receiptButtons(turn.t, submitted.ref),
  );
  return submitted;
}

/** Who a new request goes to by the domain's rules: the village's active members and, when someone can take it, the decision. */
async function routeNew(turn: ResidentTurn, kind: Parameters<typeof route>[0]['kind'], urgency: Understood['urgency']) {
  const { tx, actor } = turn;
  const members = await activeMembers(tx, actor.village.id);
  const group = await groupOfHousehold(tx, actor.household.id);
  const decision = route({
    kind,
    urgency,
    group: group ? { leaderId: group.leaderId, deputyId: group.deputyId } : null,
    members,
    lastMediatorId: kind === 'dispute' ? await lastDisputeAssignee(tx, actor.village.id) : null,
  });
  return { members, assigned: decision.ok ? decision : null };
}

/** An urgent danger's receipt says what to do right now, while help is on its way. */
function advice(turn: ResidentTurn, r: RequestRow): string[] {
  if (r.urgency !== 'urgent') return [];
  return safetyTopicsOf(r.text).map((k) => turn.t.requests.safety[k]);
}
