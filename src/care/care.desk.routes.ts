import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { belowConfidenceFloor, createOfflineClassifier } from '../classify/offline.classifier.js';
import { fileFor } from './care.usecase.js';
import { careHouseholds, householdAccounts } from '../data/care.repository.js';
import { villagesInScope } from '../data/desk-board.repository.js';
import { villageRoster } from '../data/people.repository.js';
import { findRequest } from '../data/requests.repository.js';
import { careStanding, nextVisitDue } from '../domain/care.js';
import type { ClassifyResult } from '../domain/classification.js';
import { byId, resolveHousehold, type RosterHousehold, shortGroupName } from '../domain/people.resolve.js';
import { formatRef } from '../domain/reference.js';
import { householdShown } from '../messaging/people.pick.js';
import { deskTurn } from '../desk/desk.actions.js';
import { audit, chrome, type DeskDeps, requireUser, sendPage } from '../desk/desk.context.js';
import { esc, flash } from '../desk/desk.html.js';
import { refOf } from '../desk/desk.request.js';
import { DESK_PATH, type DeskUser } from '../desk/desk.session.js';
import { field, villagePicker } from '../desk/desk.village-scope.js';

const FILE_PATH = `${DESK_PATH}/care/file`;
const MAX_TEXT = 2000;

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
    const village =
      typeof q.village === 'string' && q.village ? villages.find((v) => v.code === q.village) : villages[0];
    if (!village)
      return sendPage(
        reply,
        c,
        t.desk.errors.notFound,
        `<p class="flash error">${esc(t.desk.errors.notFound)}</p>`,
        404,
      );
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
    const mark = (s: 'ok' | 'due' | 'overdue') =>
      s === 'ok'
        ? esc(d.standing.ok)
        : `<span class="mark ${s === 'overdue' ? 'overdue' : 'urgent'}">${esc(d.standing[s])}</span>`;
    const tables = groups
      .map((g) => {
        const rows = list
          .filter((x) => x.h.groupName === g)
          .sort((a, b) => order[a.standing] - order[b.standing] || a.due.getTime() - b.due.getTime());
        return `<section><h2>${esc(shortGroupName(g))}</h2><table class="care"><thead><tr><th>${esc(d.household)}</th><th>${esc(d.reason)}</th>
        <th>${esc(d.lastVisit)}</th><th>${esc(d.lastNote)}</th><th>${esc(d.due)}</th><th></th></tr></thead><tbody>${rows
          .map(
            ({ h, due, standing }) =>
              `<tr data-household="${esc(h.code)}" data-standing="${standing}"><td>${esc(t.people.household({ head: h.head, address: h.address, group: null }))}</td><td>${esc(t.care.reason[h.reason])}</td>
        <td>${h.lastVisit ? `${when(h.lastVisit)}${h.lastVisitor ? ` · ${esc(h.lastVisitor)}` : h.lastCheckin ? ` · ${esc(d.byCheckin)}` : ''}` : esc(d.never)}</td><td>${esc(h.lastNote ?? '')}</td>
        <td>${when(due)}</td><td>${mark(standing)}</td></tr>`,
          )
          .join('')}</tbody></table></section>`;
      })
      .join('');
    const form = villagePicker(req, villages, village, `${DESK_PATH}/care`);
    const fileLink =
      user.kind === 'member'
        ? `<p class="no-print"><a class="button" href="${FILE_PATH}">${esc(d.file.link)}</a></p>`
        : '';
    const body = `<h1>${esc(d.title)} · ${esc(village.name)}</h1><p>${esc(d.intro)}</p>${fileLink}${form}
      ${list.length ? `<p class="summary" data-field="care-summary">${esc(d.summary(count('overdue'), count('due'), list.length))}</p>${tables}` : `<p>${esc(d.none)}</p>`}`;
    return sendPage(reply, { ...c, printable: true }, d.title, body);
  });
}

type Member = Extract<DeskUser, { kind: 'member' }>;

/**
 * 代报 on the desk: the member names the household as villagers say it; several that fit (or none, with the
 * close ones) are offered as a choice by name and address, never by code; the request is filed through the
 * chat's own 代报, so the household is the requester, its accounts get the receipt and the ledger names the member.
 */
export function careFileRoutes(app: FastifyInstance, deps: DeskDeps): void {
  const page = (
    req: FastifyRequest,
    reply: FastifyReply,
    user: DeskUser,
    o: { who?: string; text?: string; above?: string; choice?: string },
    status = 200,
  ) => {
    const c = chrome(req, user);
    const f = c.t.care.desk.file;
    const body = `<h1>${esc(f.title)}</h1><p>${esc(f.intro)}</p>${o.above ?? ''}
      <form method="post" action="${FILE_PATH}" class="care-file">${o.choice ?? ''}
        <label>${esc(f.who)} <input name="who" value="${esc(o.who ?? '')}" maxlength="64" required placeholder="${esc(f.whoHint)}"></label>
        <label>${esc(f.text)} <textarea name="text" maxlength="${MAX_TEXT}" required>${esc(o.text ?? '')}</textarea></label>
        <button type="submit">${esc(f.submit)}</button></form>
      <p><a href="${DESK_PATH}/care">${esc(c.t.care.desk.title)}</a></p>`;
    return sendPage(reply, c, f.title, body, status);
  };
  const membersOnly = (req: FastifyRequest, reply: FastifyReply, user: DeskUser) =>
    page(req, reply, user, { above: flash(chrome(req, user).t.care.desk.file.membersOnly, 'error') }, 403);

  app.get(FILE_PATH, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    if (user.kind !== 'member') return membersOnly(req, reply, user);
    const t = chrome(req, user).t;
    // After a filing: what the member would have read in chat, from the request as it now is.
    const ref = refOf(String((req.query as Record<string, unknown> | undefined)?.filed ?? ''));
    const r = ref === null ? null : await findRequest(deps.db, ref);
    if (r && r.villageId === user.village.id && r.householdId !== null) {
      const roster = await villageRoster(deps.db, user.village.id);
      const h = roster.households.find((x) => x.id === r.householdId);
      const told = (await householdAccounts(deps.db, r.householdId)).length;
      const said = h ? t.care.proxied(formatRef(r.ref), householdShown(t, roster, h), told) : '';
      return page(req, reply, user, {
        above: `${flash(said)}<p><a href="${DESK_PATH}/requests/${r.ref}">${esc(formatRef(r.ref))}</a></p>`,
      });
    }
    return page(req, reply, user, {});
  });

  app.post(FILE_PATH, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    if (user.kind !== 'member') return membersOnly(req, reply, user);
    const t = chrome(req, user).t;
    const f = t.care.desk.file;
    const who = field(req.body, 'who').slice(0, 64);
    const text = field(req.body, 'text');
    const picked = field(req.body, 'household');
    if (!who || !text || text.length > MAX_TEXT)
      return page(req, reply, user, { who, text, above: flash(f.missing, 'error') }, 400);
    const roster = await villageRoster(deps.db, user.village.id);
    // A picked choice carries the row's id (`~45`), as a chat button does; otherwise the words as typed.
    const r = resolveHousehold(roster, picked.startsWith('~') ? picked : who);
    if (r.kind !== 'one') {
      const options = r.kind === 'many' ? r.items.slice(0, 8) : r.close.slice(0, 8);
      // Not required: the member may as well write the household another way instead.
      const choice = options.length
        ? `<fieldset class="choice">${options
            .map(
              (h) =>
                `<label><input type="radio" name="household" value="${esc(byId(h.id))}"> ${esc(householdShown(t, roster, h))}</label>`,
            )
            .join('')}</fieldset>`
        : '';
      const said = r.kind === 'many' ? f.pick(who, r.items.length) : f.none(who, options.length > 0);
      return page(
        req,
        reply,
        user,
        { who, text, choice, above: flash(said, r.kind === 'many' ? 'ok' : 'error') },
        r.kind === 'many' ? 200 : 404,
      );
    }
    const ref = await fileOnDesk(deps, user, r.item, text);
    await audit(deps, req, user, 'care.file_for', formatRef(ref));
    return reply.redirect(`${FILE_PATH}?filed=${ref}`, 303);
  });
}

let offline: ReturnType<typeof createOfflineClassifier> | undefined;

/** The chat's 代报 with the desk's turn; the model reads the text before the transaction, as the chat does for a remote model. */
async function fileOnDesk(deps: DeskDeps, user: Member, h: RosterHousehold, text: string): Promise<number> {
  const classifier = deps.classifier ?? (offline ??= createOfflineClassifier());
  const readings = new Map<string, ClassifyResult>();
  if (!classifier.inProcess) readings.set(text, await classifier.classify(text));
  const classify = async (piece: string) => {
    const result = readings.get(piece) ?? (await classifier.classify(piece));
    return { result, confident: !belowConfidenceFloor(result) };
  };
  const said: string[] = [];
  const ref = await deps.db.transaction(async (tx) => fileFor(await deskTurn(tx, deps, user, said), h, text, classify));
  deps.wake();
  return ref;
}
