/**
 * 党员积分 and 星级评比 as pure rules: which events earn a member points, a village's quarter, and a quarter's
 * stars from points and residents' ratings. No I/O; the village's own rule table is passed in.
 */
import { atLocal, localParts } from './local-time.js';

/**
 * The rules a point can come from. `visit` (入户走访) has no source yet: the visits feature awards it under this
 * key when it records a visit, so its points show in the same ledger and settings.
 */
export const pointRuleKeys = [
  'accepted_in_time',
  'resolved',
  'satisfied',
  'mediation_closed',
  'topic_done',
  'visit',
] as const;
export type PointRule = (typeof pointRuleKeys)[number];

/**
 * Defaults until a village sets its own. The seeds leave the scores to each town (古县: "由乡镇党委根据实际情况具体组织赋分"),
 * so these only rank the practices: a settled dispute or a say-things topic carried out weighs most, then a
 * matter resolved and a satisfied household, then a request taken up in time or a visit.
 */
export const defaultPoints: Record<PointRule, number> = {
  accepted_in_time: 1,
  resolved: 2,
  satisfied: 2,
  mediation_closed: 3,
  topic_done: 3,
  visit: 1,
};

export const isPointRule = (s: string): s is PointRule => (pointRuleKeys as readonly string[]).includes(s);

/** The village's points per rule: its own where set, the defaults elsewhere. */
export function pointsTable(own: { rule: string; points: number }[]): Record<PointRule, number> {
  const table = { ...defaultPoints };
  for (const r of own) if (isPointRule(r.rule)) table[r.rule] = r.points;
  return table;
}

/** `2026-Q4`: the quarter an instant falls in, on the village's calendar. */
export function quarterOf(at: Date, timezone: string): string {
  const p = localParts(at, timezone);
  return `${p.year}-Q${Math.floor((p.month - 1) / 3) + 1}`;
}

export const isQuarter = (s: string): boolean => /^\d{4}-Q[1-4]$/.test(s);

/** The quarter's first instant and the next quarter's, in the village's time zone. */
export function quarterRange(quarter: string, timezone: string): { from: Date; to: Date } {
  const [y, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(6))];
  const month = (q - 1) * 3 + 1;
  const next = month + 3 > 12 ? { y: y + 1, m: 1 } : { y, m: month + 3 };
  return { from: atLocal(timezone, y, month, 1), to: atLocal(timezone, next.y, next.m, 1) };
}

export function previousQuarter(quarter: string): string {
  const [y, q] = [Number(quarter.slice(0, 4)), Number(quarter.slice(6))];
  return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
}

export interface RatingCounts {
  satisfied: number;
  basic: number;
  unsatisfied: number;
}
export const noRatings = (): RatingCounts => ({ satisfied: 0, basic: 0, unsatisfied: 0 });
const totalOf = (r: RatingCounts) => r.satisfied + r.basic + r.unsatisfied;

/** 满意 counts whole, 基本满意 half, 不满意 nothing; null without any rating. */
export function ratingScore(r: RatingCounts): number | null {
  const n = totalOf(r);
  return n === 0 ? null : (r.satisfied + r.basic / 2) / n;
}

/**
 * A quarter's stars (1–5) for each member, "按照一定比例" among the branch: half from the member's points against
 * the best of the village this quarter, half from residents' ratings (the return visits' and the round's
 * together). A member with neither points nor ratings is not rated (null), never given one star for idleness.
 */
export function starsOf(
  members: { memberId: number; points: number; ratings: RatingCounts }[],
): Map<number, number | null> {
  const best = Math.max(0, ...members.map((m) => m.points));
  const out = new Map<number, number | null>();
  for (const m of members) {
    const rated = ratingScore(m.ratings);
    if (m.points <= 0 && rated === null) {
      out.set(m.memberId, null);
      continue;
    }
    const share = best > 0 ? Math.max(0, m.points) / best : 0;
    const score = rated === null ? share : (share + rated) / 2;
    out.set(m.memberId, Math.min(5, Math.max(1, 1 + Math.round(score * 4))));
  }
  return out;
}
