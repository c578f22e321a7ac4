import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { villagesInScope } from '../data/desk-board.repository.js';
import { memberNames, villageRoster, type VillageRow } from '../data/people.repository.js';
import {
  carriedOverFrom,
  followerCounts,
  openTopics,
  type RequestRow,
  sessionTopics,
} from '../data/requests.repository.js';
import { sessionById, sessionOn } from '../data/sessions.repository.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { formatRef } from '../domain/reference.js';
import { householdShown } from '../messaging/people.pick.js';
import { upcomingSession } from '../rhythm/say-things.sweep.js';
import { deskVillageTexts } from '../texts/desk-village.js';
import { chrome, type DeskDeps, langOf, requireUser, sendPage, textsOf } from './desk.context.js';
import { esc } from './desk.html.js';
import { DESK_PATH, type DeskUser } from './desk.session.js';

/** The village a say-things page is about: the one asked for when the session sees it, else the first it sees. */
export async function sayThingsVillage(
  deps: DeskDeps,
  req: FastifyRequest,
  user: DeskUser,
): Promise<{ village: VillageRow | null; villages: VillageRow[] }> {
  const raw = (req.query as Record<string, unknown>).village;
  const villages = await villagesInScope(deps.db, user.scope);
  const village =
    typeof raw === 'string' && raw ? (villages.find((v) => v.code === raw) ?? null) : (villages[0] ?? null);
  return { village, villages };
}

const PRINT = (label: string) => `<p class="no-print"><button type="button" class="print">${esc(label)}</button></p>`;

/**
 * The agenda and the minutes as paper: what the secretary reads from and passes round on the day, and what is
 * signed and filed (卷宗归档) after it. Both are read by people other than the household: numbers masked.
 */
export function sayThingsPaperRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(`${DESK_PATH}/say-things/agenda`, async (req, reply) => {
    const found = await paperVillage(deps, req, reply);
    if (!found) return reply;
    const { user, village } = found;
    const t = textsOf(req);
    const s = deskVillageTexts(langOf(req)).sayThings;
    const session = await upcomingSession(deps.db, village, deps.clock.now());
    const topics = await openTopics(deps.db, session.id);
    const extra = await followerCounts(
      deps.db,
      topics.map((r) => r.ref),
    );
    const c = s.columns;
    const rows = topics
      .map(
        (r, i) => `<tr data-topic="${r.ref}"><td>${i + 1}</td><td>${esc(formatRef(r.ref))}</td><td>${esc(r.group)}</td>
      <td>${esc(maskPersonalNumbers(r.summary))}</td><td>${1 + (extra.get(r.ref) ?? 0)}</td><td class="write-in"></td></tr>`,
      )
      .join('');
    const body = `<article class="paper" id="agenda"><h1>${esc(s.agendaHeading(village.name))}</h1>
      <p>${esc(s.when(t.format.day(session.date), session.place ?? village.sayThingsPlace))}</p>
      ${
        topics.length
          ? `<table class="paper-table"><thead><tr><th>${esc(c.no)}</th><th>${esc(c.ref)}</th><th>${esc(c.group)}</th><th>${esc(c.summary)}</th><th>${esc(c.households)}</th><th>${esc(c.notes)}</th></tr></thead><tbody>${rows}</tbody></table>`
          : `<p>${esc(t.desk.sayThings.noTopics)}</p>`
      }
      <p class="sign">${esc(s.attendees)}：<span class="rule"></span></p></article>${PRINT(t.desk.nav.print)}`;
    return sendPage(reply, chrome(req, user, { printable: true }), s.agendaHeading(village.name), body);
  });

  app.get(`${DESK_PATH}/say-things/minutes`, async (req, reply) => {
    const found = await paperVillage(deps, req, reply);
    if (!found) return reply;
    const { user, village } = found;
    const t = textsOf(req);
    const s = deskVillageTexts(langOf(req)).sayThings;
    const raw = (req.query as Record<string, unknown>).date;
    const date =
      typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw)
        ? raw
        : (await upcomingSession(deps.db, village, deps.clock.now())).date;
    const session = await sessionOn(deps.db, village.id, date);
    if (!session)
      return sendPage(
        reply,
        chrome(req, user),
        s.minutesHeading(village.name),
        `<p class="flash error">${esc(s.noMinutes)}</p>`,
        404,
      );
    const here = await sessionTopics(deps.db, session.id);
    const moved = await carriedOverFrom(deps.db, village.id, session.date);
    const roster = await villageRoster(deps.db, village.id);
    const names = await memberNames(
      deps.db,
      here.flatMap((r) => (r.assigneeId === null ? [] : [r.assigneeId])),
    );
    const result = async (r: RequestRow, carried: boolean): Promise<string> => {
      if (carried) {
        const to = r.sessionId === null ? null : await sessionById(deps.db, r.sessionId);
        return s.carriedTo(to ? t.format.day(to.date) : '');
      }
      if (r.resolution) return maskPersonalNumbers(r.resolution);
      if (r.assigneeId !== null && r.status !== 'submitted') return s.handedTo(names.get(r.assigneeId!) ?? '');
      return s.stillOpen(t.status[r.status]);
    };
    const c = s.columns;
    const rows: string[] = [];
    for (const [i, [r, carried]] of [
      ...here.map((r) => [r, false] as const),
      ...moved.map((r) => [r, true] as const),
    ].entries()) {
      const h = roster.households.find((x) => x.id === r.householdId);
      rows.push(`<tr data-topic="${r.ref}"><td>${i + 1}</td><td>${esc(formatRef(r.ref))}</td><td>${esc(h ? householdShown(t, roster, h) : '')}</td>
        <td>${esc(maskPersonalNumbers(r.summary))}</td><td>${esc(await result(r, carried))}</td></tr>`);
    }
    const body = `<article class="paper" id="minutes"><h1>${esc(s.minutesHeading(village.name))}</h1>
      <p>${esc(s.when(t.format.day(session.date), session.place ?? village.sayThingsPlace))}</p>
      <p class="sign">${esc(s.attendees)}：<span class="rule"></span></p>
      ${
        rows.length
          ? `<table class="paper-table"><thead><tr><th>${esc(c.no)}</th><th>${esc(c.ref)}</th><th>${esc(c.who)}</th><th>${esc(c.summary)}</th><th>${esc(c.result)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
          : `<p>${esc(t.desk.sayThings.noTopics)}</p>`
      }
      <p class="sign">${esc(s.chair)}：<span class="rule"></span> ${esc(s.recorder)}：<span class="rule"></span> ${esc(s.date)}：<span class="rule short"></span></p></article>${PRINT(t.desk.nav.print)}`;
    return sendPage(reply, chrome(req, user, { printable: true }), s.minutesHeading(village.name), body);
  });
}

async function paperVillage(
  deps: DeskDeps,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<{ user: DeskUser; village: VillageRow } | null> {
  const user = await requireUser(deps, req, reply);
  if (!user) return null;
  const { village } = await sayThingsVillage(deps, req, user);
  if (!village) {
    const t = textsOf(req);
    sendPage(
      reply,
      chrome(req, user),
      t.desk.errors.notFound,
      `<p class="flash error">${esc(t.desk.errors.notFound)}</p>`,
      404,
    );
    return null;
  }
  return { user, village };
}
