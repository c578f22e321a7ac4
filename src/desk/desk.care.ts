import type { FastifyInstance } from 'fastify';
import { careHouseholds } from '../data/care.repository.js';
import { villagesInScope } from '../data/desk-board.repository.js';
import { careStanding, nextVisitDue } from '../domain/care.js';
import { shortGroupName } from '../domain/people.resolve.js';
import { chrome, type DeskDeps, requireUser, sendPage } from './desk.context.js';
import { esc, select } from './desk.html.js';
import { DESK_PATH } from './desk.session.js';

/**
 * 关爱走访: the village's care households by group, with the last visit, what was found, and the next visit —
 * overdue and due ones marked. A group leader sees their own groups; the secretary the village; the town its villages.
 */
export function careRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(`${DESK_PATH}/care`, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    const c = chrome(req, user);
    const t = c.t;
    const d = t.care.desk;
    const q = (req.query ?? {}) as Record<string, unknown>;
    const villages = await villagesInScope(deps.db, user.scope);
    const village = typeof q.village === 'string' && q.village ? villages.find((v) => v.code === q.village) : villages[0];
    if (!village) return sendPage(reply, c, t.desk.errors.notFound, `<p class="flash error">${esc(t.desk.errors.notFound)}</p>`, 404);
    const now = deps.clock.now();
    const scopeGroups = user.scope.kind === 'groups' ? user.scope.groupIds : undefined;
    const list = (await careHouseholds(deps.db, village.id, scopeGroups)).map((h) => {
      const due = nextVisitDue(h.reason, h.cadence, h.lastVisit, h.careSince);
      return { h, due, standing: careStanding(due, now) };
    });
    const order = { overdue: 0, due: 1, ok: 2 } as const;
    const groups = [...new Set(list.map((x) => x.h.groupName))];
    const count = (s: 'overdue' | 'due') => list.filter((x) => x.standing === s).length;
    const when = (at: Date) => esc(t.format.due(at, village.timezone));
    const mark = (s: 'ok' | 'due' | 'overdue') => (s === 'ok' ? esc(d.standing.ok) : `<span class="mark ${s === 'overdue' ? 'overdue' : 'urgent'}">${esc(d.standing[s])}</span>`);
    const tables = groups.map((g) => {
      const rows = list.filter((x) => x.h.groupName === g).sort((a, b) => order[a.standing] - order[b.standing] || a.due.getTime() - b.due.getTime());
      return `<section><h2>${esc(shortGroupName(g))}</h2><table class="care"><thead><tr><th>${esc(d.household)}</th><th>${esc(d.reason)}</th>
        <th>${esc(d.lastVisit)}</th><th>${esc(d.lastNote)}</th><th>${esc(d.due)}</th><th></th></tr></thead><tbody>${rows.map(({ h, due, standing }) =>
        `<tr data-household="${esc(h.code)}" data-standing="${standing}"><td>${esc(t.people.household({ head: h.head, address: h.address, group: null }))}</td><td>${esc(t.care.reason[h.reason])}</td>
        <td>${h.lastVisit ? `${when(h.lastVisit)}${h.lastVisitor ? ` · ${esc(h.lastVisitor)}` : ''}` : esc(d.never)}</td><td>${esc(h.lastNote ?? '')}</td>
        <td>${when(due)}</td><td>${mark(standing)}</td></tr>`).join('')}</tbody></table></section>`;
    }).join('');
    const form = villages.length > 1
      ? `<form method="get" class="filters no-print">${select('village', villages.map((v) => [v.code, v.name]), village.code, t.desk.board.village)}<button type="submit">${esc(t.desk.rates.show)}</button></form>`
      : '';
    const body = `<h1>${esc(d.title)} · ${esc(village.name)}</h1><p>${esc(d.intro)}</p>${form}
      ${list.length ? `<p class="summary" data-field="care-summary">${esc(d.summary(count('overdue'), count('due'), list.length))}</p>${tables}` : `<p>${esc(d.none)}</p>`}`;
    return sendPage(reply, { ...c, printable: true }, d.title, body);
  });
}
