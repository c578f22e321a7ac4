import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { drafts, expectations, households, identities, loosePlaces, members, residents } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';
import type { Expectation, ExpectationKind, ExpectedAnswer } from '../domain/expectations.js';
import type { Place } from '../domain/place.js';
import { type DraftRow, openDraftsOf } from './drafts.repository.js';
import { openExpectationsOf } from './expectations.repository.js';
import { loosePlacesOf } from './places.repository.js';
import { type Actor, actorColumns, actorOf, householdVillages, memberVillages } from './people.repository.js';

/** What a chat turn reads before it does anything, as of its first statement. */
export interface TurnStart {
  actor: Actor;
  /** openDraft's answer: the account's newest open draft (expired or not). */
  draft: DraftRow | null;
  /** openExpectations' answer for a resident's household (none for anyone else). */
  expectations: Expectation[];
  /** loosePlaceOf's answer since `placeSince`. */
  place: Place | null;
}

/**
 * Who is writing, their open draft, their household's open expectations and the point they shared: one statement
 * (lateral joins) instead of four, for every message. The conditions are openDraft's, openExpectations' and
 * loosePlaceOf's own (openDraftsOf, openExpectationsOf, loosePlacesOf), which the turn asks again for anything it wrote
 * itself.
 */
export async function findTurnStart(
  db: DbOrTx,
  platform: Platform,
  userId: string,
  now: Date,
  placeSince: Date,
): Promise<TurnStart> {
  const draft = db.select().from(drafts)
    .where(openDraftsOf(identities.id)).orderBy(desc(drafts.id)).limit(1)
    .as('open_draft');
  const place = db.select({ lat: loosePlaces.lat, long: loosePlaces.long, label: loosePlaces.label, datum: loosePlaces.datum })
    .from(loosePlaces)
    .where(loosePlacesOf(identities.id, placeSince))
    .orderBy(desc(loosePlaces.id)).limit(1)
    .as('loose_place');
  const open = db.select({ id: expectations.id, householdId: expectations.householdId, kind: expectations.kind, scope: expectations.scope, answers: expectations.answers,
    createdAt: expectations.createdAt, expiresAt: expectations.expiresAt })
    .from(expectations)
    .where(openExpectationsOf(households.id, now))
    .orderBy(desc(expectations.createdAt), desc(expectations.id)).limit(50)
    .as('open_expectation');
  // The household's expectations as one JSON array (newest first), so the row stays one row.
  const list = db.select({
    list: sql<RawExpectation[]>`coalesce(json_agg(json_build_array(${open.id}, ${open.householdId}, ${open.kind}, ${open.scope}, ${open.answers},
      ${open.createdAt}, ${open.expiresAt}) order by ${open.createdAt} desc, ${open.id} desc), '[]'::json)`.as('list'),
  }).from(open).as('open_expectations');
  const [row] = await db.select({
    ...actorColumns,
    draft: { id: draft.id, identityId: draft.identityId, text: draft.text, classification: draft.classification, missing: draft.missing,
      requestRef: draft.requestRef, createdAt: draft.createdAt, expiresAt: draft.expiresAt, closedAt: draft.closedAt },
    place: { lat: place.lat, long: place.long, label: place.label, datum: place.datum },
    expectations: list.list,
  }).from(identities)
    // findActor's joins, then the three laterals.
    .leftJoin(members, eq(members.id, identities.memberId))
    .leftJoin(memberVillages, eq(memberVillages.id, members.villageId))
    .leftJoin(residents, eq(residents.id, identities.residentId))
    .leftJoin(households, eq(households.id, residents.householdId))
    .leftJoin(householdVillages, eq(householdVillages.id, households.villageId))
    .leftJoinLateral(draft, sql`true`)
    .leftJoinLateral(place, sql`true`)
    .leftJoinLateral(list, sql`true`)
    .where(and(eq(identities.platform, platform), eq(identities.platformUserId, userId)));
  const actor = actorOf(row);
  if (!row || actor.kind === 'stranger') return { actor, draft: null, expectations: [], place: null };
  return {
    actor,
    draft: row.draft,
    expectations: actor.kind === 'resident' ? (row.expectations ?? []).map(expectationOf) : [],
    place: row.place,
  };
}

type RawExpectation = [number, number, string, number, ExpectedAnswer[], string, string];

/** The same object as openExpectations makes of a row (an open one: closedAt null). */
function expectationOf([id, householdId, kind, scope, answers, createdAt, expiresAt]: RawExpectation): Expectation {
  const at = { createdAt: new Date(createdAt), expiresAt: new Date(expiresAt) };
  return { id, householdId, kind: kind as ExpectationKind, scope, answers, ...at, closedAt: null } as Expectation;
}
