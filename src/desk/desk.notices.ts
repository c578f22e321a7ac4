import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  noticeById,
  noticeCounts,
  noticeHouseholds,
  type NoticeRow,
  recentNotices,
} from '../data/notices.repository.js';
import { villageRoster, type VillageRow } from '../data/people.repository.js';
import { formatNotice } from '../domain/deliberation.commands.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { publishNotice, remindNotice } from '../notices/notices.usecase.js';
import { textsFor } from '../texts/index.js';
import { deskVillageTexts } from '../texts/desk-village.js';
import type { NoticeCategory } from '../deliberation/deliberation.texts.js';
import { audit, chrome, type DeskDeps, requireUser, sendPage, textsOf } from './desk.context.js';
import { esc, flash } from './desk.html.js';
import { refOf } from './desk.request.js';
import { DESK_PATH, type DeskUser } from './desk.session.js';
import {
  asMover,
  chosenVillage,
  field,
  forbiddenPage,
  mayDecide,
  notFoundPage,
  villagePicker,
  villageSeen,
  villageTextsOf,
} from './desk.village-scope.js';

const NOTICES = `${DESK_PATH}/notices`;
const categories: NoticeCategory[] = ['affairs', 'finance', 'decision', 'other'];

interface Draft {
  title: string;
  text: string;
  category: NoticeCategory;
  groups: string[];
  toResidents: boolean;
}

/** The village's groups a notice can go to (the ~open311 placeholder group is none of them). */
async function groupsOf(deps: DeskDeps, village: VillageRow) {
  return (await villageRoster(deps.db, village.id)).groups.filter((g) => !g.code.startsWith('~'));
}

/** Each group is its own checkbox (`group:<code>`): the desk's form parser keeps one value per name. */
function draftOf(body: unknown, known: { code: string }[]): Draft {
  const b = (body ?? {}) as Record<string, unknown>;
  const category = field(b, 'category') as NoticeCategory;
  return {
    title: field(b, 'title'),
    text: field(b, 'text'),
    category: categories.includes(category) ? category : 'affairs',
    groups: known.filter((g) => b[`group:${g.code}`] !== undefined).map((g) => g.code),
    toResidents: b.toResidents !== undefined,
  };
}

function formHtml(
  req: FastifyRequest,
  village: VillageRow,
  groups: { code: string; name: string }[],
  d: Draft,
): string {
  const t = textsOf(req);
  const n = villageTextsOf(req).notices;
  return `<form method="post" action="${NOTICES}/preview" class="stack" id="new-notice"><input type="hidden" name="village" value="${esc(village.code)}">
    <label>${esc(n.title)} <input name="title" required maxlength="100" value="${esc(d.title)}"></label>
    <label>${esc(n.text)} <textarea name="text" required maxlength="4000" rows="6">${esc(d.text)}</textarea></label>
    <label>${esc(n.category)} <select name="category">${categories.map((c) => `<option value="${c}"${c === d.category ? ' selected' : ''}>${esc(t.deliberation.category[c])}</option>`).join('')}</select></label>
    <fieldset><legend>${esc(n.groups)} <span class="muted">${esc(n.groupsHint)}</span></legend>${groups
      .map(
        (g) =>
          `<label class="inline"><input type="checkbox" name="group:${esc(g.code)}"${d.groups.includes(g.code) ? ' checked' : ''}> ${esc(g.name)}</label>`,
      )
      .join(' ')}</fieldset>
    <label class="inline"><input type="checkbox" name="toResidents"${d.toResidents ? ' checked' : ''}> ${esc(n.toResidents)}</label>
    <p class="muted">${esc(n.quiet)}</p>
    <button type="submit">${esc(n.preview)}</button></form>`;
}

async function listPage(
  deps: DeskDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  found: { user: DeskUser; villages: VillageRow[]; village: VillageRow },
  draft: Draft = { title: '', text: '', category: 'affairs', groups: [], toResidents: true },
  message = '',
  status = 200,
) {
  const { user, villages, village } = found;
  const t = textsOf(req);
  const n = villageTextsOf(req).notices;
  const c = n.columns;
  const rows = await Promise.all(
    (await recentNotices(deps.db, village.id, 50)).map(async (x) => ({
      x,
      counts: await noticeCounts(deps.db, x.id),
      reached: (await noticeHouseholds(deps.db, x.id)).length,
    })),
  );
  const table = rows.length
    ? `<table class="board" id="notices"><thead><tr><th>${esc(c.ref)}</th><th>${esc(c.title)}</th><th>${esc(c.category)}</th><th>${esc(c.at)}</th><th>${esc(c.read)}</th></tr></thead>
    <tbody>${rows
      .map(
        ({
          x,
          counts,
          reached,
        }) => `<tr data-id="${x.id}"><td data-label="${esc(c.ref)}"><a href="${NOTICES}/${x.id}">${esc(formatNotice(x.id))}</a></td>
      <td data-label="${esc(c.title)}"><a href="${NOTICES}/${x.id}">${esc(x.title)}</a></td><td data-label="${esc(c.category)}">${esc(t.deliberation.category[x.category])}</td>
      <td data-label="${esc(c.at)}">${esc(t.format.due(x.createdAt, village.timezone))}</td><td data-label="${esc(c.read)}">${esc(n.readOf(counts.householdsRead, reached))}</td></tr>`,
      )
      .join('')}</tbody></table>`
    : `<p>${esc(n.none)}</p>`;
  const write = mayDecide(user, village)
    ? `<section class="no-print"><h2>${esc(n.newHeading)}</h2>${formHtml(req, village, await groupsOf(deps, village), draft)}</section>`
    : `<p class="muted">${esc(n.readOnly)}</p>`;
  return sendPage(
    reply,
    chrome(req, user),
    n.heading,
    `<h1>${esc(n.heading)} · ${esc(village.name)}</h1>${message}${villagePicker(req, villages, village, NOTICES)}${table}${write}`,
    status,
  );
}

/** Checks a draft; answers the words of what is missing, or null. */
function problem(req: FastifyRequest, d: Draft): string | null {
  const n = villageTextsOf(req);
  if (!d.title || d.title.length > 100) return n.errors.field(n.notices.title);
  if (!d.text || d.text.length > 4000) return n.errors.field(n.notices.text);
  return null;
}

async function noticeOf(deps: DeskDeps, req: FastifyRequest, reply: FastifyReply) {
  const user = await requireUser(deps, req, reply);
  if (!user) return null;
  const id = refOf((req.params as { id: string }).id);
  const notice = id === null ? null : await noticeById(deps.db, id);
  const village = notice ? await villageSeen(deps, user, notice.villageId) : null;
  if (!notice || !village) {
    notFoundPage(req, reply, user);
    return null;
  }
  return { user, notice, village };
}

async function noticePage(
  deps: DeskDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  user: DeskUser,
  notice: NoticeRow,
  village: VillageRow,
  message = '',
  status = 200,
) {
  const t = textsOf(req);
  const n = villageTextsOf(req).notices;
  const counts = await noticeCounts(deps.db, notice.id);
  let households = await noticeHouseholds(deps.db, notice.id);
  // A group leader sees the households of their own groups: they are the ones who visit them.
  if (user.scope.kind === 'groups') {
    const mine = user.scope.groupIds;
    households = households.filter((h) => mine.includes(h.groupId));
  }
  const groups = new Map<number, { name: string; reached: number; read: number }>();
  for (const h of households) {
    const g = groups.get(h.groupId) ?? { name: h.groupName, reached: 0, read: 0 };
    g.reached++;
    if (h.read) g.read++;
    groups.set(h.groupId, g);
  }
  const unread = households.filter((h) => !h.read);
  const read = households.length - unread.length;
  const body = `<p class="no-print"><a href="${NOTICES}?village=${encodeURIComponent(village.code)}">← ${esc(n.heading)}</a></p>
    <h1>${esc(formatNotice(notice.id))}【${esc(t.deliberation.category[notice.category])}】${esc(notice.title)}</h1>${message}
    <p class="summary">${esc(village.name)} · ${esc(t.format.due(notice.createdAt, village.timezone))} · <b id="read-count" data-read="${read}">${esc(n.readOf(read, households.length))}</b>
      · ${esc(n.rooms(counts.delivered.rooms, counts.queued.rooms))}</p>
    <blockquote class="words" style="white-space:pre-wrap">${esc(maskPersonalNumbers(notice.text))}</blockquote>
    <section><h2>${esc(n.byGroup)}</h2><table class="board" id="by-group"><thead><tr><th>${esc(n.group)}</th><th>${esc(n.reached)}</th><th>${esc(n.read)}</th></tr></thead>
      <tbody>${[...groups.values()].map((g) => `<tr><td data-label="${esc(n.group)}">${esc(g.name)}</td><td data-label="${esc(n.reached)}">${g.reached}</td><td data-label="${esc(n.read)}">${g.read}</td></tr>`).join('')}</tbody></table></section>
    <section><h2>${esc(n.unreadHeading)}</h2>${
      unread.length
        ? `<table class="board" id="unread"><thead><tr><th>${esc(n.group)}</th><th>${esc(n.address)}</th><th>${esc(n.head)}</th></tr></thead>
      <tbody>${unread.map((h) => `<tr><td data-label="${esc(n.group)}">${esc(h.groupName)}</td><td data-label="${esc(n.address)}">${esc(h.address ?? '')}</td><td data-label="${esc(n.head)}">${esc(h.head)}</td></tr>`).join('')}</tbody></table>`
        : `<p id="unread-none">${esc(n.everyoneRead)}</p>`
    }
    ${unread.length && mayDecide(user, village) ? `<form method="post" action="${NOTICES}/${notice.id}/remind" class="no-print"><button type="submit">${esc(n.remind)}</button></form>` : ''}
    <button type="button" class="print no-print">${esc(t.desk.nav.print)}</button></section>`;
  return sendPage(
    reply,
    chrome(req, user, { printable: true }),
    `${formatNotice(notice.id)} ${notice.title}`,
    body,
    status,
  );
}

export function noticeDeskRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(NOTICES, async (req, reply) => {
    const found = await chosenVillage(deps, req, reply);
    if (!found) return reply;
    return listPage(deps, req, reply, found);
  });

  // What residents will read, before anything is sent; the send button carries the same draft.
  app.post(`${NOTICES}/preview`, async (req, reply) => {
    const found = await chosenVillage(deps, req, reply);
    if (!found) return reply;
    const { user, village } = found;
    if (!mayDecide(user, village)) return forbiddenPage(req, reply, user, NOTICES);
    const groups = await groupsOf(deps, village);
    const d = draftOf(req.body, groups);
    const bad = problem(req, d);
    if (bad) return listPage(deps, req, reply, found, d, flash(bad, 'error'), 400);
    const n = villageTextsOf(req).notices;
    const chosen = d.groups.length
      ? groups
          .filter((g) => d.groups.includes(g.code))
          .map((g) => g.name)
          .join('、')
      : n.allGroups;
    const hidden = (name: string, value: string) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;
    const carried = [
      hidden('village', village.code),
      hidden('title', d.title),
      hidden('text', d.text),
      hidden('category', d.category),
      ...d.groups.map((g) => hidden(`group:${g}`, 'on')),
      d.toResidents ? hidden('toResidents', 'on') : '',
    ].join('');
    const zh = textsFor('zh');
    const body = `<h1>${esc(n.newHeading)} · ${esc(village.name)}</h1>
      <h2>${esc(n.previewHeading)}</h2><pre class="words" id="preview" style="white-space:pre-wrap">${esc(zh.deliberation.notice('G…', d.category, d.title, d.text))}</pre>
      <p>${esc(n.previewNote(chosen, d.toResidents))}</p><p class="muted">${esc(n.quiet)}</p>
      <form method="post" action="${NOTICES}" class="inline">${carried}<button type="submit">${esc(n.send)}</button></form>
      <form method="post" action="${NOTICES}/edit" class="inline">${carried}<button type="submit" class="link">${esc(n.edit)}</button></form>`;
    return sendPage(reply, chrome(req, user), n.previewHeading, body);
  });

  app.post(`${NOTICES}/edit`, async (req, reply) => {
    const found = await chosenVillage(deps, req, reply);
    if (!found) return reply;
    return listPage(deps, req, reply, found, draftOf(req.body, await groupsOf(deps, found.village)));
  });

  app.post(NOTICES, async (req, reply) => {
    const found = await chosenVillage(deps, req, reply);
    if (!found) return reply;
    const { user, village } = found;
    if (!mayDecide(user, village)) return forbiddenPage(req, reply, user, NOTICES);
    const groups = await groupsOf(deps, village);
    const d = draftOf(req.body, groups);
    const bad = problem(req, d);
    if (bad) return listPage(deps, req, reply, found, d, flash(bad, 'error'), 400);
    const out = await asMover(deps, user, (ctx) =>
      publishNotice(ctx, village, {
        title: d.title,
        text: d.text,
        category: d.category,
        groupIds: groups.filter((g) => d.groups.includes(g.code)).map((g) => g.id),
        toResidents: d.toResidents,
      }),
    );
    await audit(deps, req, user, 'notice.publish', formatNotice(out.notice.id), {
      rooms: out.rooms,
      accounts: out.accounts,
    });
    return reply.redirect(`${NOTICES}/${out.notice.id}?rooms=${out.rooms}&accounts=${out.accounts}`, 303);
  });

  app.get(`${NOTICES}/:id`, async (req, reply) => {
    const found = await noticeOf(deps, req, reply);
    if (!found) return reply;
    const q = req.query as Record<string, unknown>;
    const n = villageTextsOf(req).notices;
    const message =
      q.rooms !== undefined
        ? flash(n.sent(formatNotice(found.notice.id), Number(q.rooms) || 0, Number(q.accounts) || 0))
        : '';
    return noticePage(deps, req, reply, found.user, found.notice, found.village, message);
  });

  app.post(`${NOTICES}/:id/remind`, async (req, reply) => {
    const found = await noticeOf(deps, req, reply);
    if (!found) return reply;
    const { user, notice, village } = found;
    if (!mayDecide(user, village)) return forbiddenPage(req, reply, user, `${NOTICES}/${notice.id}`);
    const en = textsFor('en');
    const accounts = await asMover(deps, user, (ctx) =>
      remindNotice(ctx, village, notice, (t) => deskVillageTexts(t === en ? 'en' : 'zh').notices.reminder),
    );
    await audit(deps, req, user, 'notice.remind', formatNotice(notice.id), { accounts });
    return noticePage(deps, req, reply, user, notice, village, flash(villageTextsOf(req).notices.reminded(accounts)));
  });
}
