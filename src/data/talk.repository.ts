import { and, desc, eq, gte, inArray, max, ne, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { requestEvents, requests } from '../../db/schema.js';
import { openStatuses, type RequestStatus } from '../domain/request.machine.js';
import type { RequestRow } from './requests.repository.js';

/** Requests a photo may still be about: open ones, and resolved ones waiting for the household's rating. */
const livingStatuses: readonly RequestStatus[] = [...openStatuses, 'resolved'];

/**
 * The household's living requests this resident talked about since `since`, the most recently talked
 * about first. The ledger (request_events) is the one place that already records, in order, both sides
 * of that talk: what the resident wrote about a request (its report, an addition, a follow, a rating, a
 * reopening, the reason for 不满意 — all events with the resident as actor) and what the bot asked them
 * about it (a leader's note to them, a resolution asking for a rating). The inbound log holds no request
 * ref, drafts only the open question, and outbox rows are rendered text: none of them says which
 * request a message was about as reliably.
 */
export async function talkedAbout(db: DbOrTx, householdId: number, residentId: number, since: Date, limit = 5): Promise<RequestRow[]> {
  const last = max(requestEvents.id);
  const talk = await db.select({ ref: requestEvents.requestRef, last }).from(requestEvents)
    .innerJoin(requests, eq(requests.ref, requestEvents.requestRef))
    .where(and(
      eq(requests.householdId, householdId), inArray(requests.status, livingStatuses), ne(requests.kind, 'other'), gte(requestEvents.at, since),
      or(
        and(eq(requestEvents.actorKind, 'resident'), eq(requestEvents.actorId, residentId)),
        and(eq(requestEvents.type, 'note'), eq(requestEvents.actorKind, 'member')),
        eq(requestEvents.type, 'resolved'),
      ),
    ))
    .groupBy(requestEvents.requestRef).orderBy(desc(last)).limit(limit);
  if (talk.length === 0) return [];
  const rows = await db.select().from(requests).where(inArray(requests.ref, talk.map((x) => x.ref)));
  return talk.map((x) => rows.find((r) => r.ref === x.ref)!).filter(Boolean);
}

/** Who made a request, without locking it: the account its news goes to (a proposal that became a matter). */
export async function requestOrigin(db: DbOrTx, ref: number): Promise<{ ref: number; originIdentityId: number; householdId: number } | null> {
  const [row] = await db.select({ ref: requests.ref, originIdentityId: requests.originIdentityId, householdId: requests.householdId })
    .from(requests).where(eq(requests.ref, ref));
  return row ?? null;
}

/** The household's living requests, newest first: what an attachment nobody talked about may belong to. */
export async function livingOfHousehold(db: DbOrTx, householdId: number, limit = 5): Promise<RequestRow[]> {
  return db.select().from(requests)
    .where(and(eq(requests.householdId, householdId), inArray(requests.status, livingStatuses), ne(requests.kind, 'other')))
    .orderBy(desc(requests.ref)).limit(limit);
}
