import type { DbOrTx } from '../data/database.js';
import { requestsReportedIn } from '../data/metrics.repository.js';
import { villageByCode, villageMembers, type VillageRow } from '../data/people.repository.js';
import { cachedRates, lockVillageRates, ratesBasis, storeRates } from '../data/rates-cache.repository.js';
import { type EventRow, eventsOfManyOfTypes } from '../data/requests.repository.js';
import { deadlinesFor, defaultSla, type SlaPolicy } from '../domain/deadlines.js';
import { quietHoursOf } from '../domain/quiet-hours.js';
import { atLocal } from '../domain/local-time.js';
import type { Texts } from '../texts/index.js';

/**
 * The three rates (三率) as counties use them:
 * - response: accepted within the accept deadline ÷ assigned (kinds with a deadline);
 * - resolution: solved at the first return visit (满意/基本满意 at the first rating) ÷ rated;
 * - satisfaction: 满意 + 基本满意 at the latest rating ÷ rated.
 * Requests count in the month they were reported; each is credited to the member first asked (首问).
 */
export interface Rates {
  requests: number;
  assigned: number;
  acceptedInTime: number;
  responseRate: number | null;
  rated: number;
  solved: number;
  resolutionRate: number | null;
  satisfied: number;
  satisfactionRate: number | null;
  medianAcceptMinutes: number | null;
  medianResolveMinutes: number | null;
}

interface Fact {
  group: string;
  groupName: string;
  leader: string | null;
  leaderName: string | null;
  withDeadline: boolean;
  assigned: boolean;
  inTime: boolean;
  firstRating: string | null;
  lastRating: string | null;
  acceptMinutes: number | null;
  resolveMinutes: number | null;
}

const ok = (r: string | null) => r === 'satisfied' || r === 'basic';
const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function rates(facts: Fact[]): Rates {
  const withDeadline = facts.filter((f) => f.withDeadline && f.assigned);
  const rated = facts.filter((f) => f.firstRating !== null);
  return {
    requests: facts.length,
    assigned: withDeadline.length,
    acceptedInTime: withDeadline.filter((f) => f.inTime).length,
    responseRate: ratio(withDeadline.filter((f) => f.inTime).length, withDeadline.length),
    rated: rated.length,
    solved: rated.filter((f) => ok(f.firstRating)).length,
    resolutionRate: ratio(rated.filter((f) => ok(f.firstRating)).length, rated.length),
    satisfied: rated.filter((f) => ok(f.lastRating)).length,
    satisfactionRate: ratio(rated.filter((f) => ok(f.lastRating)).length, rated.length),
    medianAcceptMinutes: median(facts.flatMap((f) => (f.acceptMinutes === null ? [] : [f.acceptMinutes]))),
    medianResolveMinutes: median(facts.flatMap((f) => (f.resolveMinutes === null ? [] : [f.resolveMinutes]))),
  };
}

/**
 * `now` matters in a month still running: a request whose accept deadline has not come yet and that
 * nobody accepted is neither a hit nor a miss. Withdrawn and invalid requests count for nothing.
 */
export async function monthMetrics(
  db: DbOrTx,
  villageCode: string,
  month: string,
  sla: SlaPolicy = defaultSla,
  now: Date | null = null,
) {
  return (await monthsMetrics(db, villageCode, [month], sla, now))?.[0] ?? null;
}

/** The events the rates count. */
const COUNTED_EVENTS = ['assigned', 'accepted', 'resolved', 'rated'] as const;

/**
 * Several months of one village (the desk's 12-month trend) from one read of their requests, events and members:
 * month by month it took four queries each, 52 for the rates page.
 */
export async function monthsMetrics(
  db: DbOrTx,
  villageCode: string,
  months: string[],
  sla: SlaPolicy = defaultSla,
  now: Date | null = null,
) {
  const village = await villageByCode(db, villageCode);
  if (!village || months.length === 0) return null;
  return (await computeMonths(db, village, months, sla, now)).map((m) => m.metrics);
}

const periodsOf = (village: VillageRow, months: string[]) =>
  months.map((month) => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    return {
      month,
      from: atLocal(village.timezone, y, m, 1),
      to: m === 12 ? atLocal(village.timezone, y + 1, 1, 1) : atLocal(village.timezone, y, m + 1, 1),
    };
  });

/** Each month's figures, the instants it spans, and the first accept deadline still to come that would change them. */
async function computeMonths(db: DbOrTx, village: VillageRow, months: string[], sla: SlaPolicy, now: Date | null) {
  const periods = periodsOf(village, months);
  const lo = new Date(Math.min(...periods.map((p) => p.from.getTime())));
  const hi = new Date(Math.max(...periods.map((p) => p.to.getTime())));
  const all = await requestsReportedIn(db, village.id, lo, hi);
  // Events by request once: filtering the period's events for each request grew with requests × events.
  // Only the four kinds counted, and only their fields: a year's notes and their texts were most of what was read.
  const eventsByRef = new Map<number, Pick<EventRow, 'type' | 'at' | 'details'>[]>();
  for (let i = 0; i < all.length; i += 1000) {
    for (const e of await eventsOfManyOfTypes(
      db,
      all.slice(i, i + 1000).map((x) => x.r.ref),
      COUNTED_EVENTS,
    )) {
      const list = eventsByRef.get(e.requestRef);
      if (list) list.push(e);
      else eventsByRef.set(e.requestRef, [e]);
    }
  }
  const people = new Map((await villageMembers(db, village.id)).map((p) => [p.id, p]));
  return periods.map(({ month, from, to }) => {
    let settlesAt: Date | null = null;
    const counted = all.filter(
      ({ r }) => r.createdAt >= from && r.createdAt < to && r.status !== 'withdrawn' && r.status !== 'invalid',
    );
    const facts: Fact[] = counted.map(({ r, group, groupName }) => {
      const mine = eventsByRef.get(r.ref) ?? [];
      const first = (type: string) => mine.find((e) => e.type === type);
      const ratings = mine.filter((e) => e.type === 'rated').map((e) => String(e.details.rating));
      const assignedTo = first('assigned')?.details.assigneeId as number | undefined;
      const due = deadlinesFor(r.kind, r.urgency, r.createdAt, quietHoursOf(village), sla).acceptBy;
      const accepted = first('accepted')?.at ?? null;
      const resolved = first('resolved')?.at ?? null;
      const leader = assignedTo !== undefined ? people.get(assignedTo) : undefined;
      if (due !== null && accepted === null && now !== null && due > now && (settlesAt === null || due < settlesAt))
        settlesAt = due;
      return {
        group,
        groupName,
        leader: leader?.code ?? null,
        leaderName: leader?.name ?? null,
        // Not yet due and not yet accepted: too early to tell.
        withDeadline: due !== null && (accepted !== null || now === null || due <= now),
        assigned: assignedTo !== undefined,
        inTime: accepted !== null && due !== null && accepted <= due,
        firstRating: ratings[0] ?? null,
        lastRating: ratings.at(-1) ?? null,
        acceptMinutes: accepted ? Math.round((accepted.getTime() - r.createdAt.getTime()) / 60_000) : null,
        resolveMinutes: resolved ? Math.round((resolved.getTime() - r.createdAt.getTime()) / 60_000) : null,
      };
    });
    const by = (key: (f: Fact) => string | null) => {
      const map = new Map<string, Fact[]>();
      for (const f of facts) {
        const k = key(f);
        if (k === null) continue;
        const list = map.get(k);
        if (list) list.push(f);
        else map.set(k, [f]);
      }
      return [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
    };
    return {
      from,
      to,
      settlesAt: settlesAt as Date | null,
      metrics: {
        village: village.code,
        villageName: village.name,
        month,
        totals: rates(facts),
        groups: by((f) => f.group).map(([code, fs]) => ({ code, name: fs[0]!.groupName, ...rates(fs) })),
        leaders: by((f) => f.leader).map(([code, fs]) => ({ code, name: fs[0]!.leaderName!, ...rates(fs) })),
      },
    };
  });
}

export type MonthMetrics = NonNullable<Awaited<ReturnType<typeof monthMetrics>>>;

/**
 * The desk's months (the rates page's twelve): a month that ended by `now` is read from the cache where its
 * row still stands (rates-cache.repository.ts: the triggers of migration 0032 forget a month when one of its
 * requests or their counted events is written, the basis digest when the roster or the settings change); the
 * others are computed, and the ended ones among them stored. Computing takes the village's rates lock, so a
 * change made meanwhile either is read or waits and forgets what was stored.
 */
export async function monthsMetricsCached(
  db: DbOrTx,
  villageCode: string,
  months: string[],
  sla: SlaPolicy,
  now: Date,
): Promise<MonthMetrics[] | null> {
  const village = await villageByCode(db, villageCode);
  if (!village || months.length === 0) return null;
  const ended = periodsOf(village, months)
    .filter((p) => p.to <= now)
    .map((p) => p.month);
  const settings = JSON.stringify({ timezone: village.timezone, quiet: quietHoursOf(village), sla });
  const basis = ended.length ? await ratesBasis(db, village.id, settings) : '';
  const cached = await cachedRates(db, village.id, ended, basis, now);
  const missing = ended.filter((m) => !cached.has(m));
  const rest = months.filter((m) => !cached.has(m));
  const computed =
    rest.length === 0
      ? []
      : missing.length === 0
        ? await computeMonths(db, village, rest, sla, now)
        : await db.transaction(async (tx) => {
            await lockVillageRates(tx, village.id);
            const all = await computeMonths(tx, village, rest, sla, now);
            await storeRates(
              tx,
              village.id,
              basis,
              now,
              all
                .filter((m) => missing.includes(m.metrics.month))
                .map((m) => ({
                  month: m.metrics.month,
                  fromAt: m.from,
                  toAt: m.to,
                  validUntil: m.settlesAt,
                  metrics: m.metrics,
                })),
            );
            return all;
          });
  const byMonth = new Map<string, MonthMetrics>(computed.map((m) => [m.metrics.month, m.metrics]));
  return months.map((m) => byMonth.get(m) ?? (cached.get(m) as MonthMetrics));
}

/** The short text table a secretary reads on the 1st. */
export function metricsTable(mm: MonthMetrics, t: Texts): string {
  return [t.rhythm.ratesLine(null, mm.totals), ...mm.groups.map((g) => t.rhythm.ratesLine(g.name, g))].join('\n');
}
