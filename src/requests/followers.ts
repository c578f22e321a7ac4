import { and, count, desc, eq, gt, inArray, ne } from 'drizzle-orm';
import { households, requestFollowers, requests } from '../../db/schema.js';
import { formatRef } from '../domain/reference.js';
import { type Candidate, sameMatterScore, similarity } from '../domain/similarity.js';
import { memberAddress } from '../data/people.repository.js';
import type { ResidentTurn } from './create-request.js';
import { addEvent, type RequestRow } from '../data/requests.repository.js';

const openStatuses = ['submitted', 'assigned', 'accepted', 'escalated', 'reopened'];
const candidate = (r: RequestRow): Candidate => ({ ref: r.ref, kind: r.kind, text: r.text, location: (r.details.location as string | null) ?? null });

/** The resident's own open requests from the last few minutes, best match first, with how alike each is. */
export async function recentOwn(turn: ResidentTurn, text: string, location: string | null, since: Date): Promise<{ r: RequestRow; score: number } | null> {
  const rows = await turn.tx.select().from(requests).where(and(
    eq(requests.originIdentityId, turn.actor.identity.id), gt(requests.createdAt, since), inArray(requests.status, openStatuses),
  )).orderBy(desc(requests.ref)).limit(5);
  // A follow-up is often classified differently ("是村口那个"), so kind is not required to match.
  const scored = rows.map((r) => ({ r, score: Math.max(similarity(text, r.text), sameMatterScore(r.kind, text, location, candidate(r))) }));
  return scored.sort((a, b) => b.score - a.score)[0] ?? null;
}

/** An open request of another household in the same group about the same matter. */
export async function sameMatterInGroup(turn: ResidentTurn, kind: string, text: string, location: string | null, since: Date): Promise<{ r: RequestRow; score: number } | null> {
  const rows = await turn.tx.select({ r: requests }).from(requests)
    .innerJoin(households, eq(households.id, requests.householdId))
    .where(and(
      eq(households.groupId, turn.actor.household.groupId), ne(requests.householdId, turn.actor.household.id),
      eq(requests.kind, kind), inArray(requests.status, openStatuses), gt(requests.createdAt, since),
    )).orderBy(desc(requests.ref)).limit(50);
  const scored = rows.map(({ r }) => ({ r, score: sameMatterScore(kind, text, location, candidate(r)) }));
  return scored.sort((a, b) => b.score - a.score)[0] ?? null;
}

/** What the resident adds goes into the ledger and to whoever handles the request. */
export async function addResidentNote(turn: ResidentTurn, r: RequestRow, text: string): Promise<void> {
  await addEvent(turn.tx, r.ref, turn.now, 'note', { kind: 'resident', id: turn.actor.residentId }, { text });
  if (r.assigneeId !== null) {
    await turn.send(await memberAddress(turn.tx, r.assigneeId), (t) => ({ text: t.toLeader.residentNote(formatRef(r.ref), text) }));
  }
}

/** A second household reporting the same matter follows the first request instead of opening another. */
export async function follow(turn: ResidentTurn, r: RequestRow): Promise<number> {
  const { tx, now, actor } = turn;
  await tx.insert(requestFollowers).values({ requestRef: r.ref, householdId: actor.household.id, identityId: actor.identity.id, at: now })
    .onConflictDoNothing();
  await addEvent(tx, r.ref, now, 'followed', { kind: 'resident', id: actor.residentId }, { householdId: actor.household.id });
  const [row] = await tx.select({ n: count() }).from(requestFollowers).where(eq(requestFollowers.requestRef, r.ref));
  const households = Number(row?.n ?? 0) + 1;
  if (r.assigneeId !== null) {
    await turn.send(await memberAddress(tx, r.assigneeId), (t) => ({ text: t.toLeader.moreHouseholds(formatRef(r.ref), households) }));
  }
  return households;
}
