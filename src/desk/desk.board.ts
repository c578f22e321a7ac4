import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type BoardFilter,
  type BoardRow,
  boardRows,
  groupsInScope,
  membersInScope,
  villagesInScope,
} from '../data/desk-board.repository.js';
import { requestKinds, urgencies } from '../domain/classification.js';
import { atLocal } from '../domain/local-time.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { formatRef } from '../domain/reference.js';
import { requestStatuses, waitingForAccept } from '../domain/request.machine.js';
import { deskMediaTexts } from '../texts/desk-media.js';
import type { Texts } from '../texts/index.js';
import { chrome, type DeskDeps, langOf, requireUser, sendPage, textsOf } from './desk.context.js';
import { exportLinks } from './desk.export.js';
import { esc, select } from './desk.html.js';
import { DESK_PATH, type DeskUser } from './desk.session.js';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const empty = (v: unknown) => (v === '' ? undefined : v);
/** The board's query string; an empty field is no filter. */
export const boardQuery = z.object({
  village: z.preprocess(empty, z.string().max(64).optional()),
  group: z.preprocess(empty, id.optional()),
  kind: z.preprocess(empty, z.enum(requestKinds).optional()),
  status: z.preprocess(empty, z.enum([...requestStatuses, 'open', 'all']).optional()),
  urgency: z.preprocess(empty, z.enum(urgencies).optional()),
  assignee: z.preprocess(empty, id.optional()),
  overdue: z.preprocess(empty, z.enum(['1', 'true', 'on']).optional()),
  from: z.preprocess(empty, day.optional()),
  to: z.preprocess(empty, day.optional()),
  q: z.preprocess(empty, z.string().max(100).optional()),
});
export type BoardQuery = z.infer<typeof boardQuery>;

/** The zod issue as a field name and message a person can act on. */
export const issueText = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

function toFilter(q: BoardQuery, tz: string): BoardFilter {
  const at = (d: string, plusDay = 0) => {
    const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
    return atLocal(tz, y, m, dd + plusDay);
  };
  return {
    ...(q.village ? { village: q.village } : {}),
    ...(q.group ? { group: q.group } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.urgency ? { urgency: q.urgency } : {}),
    ...(q.assignee ? { assignee: q.assignee } : {}),
    ...(q.overdue ? { overdue: true } : {}),
    ...(q.from ? { from: at(q.from) } : {}),
    ...(q.to ? { to: at(q.to, 1) } : {}),
    ...(q.q ? { q: q.q } : {}),
  };
}

export const isOverdue = (row: BoardRow['r'], now: Date): boolean =>
  (waitingForAccept.includes(row.status) && row.acceptDueAt !== null && row.acceptDueAt < now) ||
  (row.status === 'accepted' && row.resolveDueAt !== null && row.resolveDueAt < now);

/** The summary as this person may read it: phone and ID numbers masked unless they handle the case. */
export const shownText = (user: DeskUser, assigneeId: number | null, text: string): string =>
  user.kind === 'admin' || assigneeId === user.member.id ? text : maskPersonalNumbers(text);

function rowsHtml(t: Texts, user: DeskUser, rows: BoardRow[], now: Date): string {
  const c = t.desk.board.columns;
  if (rows.length === 0) return `<tr><td colspan="9" class="none">${esc(t.desk.board.none)}</td></tr>`;
  return rows
    .map(({ r, ...x }) => {
      const late = isOverdue(r, now);
      const due = waitingForAccept.includes(r.status) ? r.acceptDueAt : r.status === 'accepted' ? r.resolveDueAt : null;
      const marks = `${r.urgency === 'urgent' ? `<span class="mark urgent">${esc(t.desk.board.urgentMark)}</span>` : ''}${late ? `<span class="mark overdue">${esc(t.desk.board.overdueMark)}</span>` : ''}`;
      return `<tr class="${late ? 'overdue' : ''}${r.urgency === 'urgent' ? ' urgent' : ''}" data-ref="${r.ref}">
      <td data-label="${esc(c.ref)}"><a href="${DESK_PATH}/requests/${r.ref}">${esc(formatRef(r.ref))}</a> ${marks}</td>
      <td data-label="${esc(c.kind)}">${esc(t.kind[r.kind])}</td><td data-label="${esc(c.summary)}">${esc(shownText(user, r.assigneeId, r.summary))}</td>
      <td data-label="${esc(c.household)}">${esc(x.address ? `${x.address}（${x.head}）` : x.head)}</td><td data-label="${esc(c.group)}">${esc(x.groupName ?? '')}</td>
      <td data-label="${esc(c.assignee)}">${esc(x.assigneeName ?? '')}</td><td data-label="${esc(c.status)}">${esc(t.status[r.status])}</td>
      <td data-label="${esc(c.reported)}">${esc(t.format.due(r.createdAt, x.timezone))}</td><td data-label="${esc(c.due)}">${due ? esc(t.format.due(due, x.timezone)) : ''}</td></tr>`;
    })
    .join('');
}

function countsHtml(t: Texts, counts: Record<string, number>): string {
  return requestStatuses
    .filter((s) => counts[s])
    .map((s) => `<span class="count" data-status="${s}">${esc(t.status[s])} <b>${counts[s]}</b></span>`)
    .join('');
}

/** The board's moving parts: rows and counts, for the first page and for each live refresh. */
async function boardParts(deps: DeskDeps, user: DeskUser, t: Texts, q: BoardQuery) {
  const villages = await villagesInScope(deps.db, user.scope);
  const now = deps.clock.now();
  const { rows, counts } = await boardRows(
    deps.db,
    user.scope,
    toFilter(q, villages[0]?.timezone ?? 'Asia/Shanghai'),
    now,
  );
  return {
    villages,
    rows: rowsHtml(t, user, rows, now),
    counts: countsHtml(t, counts),
    shown: t.desk.board.shown(rows.length),
  };
}

async function parsed(req: FastifyRequest, reply: FastifyReply): Promise<BoardQuery | null> {
  const q = boardQuery.safeParse(req.query ?? {});
  if (q.success) return q.data;
  const t = textsOf(req);
  const message = `querystring.${issueText(q.error)}`;
  if (/text\/html/.test(req.headers.accept ?? '')) {
    void sendPage(
      reply,
      chrome(req, null),
      t.desk.errors.badInput(message),
      `<p class="flash error">${esc(t.desk.errors.badInput(message))}</p><a href="${DESK_PATH}">${esc(t.desk.errors.back)}</a>`,
      400,
    );
  } else {
    void reply.code(400).send({ error: { code: 'validation.failed', message } });
  }
  return null;
}

export function boardRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(DESK_PATH, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    const q = await parsed(req, reply);
    if (!q) return reply;
    const c = chrome(req, user);
    const { t } = c;
    const b = t.desk.board;
    const parts = await boardParts(deps, user, t, q);
    const groups = await groupsInScope(deps.db, user.scope);
    const people = await membersInScope(deps.db, user.scope);
    const many = parts.villages.length > 1;
    const filters = `<form method="get" action="${DESK_PATH}" class="filters" id="filters">
      ${many ? select('village', [['', b.all], ...parts.villages.map((v) => [v.code, v.name] as [string, string])], q.village, b.village) : ''}
      ${select('group', [['', b.all], ...groups.map((g) => [String(g.id), many ? `${g.village} ${g.name}` : g.name] as [string, string])], q.group ? String(q.group) : undefined, b.group)}
      ${select('kind', [['', b.all], ...requestKinds.map((k) => [k, t.kind[k]] as [string, string])], q.kind, b.kind)}
      ${select('status', [['', b.open], ['all', b.all], ...requestStatuses.map((s) => [s, t.status[s]] as [string, string])], q.status, b.status)}
      ${select(
        'urgency',
        [
          ['', b.all],
          ['urgent', b.urgent],
          ['normal', b.normal],
        ],
        q.urgency,
        b.urgency,
      )}
      ${select('assignee', [['', b.all], ...people.map((m) => [String(m.id), many ? `${m.village} ${m.name}` : m.name] as [string, string])], q.assignee ? String(q.assignee) : undefined, b.assignee)}
      <label><input type="checkbox" name="overdue" value="1"${q.overdue ? ' checked' : ''}> ${esc(b.overdue)}</label>
      <label>${esc(b.from)} <input type="date" name="from" value="${esc(q.from)}"></label><label>${esc(b.to)} <input type="date" name="to" value="${esc(q.to)}"></label>
      <label>${esc(b.search)} <input type="search" name="q" value="${esc(q.q)}" placeholder="${esc(b.searchHint)}"></label>
      <button type="submit">${esc(b.apply)}</button> <a href="${DESK_PATH}">${esc(b.reset)}</a></form>`;
    const search = new URLSearchParams(req.url.split('?')[1] ?? '').toString();
    const c2 = b.columns;
    const m = deskMediaTexts(langOf(req));
    // The sound switch: the desk's script beeps for a new urgent request and counts them in the tab's title.
    const sound = `<button type="button" id="sound" class="mute link no-print" data-on="${esc(m.soundOn)}" data-off="${esc(m.soundOff)}" data-badge="${esc(m.urgentTitle(0))}" title="${esc(m.soundHint)}">${esc(m.soundOn)}</button>`;
    const body = `<h1>${esc(b.heading)} <small class="live" id="live" hidden>● ${esc(b.live)}</small> ${sound}</h1>${filters}
      ${!many || q.village ? exportLinks(t, q) : ''}<p class="counts" id="counts" aria-label="${esc(b.counts)}">${parts.counts}</p><p id="shown" class="muted">${esc(parts.shown)}</p>
      <table class="board" id="board" data-rows="${DESK_PATH}/board/rows${search ? `?${esc(search)}` : ''}" data-events="${DESK_PATH}/events">
      <thead><tr><th>${esc(c2.ref)}</th><th>${esc(c2.kind)}</th><th>${esc(c2.summary)}</th><th>${esc(c2.household)}</th><th>${esc(c2.group)}</th>
      <th>${esc(c2.assignee)}</th><th>${esc(c2.status)}</th><th>${esc(c2.reported)}</th><th>${esc(c2.due)}</th></tr></thead>
      <tbody id="rows">${parts.rows}</tbody></table>`;
    return sendPage(reply, c, b.heading, body);
  });

  // The live board asks for this whenever the event stream says something changed.
  app.get(`${DESK_PATH}/board/rows`, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    const q = await parsed(req, reply);
    if (!q) return reply;
    const { rows, counts, shown } = await boardParts(deps, user, textsOf(req), q);
    return reply.header('cache-control', 'no-store').send({ rows, counts, shown });
  });
}
