import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { carriedOverFrom, sessionTopics } from '../data/requests.repository.js';
import { sessionsBefore } from '../data/sessions.repository.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { formatRef } from '../domain/reference.js';
import { upcomingSession } from '../rhythm/say-things.sweep.js';
import { deskVillageTexts } from '../texts/desk-village.js';
import { chrome, type DeskDeps, langOf, requireUser, sendPage, textsOf } from './desk.context.js';
import { esc, select } from './desk.html.js';
import { sayThingsActionRoutes, topicForms, topicMessage } from './desk.saythings-actions.js';
import { sayThingsPaperRoutes, sayThingsVillage } from './desk.saythings-paper.js';
import { DESK_PATH } from './desk.session.js';

/** The say-things day: the next session's agenda and past outcomes; `print` is the notice-board sheet (村务公开栏). */
async function sayThings(deps: DeskDeps, req: FastifyRequest, reply: FastifyReply, print: boolean) {
  const user = await requireUser(deps, req, reply);
  if (!user) return reply;
  const t = textsOf(req);
  const s = t.desk.sayThings;
  const { village, villages } = await sayThingsVillage(deps, req, user);
  if (!village)
    return sendPage(
      reply,
      chrome(req, user),
      t.desk.errors.notFound,
      `<p class="flash error">${esc(t.desk.errors.notFound)}</p>`,
      404,
    );
  const next = await upcomingSession(deps.db, village, deps.clock.now());
  const past = await sessionsBefore(deps.db, village.id, next.date);
  // The notice board and the agenda are read by people other than the household: numbers masked.
  const topic = (r: { ref: number; summary: string; status: string; resolution: string | null }, carried = false) =>
    `<li><b>${esc(formatRef(r.ref))}</b> ${esc(maskPersonalNumbers(r.summary))}${
      carried
        ? ` <i>${esc(s.carried)}</i>`
        : r.resolution
          ? `<div class="note">${esc(s.outcome)}：${esc(maskPersonalNumbers(r.resolution))}</div>`
          : ` <span class="muted">${esc(t.status[r.status as keyof typeof t.status] ?? r.status)}</span>`
    }</li>`;
  const agenda = await sessionTopics(deps.db, next.id);
  const forms = print ? [] : await Promise.all(agenda.map((r) => topicForms(deps, req, user, village, r)));
  const q = req.query as Record<string, unknown>;
  const said = print ? '' : await topicMessage(deps, req, q);
  const sv = deskVillageTexts(langOf(req)).sayThings;
  const paper = (which: string) => `${DESK_PATH}/say-things/${which}?village=${encodeURIComponent(village.code)}`;
  // Topics the secretary carried to next month by hand: no longer on this agenda, still on this page.
  const carried = await carriedOverFrom(deps.db, village.id, next.date);
  const pastHtml = [];
  for (const p of past) {
    const settled = await sessionTopics(deps.db, p.id);
    const moved = await carriedOverFrom(deps.db, village.id, p.date);
    const minutes = print
      ? ''
      : ` <a class="no-print" href="${paper('minutes')}&amp;date=${p.date}">${esc(sv.minutes)}</a>`;
    pastHtml.push(
      `<section class="session" data-session="${p.date}"><h3>${esc(t.format.day(p.date))}${p.place ? ` · ${esc(p.place)}` : ''}${minutes}</h3><ol>${settled.map((r) => topic(r)).join('')}${moved.map((r) => topic(r, true)).join('')}</ol></section>`,
    );
  }
  const picker =
    villages.length > 1 && !print
      ? `<form method="get" class="filters no-print">${select(
          'village',
          villages.map((v) => [v.code, v.name]),
          village.code,
          t.desk.board.village,
        )}<button type="submit">${esc(t.desk.board.apply)}</button></form>`
      : '';
  const body = `<h1>${esc(print ? s.notice(village.name) : s.heading)}</h1>${said}${picker}
    ${
      print
        ? ''
        : `<p class="no-print paper-links"><a class="button" href="${paper('agenda')}">${esc(sv.printAgenda)}</a>
      <a class="button" href="${paper('minutes')}">${esc(sv.minutes)}</a> <a class="button" href="${paper('print')}">${esc(s.notice(village.name))}</a></p>`
    }
    <h2>${esc(s.next(t.format.day(next.date), next.place ?? village.sayThingsPlace))}</h2>
    <h3>${esc(s.agenda)}</h3>${agenda.length ? `<ol class="agenda">${agenda.map((r, i) => topic(r).replace(/<\/li>$/, `${forms[i] ?? ''}</li>`)).join('')}</ol>` : `<p>${esc(s.noTopics)}</p>`}
    ${carried.length ? `<h3>${esc(sv.carriedHere)}</h3><ol class="carried">${carried.map((r) => topic(r, true)).join('')}</ol>` : ''}
    <h2>${esc(s.past)}</h2>${pastHtml.length ? pastHtml.join('') : `<p>${esc(s.noPast)}</p>`}
    ${print ? `<p class="no-print"><button type="button" class="print">${esc(t.desk.nav.print)}</button></p>` : ''}`;
  return sendPage(reply, chrome(req, user, { printable: print }), s.heading, body);
}

export function sayThingsRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(`${DESK_PATH}/say-things`, (req, reply) => sayThings(deps, req, reply, false));
  app.get(`${DESK_PATH}/say-things/print`, (req, reply) => sayThings(deps, req, reply, true));
  sayThingsActionRoutes(app, deps);
  sayThingsPaperRoutes(app, deps);
}
