import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { villagesInScope } from '../data/desk-board.repository.js';
import { carriedOverFrom, sessionTopics } from '../data/requests.repository.js';
import { sessionsBefore } from '../data/sessions.repository.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { formatRef } from '../domain/reference.js';
import { upcomingSession } from '../rhythm/say-things.sweep.js';
import { chrome, type DeskDeps, requireUser, sendPage, textsOf } from './desk.context.js';
import { esc, select } from './desk.html.js';
import { sayThingsActionRoutes, topicForms, topicMessage } from './desk.saythings-actions.js';
import { DESK_PATH } from './desk.session.js';

/** The say-things day: the next session's agenda and past outcomes; `print` is the notice-board sheet (村务公开栏). */
async function sayThings(deps: DeskDeps, req: FastifyRequest, reply: FastifyReply, print: boolean) {
  const user = await requireUser(deps, req, reply);
  if (!user) return reply;
  const t = textsOf(req);
  const s = t.desk.sayThings;
  const raw = (req.query as Record<string, unknown>).village;
  const villages = await villagesInScope(deps.db, user.scope);
  const village = typeof raw === 'string' && raw ? villages.find((v) => v.code === raw) : villages[0];
  if (!village) return sendPage(reply, chrome(req, user), t.desk.errors.notFound, `<p class="flash error">${esc(t.desk.errors.notFound)}</p>`, 404);
  const next = await upcomingSession(deps.db, village, deps.clock.now());
  const past = await sessionsBefore(deps.db, village.id, next.date);
  // The notice board and the agenda are read by people other than the household: numbers masked.
  const topic = (r: { ref: number; summary: string; status: string; resolution: string | null }, carried = false) =>
    `<li><b>${esc(formatRef(r.ref))}</b> ${esc(maskPersonalNumbers(r.summary))}${carried ? ` <i>${esc(s.carried)}</i>`
      : r.resolution ? `<div class="note">${esc(s.outcome)}：${esc(maskPersonalNumbers(r.resolution))}</div>` : ` <span class="muted">${esc(t.status[r.status as keyof typeof t.status] ?? r.status)}</span>`}</li>`;
  const agenda = await sessionTopics(deps.db, next.id);
  const forms = print ? [] : await Promise.all(agenda.map((r) => topicForms(deps, req, user, village, r)));
  const q = req.query as Record<string, unknown>;
  const said = print ? '' : await topicMessage(deps, req, q);
  const pastHtml = [];
  for (const p of past) {
    const settled = await sessionTopics(deps.db, p.id);
    const moved = await carriedOverFrom(deps.db, village.id, p.date);
    pastHtml.push(`<section class="session"><h3>${esc(t.format.day(p.date))}${p.place ? ` · ${esc(p.place)}` : ''}</h3><ol>${settled.map((r) => topic(r)).join('')}${moved.map((r) => topic(r, true)).join('')}</ol></section>`);
  }
  const picker = villages.length > 1 && !print
    ? `<form method="get" class="filters no-print">${select('village', villages.map((v) => [v.code, v.name]), village.code, t.desk.board.village)}<button type="submit">${esc(t.desk.board.apply)}</button></form>` : '';
  const body = `<h1>${esc(print ? s.notice(village.name) : s.heading)}</h1>${said}${picker}
    <p class="no-print"><a href="${DESK_PATH}/say-things/print?village=${encodeURIComponent(village.code)}">${esc(t.desk.nav.print)}</a></p>
    <h2>${esc(s.next(t.format.day(next.date), next.place ?? village.sayThingsPlace))}</h2>
    <h3>${esc(s.agenda)}</h3>${agenda.length ? `<ol class="agenda">${agenda.map((r, i) => topic(r).replace(/<\/li>$/, `${forms[i] ?? ''}</li>`)).join('')}</ol>` : `<p>${esc(s.noTopics)}</p>`}
    <h2>${esc(s.past)}</h2>${pastHtml.length ? pastHtml.join('') : `<p>${esc(s.noPast)}</p>`}
    ${print ? '<button type="button" class="print no-print">🖨</button>' : ''}`;
  return sendPage(reply, chrome(req, user, { printable: print }), s.heading, body);
}

export function sayThingsRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(`${DESK_PATH}/say-things`, (req, reply) => sayThings(deps, req, reply, false));
  app.get(`${DESK_PATH}/say-things/print`, (req, reply) => sayThings(deps, req, reply, true));
  sayThingsActionRoutes(app, deps);
}
