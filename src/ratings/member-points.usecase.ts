import type { DbOrTx } from '../data/database.js';
import {
  addPoints,
  agreedCases,
  handlingEvents,
  insertStarPublication,
  pointsIn,
  ratedMembers,
  requestRatingCounts,
  roundOfQuarter,
  roundRatingCounts,
  satisfiedEvents,
  starPublication,
  type RatingRoundRow,
  type StarPublicationRow,
  villagePointRules,
} from '../data/member-ratings.repository.js';
import type { VillageRow } from '../data/people.repository.js';
import { AppError } from '../domain/errors.js';
import {
  noRatings,
  type PointRule,
  pointsTable,
  quarterRange,
  type RatingCounts,
  ratingScore,
  starsOf,
} from '../domain/member-points.js';
import { formatNotice } from '../domain/deliberation.commands.js';
import { publishNotice } from '../notices/notices.usecase.js';
import { textsFor } from '../texts/index.js';
import type { RoundCtx } from './rating-round.usecase.js';

/**
 * Writes the points ledger of a village's quarter from what happened: each 接单 within its deadline, each 办结
 * (a say-things topic's outcome counts as carried out), each 满意 at a return visit, each mediation case settled by
 * agreement. Every row names its event, and one event earns its points once: running this again adds only what is
 * new. The village's rule table at the time of recording sets the points. (`visit` is recorded by the visits
 * feature under the same key, with its own source.)
 */
export async function collectPoints(db: DbOrTx, village: VillageRow, quarter: string, now: Date): Promise<number> {
  const { from, to } = quarterRange(quarter, village.timezone);
  const table = pointsTable(await villagePointRules(db, village.id));
  const rows: Parameters<typeof addPoints>[1] = [];
  const add = (
    memberId: number,
    rule: PointRule,
    source: string,
    at: Date,
    ref: number | null,
    eventId: number | null,
    caseId: number | null = null,
  ) => {
    if (table[rule] !== 0)
      rows.push({
        villageId: village.id,
        memberId,
        rule,
        points: table[rule],
        source,
        requestRef: ref,
        eventId,
        caseId,
        at,
        recordedAt: now,
      });
  };
  for (const e of await handlingEvents(db, village.id, from, to)) {
    if (e.memberId === null) continue;
    if (e.type === 'accepted' && (e.acceptDueAt === null || e.at <= e.acceptDueAt))
      add(e.memberId, 'accepted_in_time', `event:${e.eventId}`, e.at, e.ref, e.eventId);
    if (e.type === 'resolved') {
      const topic = (e.details as { outcome?: boolean }).outcome === true;
      add(e.memberId, topic ? 'topic_done' : 'resolved', `event:${e.eventId}`, e.at, e.ref, e.eventId);
    }
  }
  // A request rated 满意 twice (re-rated within the window) earns once.
  for (const e of await satisfiedEvents(db, village.id, from, to))
    add(e.memberId, 'satisfied', `request:${e.ref}`, e.at, e.ref, e.eventId);
  for (const c of await agreedCases(db, village.id, from, to))
    add(c.memberId!, 'mediation_closed', `case:${c.caseId}`, c.at!, c.ref, null, c.caseId);
  return addPoints(db, rows);
}

export interface MemberStanding {
  memberId: number;
  code: string;
  name: string;
  points: number;
  byRule: Partial<Record<PointRule, number>>;
  requestRatings: RatingCounts;
  roundRatings: RatingCounts;
  satisfaction: number | null;
  stars: number | null;
}

export interface Standings {
  quarter: string;
  round: RatingRoundRow | null;
  publication: StarPublicationRow | null;
  members: MemberStanding[];
  ledger: Awaited<ReturnType<typeof pointsIn>>;
  rules: Record<PointRule, number>;
}

const addTo = (c: RatingCounts, rating: string, n: number) => {
  if (rating === 'satisfied' || rating === 'basic' || rating === 'unsatisfied') c[rating] += Number(n);
};

/** Points, ratings and stars of every member of the village for the quarter (the stars are computed, not stored, until published). */
export async function standings(db: DbOrTx, village: VillageRow, quarter: string): Promise<Standings> {
  const { from, to } = quarterRange(quarter, village.timezone);
  const members = await ratedMembers(db, village.id);
  const ledger = await pointsIn(db, village.id, from, to);
  const round = await roundOfQuarter(db, village.id, quarter);
  const byMember = new Map(
    members.map((m) => [
      m.id,
      {
        memberId: m.id,
        code: m.code,
        name: m.name,
        points: 0,
        byRule: {} as Partial<Record<PointRule, number>>,
        requestRatings: noRatings(),
        roundRatings: noRatings(),
      },
    ]),
  );
  for (const p of ledger) {
    const m = byMember.get(p.memberId);
    if (!m) continue;
    m.points += p.points;
    m.byRule[p.rule as PointRule] = (m.byRule[p.rule as PointRule] ?? 0) + p.points;
  }
  for (const r of await requestRatingCounts(db, village.id, from, to)) {
    const m = byMember.get(r.memberId);
    if (m) addTo(m.requestRatings, r.rating, r.n);
  }
  if (round)
    for (const r of await roundRatingCounts(db, round.id)) {
      const m = byMember.get(r.memberId);
      if (m) addTo(m.roundRatings, r.rating, r.n);
    }
  const all = [...byMember.values()].map((m) => {
    const both = {
      satisfied: m.requestRatings.satisfied + m.roundRatings.satisfied,
      basic: m.requestRatings.basic + m.roundRatings.basic,
      unsatisfied: m.requestRatings.unsatisfied + m.roundRatings.unsatisfied,
    };
    return { ...m, both };
  });
  const stars = starsOf(all.map((m) => ({ memberId: m.memberId, points: m.points, ratings: m.both })));
  return {
    quarter,
    round,
    publication: await starPublication(db, village.id, quarter),
    ledger,
    rules: pointsTable(await villagePointRules(db, village.id)),
    members: all.map(({ both, ...m }) => ({
      ...m,
      satisfaction: ratingScore(both),
      stars: stars.get(m.memberId) ?? null,
    })),
  };
}

/**
 * The secretary's approval: the quarter's stars go out as an open village affairs notice (村务公开) to every group
 * chat and household, and are kept as published. A quarter is published once.
 */
export async function publishStars(
  ctx: RoundCtx,
  village: VillageRow,
  quarter: string,
): Promise<{ notice: string; accounts: number } | null> {
  const current = await standings(ctx.tx, village, quarter);
  const rated = current.members
    .filter((m) => m.stars !== null)
    .sort((a, b) => b.stars! - a.stars! || b.points - a.points);
  if (rated.length === 0) return null;
  if (current.publication) throw new AppError('rating.already_published');
  const zh = textsFor('zh').memberRatings;
  const lines = rated.map((m) => ({ name: m.name, stars: m.stars! }));
  const out = await publishNotice(
    ctx,
    village,
    {
      title: zh.noticeTitle(village.name, quarter),
      text: zh.noticeText(quarter, lines),
      category: 'affairs',
      groupIds: [],
      toResidents: true,
    },
    (t) => t.memberRatings.noticeText(quarter, lines),
  );
  const saved = await insertStarPublication(ctx.tx, {
    villageId: village.id,
    quarter,
    noticeId: out.notice.id,
    approvedBy: ctx.by.kind === 'member' ? ctx.by.id : null,
    stars: rated.map((m) => ({ memberId: m.memberId, stars: m.stars! })),
    at: ctx.now,
  });
  if (!saved) throw new AppError('rating.already_published');
  return { notice: formatNotice(out.notice.id), accounts: out.accounts };
}
