import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { groupsInScope, villagesInScope } from '../data/desk-board.repository.js';
import { villageRoster, type VillageRow } from '../data/people.repository.js';
import { localParts } from '../domain/local-time.js';
import { memberShown } from '../messaging/people.pick.js';
import { monthsMetricsCached, type MonthMetrics } from '../rhythm/metrics.js';
import { chrome, type DeskDeps, requireUser, sendPage, textsOf } from './desk.context.js';
import { esc, select } from './desk.html.js';
import { issueText } from './desk.board.js';
import { DESK_PATH, type DeskUser } from './desk.session.js';

const ratesQuery = z.object({
  village: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(64).optional()),
  month: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
      .optional(),
  ),
});

const monthOf = (at: Date, tz: string) => {
  const p = localParts(at, tz);
  return `${p.year}-${String(p.month).padStart(2, '0')}`;
};
function monthsBack(month: string, n: number): string[] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const k = y * 12 + (m - 1) - (n - 1 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

/** A group leader sees their own groups' lines and their own, never the village's totals. */
async function scoped(deps: DeskDeps, user: DeskUser, mm: MonthMetrics): Promise<MonthMetrics & { ownOnly: boolean }> {
  if (user.scope.kind !== 'groups') return { ...mm, ownOnly: false };
  const own = new Set((await groupsInScope(deps.db, user.scope)).map((g) => g.code));
  const me = user.kind === 'member' ? user.member.code : null;
  return {
    ...mm,
    groups: mm.groups.filter((g) => own.has(g.code)),
    leaders: mm.leaders.filter((l) => l.code === me),
    ownOnly: true,
  };
}

export interface RatesData {
  village: { code: string; name: string };
  month: string;
  ownOnly: boolean;
  current: MonthMetrics;
  trend: { month: string; response: number | null; resolution: number | null; satisfaction: number | null }[];
}

async function ratesData(deps: DeskDeps, user: DeskUser, village: VillageRow, month: string): Promise<RatesData> {
  const now = deps.clock.now();
  // The month and the eleven before it: the ended ones mostly from the cache, the rest read once.
  const all = (await monthsMetricsCached(deps.db, village.code, monthsBack(month, 12), deps.sla, now))!;
  const current = await scoped(deps, user, all.at(-1)!);
  const trend = [];
  for (const one of all) {
    const m = one.month;
    const mm = await scoped(deps, user, one);
    // A group leader's trend is their first group's line; everyone else's the village's.
    const line = mm.ownOnly ? (mm.groups[0] ?? null) : mm.totals;
    trend.push({
      month: m,
      response: line?.responseRate ?? null,
      resolution: line?.resolutionRate ?? null,
      satisfaction: line?.satisfactionRate ?? null,
    });
  }
  return { village: { code: village.code, name: village.name }, month, ownOnly: current.ownOnly, current, trend };
}

async function resolve(deps: DeskDeps, req: FastifyRequest, reply: FastifyReply) {
  const user = await requireUser(deps, req, reply);
  if (!user) return null;
  const q = ratesQuery.safeParse(req.query ?? {});
  const t = textsOf(req);
  if (!q.success) {
    void sendPage(
      reply,
      chrome(req, user),
      t.desk.rates.heading,
      `<p class="flash error">${esc(t.desk.errors.badInput(`querystring.${issueText(q.error)}`))}</p>`,
      400,
    );
    return null;
  }
  const villages = await villagesInScope(deps.db, user.scope);
  const village = q.data.village ? villages.find((v) => v.code === q.data.village) : villages[0];
  if (!village) {
    void sendPage(
      reply,
      chrome(req, user),
      t.desk.errors.notFound,
      `<p class="flash error">${esc(t.desk.errors.notFound)}</p>`,
      404,
    );
    return null;
  }
  const month = q.data.month ?? monthOf(deps.clock.now(), village.timezone);
  return { user, villages, village, month, data: await ratesData(deps, user, village, month) };
}

export function ratesRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(`${DESK_PATH}/api/rates`, async (req, reply) => {
    const found = await resolve(deps, req, reply);
    return found ? reply.header('cache-control', 'no-store').send(found.data) : reply;
  });

  app.get(`${DESK_PATH}/rates`, async (req, reply) => {
    const found = await resolve(deps, req, reply);
    if (!found) return reply;
    const c = chrome(req, found.user);
    const r = c.t.desk.rates;
    const { data } = found;
    // Leaders by name, group and place (two of one name told apart), never by their roster code.
    const roster = await villageRoster(deps.db, found.village.id);
    const leaderName = (l: { code: string; name: string }) => {
      const m = roster.members.find((x) => x.code === l.code);
      return m ? memberShown(c.t, roster, m) : l.name;
    };
    const leaders = data.current.leaders.map((l) => ({ ...l, name: leaderName(l) }));
    const rows = [
      ...(data.ownOnly ? [] : [{ name: r.total, ...data.current.totals }]),
      ...data.current.groups,
      ...leaders,
    ];
    const table = `<table class="rates"><thead><tr><th>${esc(r.name)}</th><th>${esc(r.requests)}</th><th>${esc(r.response)}</th><th>${esc(r.resolution)}</th>
      <th>${esc(r.satisfaction)}</th><th>${esc(r.medianAccept)}</th><th>${esc(r.medianResolve)}</th></tr></thead><tbody>${rows
        .map(
          (x) =>
            `<tr><td>${esc(x.name)}</td><td>${x.requests}</td><td>${esc(r.pct(x.responseRate))}</td><td>${esc(r.pct(x.resolutionRate))}</td><td>${esc(r.pct(x.satisfactionRate))}</td>
      <td>${esc(r.minutes(x.medianAcceptMinutes))}</td><td>${esc(r.minutes(x.medianResolveMinutes))}</td></tr>`,
        )
        .join('')}</tbody></table>`;
    const labels = { response: r.response, resolution: r.resolution, satisfaction: r.satisfaction };
    const chart = (
      id: string,
      title: string,
      kind: 'bar' | 'line',
      points: { label: string; response: number | null; resolution: number | null; satisfaction: number | null }[],
    ) =>
      `<figure class="chart"><figcaption>${esc(title)}</figcaption><canvas id="${id}" data-kind="${kind}" data-chart="${esc(JSON.stringify({ labels, points }))}"></canvas></figure>`;
    const point = (x: {
      name: string;
      responseRate: number | null;
      resolutionRate: number | null;
      satisfactionRate: number | null;
    }) => ({ label: x.name, response: x.responseRate, resolution: x.resolutionRate, satisfaction: x.satisfactionRate });
    const form = `<form method="get" class="filters no-print">${
      found.villages.length > 1
        ? select(
            'village',
            found.villages.map((v) => [v.code, v.name]),
            found.village.code,
            c.t.desk.board.village,
          )
        : ''
    }
      <label>${esc(r.month)} <input type="month" name="month" value="${esc(found.month)}"></label><button type="submit">${esc(r.show)}</button>
      <button type="button" class="print">${esc(c.t.desk.nav.print)}</button></form>`;
    const body = `<h1>${esc(r.reportTitle(data.village.name, data.month))}</h1>${form}${table}<div class="charts">
      ${chart('chart-groups', r.byGroup, 'bar', data.current.groups.map(point))}
      ${chart('chart-leaders', r.byLeader, 'bar', leaders.map(point))}
      ${chart(
        'chart-trend',
        r.trend,
        'line',
        data.trend.map((x) => ({
          label: x.month,
          response: x.response,
          resolution: x.resolution,
          satisfaction: x.satisfaction,
        })),
      )}</div>`;
    return sendPage(reply, { ...c, printable: true }, r.heading, body);
  });
}
