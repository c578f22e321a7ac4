import { addFollower, recentAndGroupOpen, recentlyClosedOf, type RequestRow } from '../data/requests.repository.js';
import type { RequestKind } from '../domain/classification.js';
import { type Candidate, MAYBE_SAME, sameMatterScore, saysItCameBack, similarity } from '../domain/similarity.js';
import { raise } from '../messaging/notifiers.js';
import type { ResidentTurn } from '../messaging/turn.js';

const candidate = (r: RequestRow): Candidate => ({
  ref: r.ref,
  kind: r.kind,
  text: r.text,
  location: (r.details.location as string | null) ?? null,
});

type Scored = { r: RequestRow; score: number } | null;

/** How alike the words are to one of the household's own requests, whatever its kind (a follow-up is often classified differently). */
const ownScore = (text: string, location: string | null, r: RequestRow): number =>
  Math.max(similarity(text, r.text), sameMatterScore(r.kind, text, location, candidate(r)));

/**
 * What a report may be the same matter as, read in one statement: the resident's own open requests from the last few
 * minutes (`own`, any kind: a follow-up is often classified differently, "是村口那个") and an open request of another
 * household in the same group about the same matter (`group`, this kind); each the best match, with how alike it is.
 * A side not asked (null) is not read.
 */
export async function sameMatterCandidates(
  turn: ResidentTurn,
  text: string,
  location: string | null,
  own: { since: Date } | null,
  group: { kind: RequestKind; since: Date } | null,
): Promise<{ own: Scored; group: Scored }> {
  const { actor } = turn;
  const rows = await recentAndGroupOpen(
    turn.tx,
    own && { identityId: actor.identity.id, since: own.since },
    group && {
      groupId: actor.household.groupId,
      exceptHouseholdId: actor.household.id,
      kind: group.kind,
      since: group.since,
    },
  );
  const mine = rows.own.map((r) => ({ r, score: ownScore(text, location, r) }));
  // On a tie (a fragment like "村委会西边那盏" resembles nothing), a report is likelier meant than a say-things topic.
  const topic = (r: RequestRow) => (r.kind === 'say_things' ? 1 : 0);
  const theirs = group
    ? rows.group.map((r) => ({ r, score: sameMatterScore(group.kind, text, location, candidate(r)) }))
    : [];
  return {
    own: mine.sort((a, b) => b.score - a.score || topic(a.r) - topic(b.r))[0] ?? null,
    group: theirs.sort((a, b) => b.score - a.score)[0] ?? null,
  };
}

/**
 * A request of the household closed lately that the words say is back ("修完又漏了"): the one they resemble, or,
 * for a few words naming nothing else, the latest.
 */
export async function cameBack(
  turn: ResidentTurn,
  text: string,
  location: string | null,
  since: Date,
): Promise<RequestRow | null> {
  if (!saysItCameBack(text)) return null;
  const rows = await recentlyClosedOf(turn.tx, turn.actor.household.id, since);
  if (rows.length === 0) return null;
  const scored = rows.map((r) => ({ r, score: ownScore(text, location, r) })).sort((a, b) => b.score - a.score);
  if (scored[0]!.score >= MAYBE_SAME) return scored[0]!.r;
  return [...text].length <= 12 && location === null ? rows[0]! : null;
}

/** What the resident adds goes into the ledger and to whoever handles the request. */
export async function addResidentNote(turn: ResidentTurn, r: RequestRow, text: string): Promise<void> {
  await raise(turn, {
    type: 'note',
    request: r,
    by: { kind: 'resident', id: turn.actor.residentId },
    name: null,
    text,
  });
}

/** A second household reporting the same matter follows the first request instead of opening another. */
export async function follow(turn: ResidentTurn, r: RequestRow): Promise<number> {
  const { tx, now, actor } = turn;
  const households = await addFollower(tx, r.ref, actor.household.id, actor.identity.id, now);
  await raise(turn, {
    type: 'followed',
    request: r,
    by: { kind: 'resident', id: actor.residentId },
    householdId: actor.household.id,
    households,
  });
  return households;
}

/**
 * Whether two reports name the same place: true or false when both name one (one containing the other
 * counts as the same), null when either does not say.
 */
export function samePlace(a: string | null, b: string | null): boolean | null {
  if (!a || !b) return null;
  const clean = (s: string) => s.replace(/[\s，。,.、的]/g, '');
  const x = clean(a);
  const y = clean(b);
  return x.includes(y) || y.includes(x);
}
