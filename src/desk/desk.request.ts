import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestAttachments } from '../data/attachments.repository.js';
import { attachmentsHtml } from './desk.attachments.js';
import { caseInScope } from '../data/mediation-desk.repository.js';
import { type BoardRow, boardRow, followerHouseholds } from '../data/desk-board.repository.js';
import { activeMembers, memberNames, villageRoster } from '../data/people.repository.js';
import { placeOf } from '../data/places.repository.js';
import { eventsOf } from '../data/requests.repository.js';
import { mapLink } from '../domain/place.js';
import { byId } from '../domain/people.resolve.js';
import { formatRef } from '../domain/reference.js';
import { memberShown } from '../messaging/people.pick.js';
import { allowedActions } from '../domain/request.machine.js';
import { type Texts, textsFor } from '../texts/index.js';
import { en as templatesEn, zh as templatesZh } from '../texts/wechat-templates.js';
import { noticesSentFor } from '../data/outbox.repository.js';
import { deskActionTexts } from '../texts/desk-actions.js';
import { deskMediationTexts } from '../texts/desk-mediation.js';
import { deskAction, runDeskAction } from './desk.actions.js';
import { issueText, isOverdue, shownText } from './desk.board.js';
import { audit, chrome, type DeskDeps, langOf, requireUser, sendPage, textsOf } from './desk.context.js';
import { esc, flash } from './desk.html.js';
import { DESK_PATH, type DeskUser } from './desk.session.js';
import { filedByOf } from '../ledger/ledger.build.js';

/** `1024` or `#1024` within the integer range; anything else is no request at all. */
export const refOf = (raw: string): number | null => {
  const m = /^#?(\d{1,9})$/.exec(raw);
  return m ? Number(m[1]) : null;
};

async function timelineHtml(deps: DeskDeps, t: Texts, user: DeskUser, row: BoardRow): Promise<string> {
  const words = deskActionTexts(t.desk.lang.html === 'en' ? 'en' : 'zh');
  const events = (await eventsOf(deps.db, row.r.ref)).filter((e) => e.type !== 'copied');
  const names = await memberNames(deps.db, [
    ...new Set(events.flatMap((e) => (e.actorKind === 'member' && e.actorId !== null ? [e.actorId] : []))),
  ]);
  // A member named with their group or role (two 李海生 are told apart); one of another village by name.
  const roster = await villageRoster(deps.db, row.r.villageId);
  const named = (id: number) => {
    const m = roster.members.find((x) => x.id === id);
    return m ? memberShown(t, roster, m) : (names.get(id) ?? '');
  };
  const items = events.map((e) => {
    const who =
      e.actorKind === 'member' && e.actorId !== null ? named(e.actorId) : e.actorKind === 'resident' ? row.head : '';
    const note =
      typeof e.details.text === 'string'
        ? e.details.text
        : typeof e.details.rating === 'string'
          ? (t.rating[e.details.rating as keyof Texts['rating']] ?? '')
          : e.details.reason === 'accept_overdue' || e.details.reason === 'resolve_overdue'
            ? t.requests.escalatedBecause(e.details.reason, null, null)
            : '';
    // The resident's 不满意 reason stands out from ordinary notes: it is what the return visit is about.
    const unhappy = e.type === 'note' && e.details.unhappyReason === true;
    return (
      `<li data-type="${esc(e.type)}"${unhappy ? ' class="unhappy" data-unhappy="1"' : ''}><time>${esc(t.format.due(e.at, row.timezone))}</time> <b>${esc(t.event[e.type] ?? e.type)}</b>${unhappy ? ` <span class="mark unhappy">${esc(words.unhappyReason)}</span>` : ''}` +
      `${who ? ` <span class="actor">${esc(who)}</span>` : ''}${note ? `<div class="note">${esc(shownText(user, row.r.assigneeId, note))}</div>` : ''}</li>`
    );
  });
  return `<ol class="timeline">${items.join('')}</ol>`;
}

/** The news that went out past WeChat's window as template messages: whether the resident got it, or refused it. */
async function noticesHtml(deps: DeskDeps, t: Texts, row: BoardRow): Promise<string> {
  const sent = await noticesSentFor(deps.db, row.r.ref);
  if (sent.length === 0) return '';
  const n = t === textsFor('en') ? templatesEn : templatesZh;
  const items = sent.map((s) => {
    const state = s.delivery === null ? 'waiting' : s.delivery === 'success' ? 'delivered' : 'failed';
    return (
      `<li data-delivery="${state}"><time>${esc(t.format.due(s.sentAt, row.timezone))}</time> ${esc(n.status[s.event] ?? n.otherStatus)}` +
      ` · ${esc(n.desk.via[s.via] ?? s.via)} · <b>${esc(n.desk.delivery(s.delivery))}</b></li>`
    );
  });
  return `<section><h2>${esc(n.desk.heading)}</h2><ul class="notices">${items.join('')}</ul></section>`;
}

async function actionsHtml(deps: DeskDeps, t: Texts, user: DeskUser, row: BoardRow): Promise<string> {
  const d = t.desk.request;
  if (user.kind === 'admin') return `<p class="muted">${esc(d.adminReadOnly)}</p>`;
  const can = new Set(allowedActions(row.r.status));
  const form = (action: string, label: string, inner = '') =>
    `<form method="post" action="${DESK_PATH}/requests/${row.r.ref}" class="action"><input type="hidden" name="action" value="${action}">${inner}<button type="submit">${esc(label)}</button></form>`;
  const members = (await activeMembers(deps.db, row.r.villageId)).filter((m) => m.id !== row.r.assigneeId);
  const roster = await villageRoster(deps.db, row.r.villageId);
  const parts = [
    can.has('accept') ? form('accept', d.accept) : '',
    // Named by group and place (a deputy is a deputy; two of one name are told apart); the value is the row's id.
    can.has('transfer')
      ? form(
          'transfer',
          d.transfer,
          `<label>${esc(d.transferTo)} <select name="member">${members
            .map((m) => `<option value="${esc(byId(m.id))}">${esc(memberShown(t, roster, m))}</option>`)
            .join('')}</select></label>`,
        )
      : '',
    can.has('escalate') ? form('escalate', d.escalate) : '',
    can.has('note')
      ? form(
          'note',
          d.note,
          `<label>${esc(d.noteText)} <textarea name="text" required maxlength="2000"></textarea></label>`,
        )
      : '',
    can.has('resolve')
      ? form(
          'resolve',
          d.resolve,
          `<label>${esc(d.resolveText)} <textarea name="text" maxlength="2000"></textarea></label>`,
        )
      : '',
    can.has('invalidate')
      ? form(
          'invalid',
          d.invalid,
          `<label>${esc(d.invalidReason)} <input name="text" required maxlength="500"></label>`,
        )
      : '',
    can.has('reopen') ? form('reopen', d.reopen) : '',
  ];
  return parts.join('');
}

async function page(
  deps: DeskDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  user: DeskUser,
  row: BoardRow,
  said: string[] = [],
  status = 200,
) {
  const c = chrome(req, user);
  const { t } = c;
  const d = t.desk.request;
  const { r } = row;
  const followers = await followerHouseholds(deps.db, r.ref);
  const files = await requestAttachments(deps.db, r.ref);
  const mediation = r.kind === 'dispute' ? await caseInScope(deps.db, user.scope, r.ref) : null;
  const dmt = deskMediationTexts(langOf(req));
  const roster = await villageRoster(deps.db, r.villageId);
  const held = r.assigneeId === null ? undefined : roster.members.find((m) => m.id === r.assigneeId);
  const assignee = held ? memberShown(t, roster, held) : (row.assigneeName ?? '—');
  const when = (at: Date | null) => (at ? esc(t.format.due(at, row.timezone)) : '—');
  const marks = `${r.urgency === 'urgent' ? `<span class="mark urgent">${esc(t.desk.board.urgentMark)}</span>` : ''}${isOverdue(r, deps.clock.now()) ? `<span class="mark overdue">${esc(t.desk.board.overdueMark)}</span>` : ''}`;
  const body = `<p class="no-print"><a href="${DESK_PATH}">← ${esc(d.back)}</a></p>
    <h1>${esc(d.heading(formatRef(r.ref)))} ${marks}</h1>${said.map((s) => flash(s)).join('')}
    ${mediation ? `<p class="case-link"><a class="button" href="${DESK_PATH}/cases/${r.ref}">${esc(dmt.caseOf(mediation.c.caseNo))}</a> · ${esc(t.mediation.status[mediation.c.status])}</p>` : ''}
    <p class="summary">${esc(t.kind[r.kind])} · <b data-field="status">${esc(t.status[r.status])}</b> · ${esc(shownText(user, r.assigneeId, r.summary))}</p>
    <section><h2>${esc(d.words)}</h2><blockquote class="words">${esc(shownText(user, r.assigneeId, r.text))}</blockquote></section>
    <section><h2>${esc(d.facts)}</h2><dl class="facts">
      <dt>${esc(d.household)}</dt><dd>${esc(row.villageName)} ${esc(row.groupName ?? '')} ${esc(row.address ?? '')}（${esc(row.head)}）</dd>
      ${filedByOf(r.details, t) ? `<dt>${esc(t.ledger.columns.filedBy)}</dt><dd data-field="filed-by">${esc(filedByOf(r.details, t)!)}</dd>` : ''}
       ${placeHtml(t, r)}<dt>${esc(t.desk.board.columns.assignee)}</dt><dd>${esc(assignee)}</dd>
      <dt>${esc(t.desk.board.columns.reported)}</dt><dd>${when(r.createdAt)}</dd>
      <dt>${esc(d.acceptBy)}</dt><dd>${when(r.acceptDueAt)}</dd><dt>${esc(d.resolveBy)}</dt><dd>${when(r.resolveDueAt)}</dd>
      <dt>${esc(d.followers)}</dt><dd>${followers.length ? followers.map((h) => esc(h.address ? `${h.address}（${h.head}）` : h.head)).join('、') : esc(d.noFollowers)}</dd>
      ${r.resolution ? `<dt>${esc(d.resolution)}</dt><dd>${esc(r.resolution)}</dd>` : ''}${r.rating ? `<dt>${esc(d.rating)}</dt><dd>${esc(t.rating[r.rating])}</dd>` : ''}
      <dt>${esc(d.attachments)}</dt><dd>${attachmentsHtml(req, r.ref, files, d.noAttachments)}</dd>
    </dl></section>
    ${await noticesHtml(deps, t, row)}
    <section><h2>${esc(d.timeline)}</h2>${await timelineHtml(deps, t, user, row)}</section>
    <section class="no-print"><h2>${esc(d.actions)}</h2><div class="actions">${await actionsHtml(deps, t, user, row)}</div></section>`;
  return sendPage(reply, c, d.heading(formatRef(r.ref)), body, status);
}

/** The point the resident shared: its name and a link that opens it in the map app (Linli serves no map). */
function placeHtml(t: Texts, r: Parameters<typeof placeOf>[0]): string {
  const p = placeOf(r);
  if (!p) return '';
  const name = p.label ?? `${p.lat.toFixed(5)}, ${p.long.toFixed(5)}`;
  return `<dt>${esc(t.place.deskLabel)}</dt><dd data-field="place">${esc(name)} · <a href="${esc(mapLink(p))}" target="_blank" rel="noopener noreferrer">${esc(t.place.deskOpen)}</a></dd>\n      `;
}

function notFound(req: FastifyRequest, reply: FastifyReply, user: DeskUser) {
  const t = textsOf(req);
  return sendPage(
    reply,
    chrome(req, user),
    t.desk.errors.notFound,
    `<p class="flash error">${esc(t.desk.errors.notFound)}</p><a href="${DESK_PATH}">${esc(t.desk.errors.back)}</a>`,
    404,
  );
}

export function requestRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(`${DESK_PATH}/requests/:ref`, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    const ref = refOf((req.params as { ref: string }).ref);
    const row = ref === null ? null : await boardRow(deps.db, user.scope, ref);
    if (!row) return notFound(req, reply, user);
    return page(deps, req, reply, user, row);
  });

  app.post(`${DESK_PATH}/requests/:ref`, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    const ref = refOf((req.params as { ref: string }).ref);
    const row = ref === null ? null : await boardRow(deps.db, user.scope, ref);
    if (!row) return notFound(req, reply, user);
    const t = textsOf(req);
    if (user.kind === 'admin') return page(deps, req, reply, user, row, [t.desk.request.adminReadOnly], 403);
    const form = deskAction.safeParse(req.body ?? {});
    if (!form.success)
      return page(deps, req, reply, user, row, [t.desk.errors.badInput(`body.${issueText(form.error)}`)], 400);
    const before = (await eventsOf(deps.db, row.r.ref)).length;
    const said = await runDeskAction(deps, user, row.r.ref, form.data);
    const done = (await eventsOf(deps.db, row.r.ref)).length > before;
    const { action, ...rest } = form.data;
    await audit(deps, req, user, `request.${action}`, formatRef(row.r.ref), {
      ...('member' in rest ? { member: rest.member } : {}),
      answer: done ? 'done' : said.length ? 'answered' : 'none',
    });
    const fresh = await boardRow(deps.db, user.scope, row.r.ref);
    // Done: the desk says so in its own words (the chat's answer tells what to type next); not done: the use case's refusal.
    const words = deskActionTexts(langOf(req));
    const opened =
      done && action === 'accept' && row.r.kind === 'dispute'
        ? await caseInScope(deps.db, user.scope, row.r.ref)
        : null;
    const answer = done
      ? [
          words.done[action](formatRef(row.r.ref), fresh?.assigneeName ?? null),
          ...(opened ? [words.caseOpened(opened.c.caseNo)] : []),
        ]
      : said;
    return page(deps, req, reply, user, fresh ?? row, answer);
  });
}
