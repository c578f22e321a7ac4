import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { groupsLedBy } from '../data/desk.repository.js';
import type { VillageRow } from '../data/people.repository.js';
import {
  type AuditLine,
  auditOf,
  type DeskHousehold,
  type DeskMember,
  householdByCode,
  householdsPage,
  memberOfVillage,
  villageGroups,
  villageMembersMatching,
} from '../data/roster-desk.repository.js';
import { AppError } from '../domain/errors.js';
import { maskPhone, type PhoneReader, phoneFor, readsPhoneInFull } from '../domain/roster.privacy.js';
import { phone as phoneShape } from '../domain/roster.schema.js';
import { type MemberRole, memberRoles } from '../domain/routing.js';
import {
  editHousehold,
  type EditResult,
  editMember,
  type HouseholdEdit,
  type MemberEdit,
} from '../roster/roster-edit.usecase.js';
import { rosterDeskTexts, type RosterDeskTexts } from '../texts/roster-desk.js';
import type { Texts } from '../texts/index.js';
import { chrome, type DeskDeps, langOf, sendPage, textsOf } from './desk.context.js';
import { esc, flash } from './desk.html.js';
import { importerOf } from './desk.roster.js';
import { DESK_PATH, type DeskUser, isSecretaryOf } from './desk.session.js';
import { chosenVillage, field, forbiddenPage, notFoundPage, villagePicker } from './desk.village-scope.js';

/**
 * The roster on the desk: every cadre of a village (and a town or county official over it) may look a household
 * or member up; only the village's secretary (or the operator) corrects one, through the import's use case.
 * Phones are shown in full only to whom they are for (src/domain/roster.privacy.ts). Another village's
 * pages answer 404, the same as a code that does not exist.
 */
const PAGE_SIZE = 50;

const rosterTextsOf = (req: FastifyRequest): RosterDeskTexts => rosterDeskTexts(langOf(req));
const hrefOf = (kind: 'households' | 'members', village: VillageRow, code: string) =>
  `${DESK_PATH}/roster/${kind}/${encodeURIComponent(code)}?village=${encodeURIComponent(village.code)}`;

async function readerOf(deps: DeskDeps, user: DeskUser, village: VillageRow): Promise<PhoneReader> {
  const led =
    user.kind === 'member' && user.village.id === village.id ? await groupsLedBy(deps.db, user.member.id) : [];
  return { secretary: isSecretaryOf(user, village.id), ledGroupIds: led.map((g) => g.id) };
}

const roleNames = (t: Texts, roles: readonly string[]) => roles.map((r) => t.role[r as MemberRole] ?? r).join('、');

/** A history value as people read it: roles named, yes/no, groups by name, a phone masked unless the reader may see it. */
function valueText(
  t: Texts,
  rt: RosterDeskTexts,
  fieldName: string,
  v: unknown,
  show: { fullPhone: boolean; groupName: (code: string) => string },
): string {
  if (v === null || v === undefined || v === '') return rt.empty;
  if (Array.isArray(v)) return v.length ? roleNames(t, v as string[]) : rt.empty;
  if (typeof v === 'boolean') return v ? rt.yes : rt.no;
  if (fieldName === 'phone') return (show.fullPhone ? String(v) : maskPhone(String(v))) ?? rt.empty;
  if (fieldName === 'group') return show.groupName(String(v));
  return String(v);
}

function historyList(
  t: Texts,
  rt: RosterDeskTexts,
  lines: AuditLine[],
  timezone: string,
  show: Parameters<typeof valueText>[4],
): string {
  if (lines.length === 0) return `<p class="muted">${esc(rt.noHistory)}</p>`;
  const label = (f: string) => (rt.fields as Record<string, string>)[f] ?? f;
  return `<ul id="history">${lines
    .map((l) => {
      const d = l.details;
      let what: string;
      if (l.action === 'roster.roles') {
        what = rt.fieldChange(
          rt.fields.roles,
          valueText(t, rt, 'roles', d.before, show),
          valueText(t, rt, 'roles', d.after, show),
        );
      } else if (d.change === 'changed') {
        const before = (d.before ?? {}) as Record<string, unknown>;
        const after = (d.after ?? {}) as Record<string, unknown>;
        what = Object.keys(after)
          .map((f) =>
            rt.fieldChange(label(f), valueText(t, rt, f, before[f], show), valueText(t, rt, f, after[f], show)),
          )
          .join('；');
      } else {
        what = rt.change[d.change === 'removed' ? 'removed' : 'added'];
      }
      return `<li>${esc(rt.historyLine(t.format.due(l.at, timezone), l.actor, what))}</li>`;
    })
    .join('')}</ul>`;
}

/**
 * The household form, one entry a field: a new column of households (a care flag, say) is one more entry
 * here and one more key of HouseholdEdit. `read` answers the value, or an error to show.
 */
interface HouseholdField {
  key: keyof HouseholdEdit;
  input: (h: DeskHousehold) => string;
  read: (body: unknown) => { value: HouseholdEdit[keyof HouseholdEdit] } | { error: string };
}

function householdFields(rt: RosterDeskTexts, groups: { code: string; name: string }[]): HouseholdField[] {
  const text = (key: 'head' | 'address', required: boolean): HouseholdField => ({
    key,
    input: (h) =>
      `<label>${esc(rt.fields[key])} <input name="${key}" value="${esc(h[key] ?? '')}"${required ? ' required' : ''} maxlength="100"></label>`,
    read: (body) => {
      const v = field(body, key);
      return required && !v ? { error: `${rt.fields[key]}?` } : { value: v || null };
    },
  });
  return [
    text('head', true),
    text('address', false),
    {
      key: 'phone',
      input: (h) =>
        `<label>${esc(rt.fields.phone)} <input name="phone" type="tel" inputmode="tel" value="${esc(h.phone ?? '')}" placeholder="${esc(rt.phoneHint)}" maxlength="30"></label>`,
      read: (body) => {
        const parsed = phoneShape.safeParse(field(body, 'phone'));
        return parsed.success ? { value: parsed.data ?? null } : { error: rt.invalidPhone };
      },
    },
    {
      key: 'group',
      input: (h) =>
        `<label>${esc(rt.fields.group)} <select name="group">${groups
          .map(
            (g) => `<option value="${esc(g.code)}"${g.code === h.groupCode ? ' selected' : ''}>${esc(g.name)}</option>`,
          )
          .join('')}</select></label>`,
      read: (body) => {
        const v = field(body, 'group');
        return groups.some((g) => g.code === v) ? { value: v } : { error: `${rt.fields.group}?` };
      },
    },
  ];
}

/** The import's refusal as the secretary reads it: the issue texts without the file paths. */
const issuesOf = (err: unknown): string | null =>
  err instanceof AppError && err.code === 'roster.invalid' && Array.isArray(err.details?.issues)
    ? (err.details.issues as string[]).map((i) => i.replace(/^[^:]*: /, '')).join('；')
    : null;

export function rosterBrowseRoutes(app: FastifyInstance, deps: DeskDeps): void {
  const opts = (user: DeskUser, req: FastifyRequest) => ({
    clock: deps.clock,
    sla: deps.sla,
    ...importerOf(user, req),
  });

  app.get(`${DESK_PATH}/roster/households`, async (req, reply) => {
    const c = await chosenVillage(deps, req, reply);
    if (!c) return reply;
    const { user, village } = c;
    const t = textsOf(req);
    const rt = rosterTextsOf(req);
    const q = req.query as Record<string, unknown>;
    const typed = typeof q.q === 'string' ? q.q.trim().slice(0, 50) : '';
    const groups = await villageGroups(deps.db, village.id);
    const group = typeof q.group === 'string' && groups.some((g) => g.code === q.group) ? q.group : '';
    const pageNo = Math.max(1, Number.parseInt(String(q.page ?? '1'), 10) || 1);
    const reader = await readerOf(deps, user, village);
    const found = await householdsPage(deps.db, village.id, {
      q: typed,
      groupCode: group,
      page: pageNo,
      pageSize: PAGE_SIZE,
      phoneGroups: reader.secretary ? 'all' : reader.ledGroupIds,
    });
    const pages = Math.max(1, Math.ceil(found.total / PAGE_SIZE));
    const link = (p: number) =>
      `${DESK_PATH}/roster/households?${new URLSearchParams({ village: village.code, ...(typed ? { q: typed } : {}), ...(group ? { group } : {}), page: String(p) })}`;
    const col = rt.columns;
    const rows = found.items
      .map(
        (
          h,
        ) => `<tr data-code="${esc(h.code)}"><td data-label="${esc(col.code)}"><a href="${hrefOf('households', village, h.code)}">${esc(h.code)}</a></td>
      <td data-label="${esc(col.head)}"><a href="${hrefOf('households', village, h.code)}">${esc(h.head)}</a></td><td data-label="${esc(col.address)}">${esc(h.address ?? '')}</td>
      <td data-label="${esc(col.group)}">${esc(h.groupName)}</td><td data-label="${esc(col.phone)}" class="phone">${esc(phoneFor(reader, h) ?? '')}</td></tr>`,
      )
      .join('');
    const ms = typed || pageNo === 1 ? await villageMembersMatching(deps.db, village.id, typed) : [];
    const memberRows = ms
      .map(
        (
          m,
        ) => `<tr data-code="${esc(m.code)}"><td data-label="${esc(col.name)}"><a href="${hrefOf('members', village, m.code)}">${esc(m.name)}</a>${m.active ? '' : ` <span class="muted">${esc(rt.inactive)}</span>`}</td>
      <td data-label="${esc(col.roles)}">${esc(roleNames(t, m.roles))}</td><td data-label="${esc(col.places)}">${esc(placesText(rt, m))}</td></tr>`,
      )
      .join('');
    const body = `<h1>${esc(rt.heading)} · ${esc(village.name)}</h1>
      ${villagePicker(req, c.villages, village, `${DESK_PATH}/roster/households`)}
      <p class="muted">${esc(rt.intro)}</p>
      ${isSecretaryOf(user, village.id) ? `<p><a id="excel" href="${DESK_PATH}/roster?village=${encodeURIComponent(village.code)}">${esc(rt.excel)}</a></p>` : ''}
      <form method="get" action="${DESK_PATH}/roster/households" class="filters" role="search"><input type="hidden" name="village" value="${esc(village.code)}">
      <label>${esc(rt.search)} <input type="search" name="q" value="${esc(typed)}" placeholder="${esc(rt.searchHint)}"></label>
      <label>${esc(rt.group)} <select name="group"><option value="">${esc(rt.allGroups)}</option>${groups.map((g) => `<option value="${esc(g.code)}"${g.code === group ? ' selected' : ''}>${esc(g.name)}</option>`).join('')}</select></label>
      <button type="submit">${esc(rt.find)}</button></form>
      <h2>${esc(rt.households)} <span class="muted">${esc(rt.total(found.total))}</span></h2>
      ${found.items.length ? `<table class="board" id="households"><thead><tr><th>${esc(col.code)}</th><th>${esc(col.head)}</th><th>${esc(col.address)}</th><th>${esc(col.group)}</th><th>${esc(col.phone)}</th></tr></thead><tbody>${rows}</tbody></table>` : `<p class="muted">${esc(rt.none)}</p>`}
      ${pages > 1 ? `<p class="pager">${pageNo > 1 ? `<a rel="prev" href="${esc(link(pageNo - 1))}">${esc(rt.prev)}</a> ` : ''}${esc(rt.page(pageNo, pages))}${pageNo < pages ? ` <a rel="next" href="${esc(link(pageNo + 1))}">${esc(rt.next)}</a>` : ''}</p>` : ''}
      ${ms.length ? `<h2>${esc(rt.members)}</h2><table class="board" id="members"><thead><tr><th>${esc(col.name)}</th><th>${esc(col.roles)}</th><th>${esc(col.places)}</th></tr></thead><tbody>${memberRows}</tbody></table>` : ''}`;
    return sendPage(reply, chrome(req, user), rt.heading, body);
  });

  /** The household or member the path names, or the 404 page (unknown code, or a village the session does not see). */
  async function loaded<T>(
    req: FastifyRequest,
    reply: FastifyReply,
    find: (villageId: number, code: string) => Promise<T | null>,
  ) {
    const c = await chosenVillage(deps, req, reply);
    if (!c) return null;
    const row = await find(c.village.id, (req.params as { code: string }).code);
    if (!row) {
      notFoundPage(req, reply, c.user);
      return null;
    }
    return { ...c, row };
  }
  const household = async (req: FastifyRequest, reply: FastifyReply) => {
    const c = await loaded(req, reply, (villageId, code) => householdByCode(deps.db, villageId, code));
    return c && { user: c.user, village: c.village, h: c.row };
  };
  const member = async (req: FastifyRequest, reply: FastifyReply) => {
    const c = await loaded(req, reply, (villageId, code) => memberOfVillage(deps.db, villageId, code));
    return c && { user: c.user, village: c.village, m: c.row };
  };

  async function householdPage(
    req: FastifyRequest,
    reply: FastifyReply,
    c: { user: DeskUser; village: VillageRow; h: DeskHousehold },
    result: { notice?: string; error?: string; status?: number } = {},
  ) {
    const { user, village, h } = c;
    const t = textsOf(req);
    const rt = rosterTextsOf(req);
    const reader = await readerOf(deps, user, village);
    const full = readsPhoneInFull(reader, h.groupId);
    const groups = await villageGroups(deps.db, village.id);
    const groupName = (code: string) => groups.find((g) => g.code === code)?.name ?? code;
    const history = await auditOf(deps.db, [`household:${h.code}@${village.code}`]);
    const secretary = isSecretaryOf(user, village.id);
    const col = rt.columns;
    const body = `<p class="no-print"><a href="${DESK_PATH}/roster/households?village=${encodeURIComponent(village.code)}">${esc(rt.back)}</a></p>
      <h1>${esc(rt.household)} · ${esc(h.head)}${h.address ? ` · ${esc(h.address)}` : ''}</h1>
      ${flash(result.notice)}${flash(result.error, 'error')}
      <dl class="facts" id="household">
        <dt>${esc(col.code)}</dt><dd>${esc(h.code)}</dd><dt>${esc(col.group)}</dt><dd>${esc(h.groupName)}</dd>
        <dt>${esc(col.head)}</dt><dd>${esc(h.head)}</dd><dt>${esc(col.address)}</dt><dd>${esc(h.address ?? rt.empty)}</dd>
        <dt>${esc(col.phone)}</dt><dd id="phone">${esc((full ? h.phone : maskPhone(h.phone)) ?? rt.empty)}${h.phone && !full ? ` <span class="muted">${esc(rt.masked)}</span>` : ''}</dd>
        <dt>${esc(rt.residents)}</dt><dd>${h.residents.length ? h.residents.map((r) => esc(rt.resident(r.name, r.accounts))).join('、') : esc(rt.noResidents)}</dd>
      </dl>
      ${
        secretary
          ? `<h2>${esc(rt.edit)}</h2><form method="post" action="${hrefOf('households', village, h.code)}" class="stack" id="edit">
        ${householdFields(rt, groups)
          .map((f) => f.input(h))
          .join('\n')}
        <button type="submit">${esc(rt.save)}</button></form>`
          : ''
      }
      <h2>${esc(rt.history)}</h2>${historyList(t, rt, history, village.timezone, { fullPhone: full, groupName })}`;
    return sendPage(reply, chrome(req, user), `${rt.household} · ${h.head}`, body, result.status ?? 200);
  }

  app.get(`${DESK_PATH}/roster/households/:code`, async (req, reply) => {
    const c = await household(req, reply);
    if (!c) return reply;
    const q = req.query as Record<string, unknown>;
    const rt = rosterTextsOf(req);
    const revoked = Number(q.revoked ?? 0) || 0;
    return householdPage(
      req,
      reply,
      c,
      q.saved === '1'
        ? { notice: [rt.saved, rt.told(revoked)].filter(Boolean).join('\n') }
        : q.saved === '0'
          ? { notice: rt.nothingChanged }
          : {},
    );
  });

  app.post(`${DESK_PATH}/roster/households/:code`, async (req, reply) => {
    const c = await household(req, reply);
    if (!c) return reply;
    if (!isSecretaryOf(c.user, c.village.id))
      return forbiddenPage(req, reply, c.user, hrefOf('households', c.village, c.h.code));
    const rt = rosterTextsOf(req);
    const edit: HouseholdEdit = {};
    for (const f of householdFields(rt, await villageGroups(deps.db, c.village.id))) {
      const read = f.read(req.body);
      if ('error' in read) return householdPage(req, reply, c, { error: read.error, status: 422 });
      (edit as Record<string, unknown>)[f.key] = read.value;
    }
    return saved(
      req,
      reply,
      () => editHousehold(deps.db, c.village.code, c.h.code, edit, opts(c.user, req)),
      hrefOf('households', c.village, c.h.code),
      (error) => householdPage(req, reply, c, { error, status: 422 }),
    );
  });

  /** Runs the edit; on success back to the page (so a reload does not post again), on refusal the page with the reason. */
  async function saved(
    req: FastifyRequest,
    reply: FastifyReply,
    run: () => Promise<EditResult>,
    href: string,
    refused: (error: string) => Promise<FastifyReply>,
  ) {
    const rt = rosterTextsOf(req);
    let result: EditResult;
    try {
      result = await run();
    } catch (err) {
      const issues = issuesOf(err);
      if (issues === null) throw err;
      return refused(rt.invalid(issues));
    }
    if (!result.found) return refused(rt.inactiveNotEdited);
    deps.wake();
    const changed = result.diff.households.changed.length + result.diff.members.changed.length > 0;
    return reply.redirect(
      `${href}&saved=${changed ? '1' : '0'}${result.summary.revoked ? `&revoked=${result.summary.revoked}` : ''}`,
      303,
    );
  }

  async function memberPage(
    req: FastifyRequest,
    reply: FastifyReply,
    c: { user: DeskUser; village: VillageRow; m: DeskMember },
    result: { notice?: string; error?: string; status?: number } = {},
  ) {
    const { user, village, m } = c;
    const t = textsOf(req);
    const rt = rosterTextsOf(req);
    const history = await auditOf(deps.db, [`member:${m.code}@${village.code}`, `${m.code}@${village.code}`]);
    const secretary = isSecretaryOf(user, village.id);
    const col = rt.columns;
    const box = (role: MemberRole) =>
      `<label class="inline"><input type="checkbox" name="role_${role}" value="1"${m.roles.includes(role) ? ' checked' : ''}> ${esc(t.role[role])}</label>`;
    const body = `<p class="no-print"><a href="${DESK_PATH}/roster/households?village=${encodeURIComponent(village.code)}">${esc(rt.back)}</a></p>
      <h1>${esc(rt.member)} · ${esc(m.name)}</h1>${flash(result.notice)}${flash(result.error, 'error')}
      <dl class="facts" id="member">
        <dt>${esc(col.name)}</dt><dd>${esc(m.name)}${m.active ? '' : ` <span class="muted">${esc(rt.inactive)}</span>`}</dd>
        <dt>${esc(col.roles)}</dt><dd>${esc(roleNames(t, m.roles) || rt.empty)}</dd>
        <dt>${esc(col.places)}</dt><dd>${esc(placesText(rt, m) || rt.empty)}</dd>
        <dt>${esc(rt.away)}</dt><dd>${esc(m.away ? rt.yes : rt.no)}</dd>
        <dt>${esc(col.accounts)}</dt><dd>${m.accounts}</dd>
      </dl>
      ${
        secretary && m.active
          ? `<h2>${esc(rt.edit)}</h2><form method="post" action="${hrefOf('members', village, m.code)}" class="stack" id="edit">
        <label>${esc(rt.fields.name)} <input name="name" value="${esc(m.name)}" required maxlength="50"></label>
        <fieldset><legend>${esc(rt.fields.roles)}</legend>${memberRoles.map(box).join(' ')}</fieldset>
        <label class="inline"><input type="checkbox" name="away" value="1"${m.away ? ' checked' : ''}> ${esc(rt.fields.away)}</label>
        <button type="submit">${esc(rt.save)}</button></form>`
          : ''
      }
      <h2>${esc(rt.history)}</h2>${historyList(t, rt, history, village.timezone, { fullPhone: false, groupName: (x) => x })}`;
    return sendPage(reply, chrome(req, user), `${rt.member} · ${m.name}`, body, result.status ?? 200);
  }

  app.get(`${DESK_PATH}/roster/members/:code`, async (req, reply) => {
    const c = await member(req, reply);
    if (!c) return reply;
    const q = req.query as Record<string, unknown>;
    const rt = rosterTextsOf(req);
    return memberPage(
      req,
      reply,
      c,
      q.saved === '1' ? { notice: rt.saved } : q.saved === '0' ? { notice: rt.nothingChanged } : {},
    );
  });

  app.post(`${DESK_PATH}/roster/members/:code`, async (req, reply) => {
    const c = await member(req, reply);
    if (!c) return reply;
    if (!isSecretaryOf(c.user, c.village.id))
      return forbiddenPage(req, reply, c.user, hrefOf('members', c.village, c.m.code));
    const rt = rosterTextsOf(req);
    if (!c.m.active) return memberPage(req, reply, c, { error: rt.inactiveNotEdited, status: 409 });
    const name = field(req.body, 'name');
    if (!name) return memberPage(req, reply, c, { error: `${rt.fields.name}?`, status: 422 });
    // One checkbox a role, each with its own name: the desk's form parser keeps one value a name.
    const roles = memberRoles.filter((r) => field(req.body, `role_${r}`) === '1');
    const edit: MemberEdit = { name, roles, away: field(req.body, 'away') === '1' };
    return saved(
      req,
      reply,
      () => editMember(deps.db, c.village.code, c.m.code, edit, opts(c.user, req)),
      hrefOf('members', c.village, c.m.code),
      (error) => memberPage(req, reply, c, { error, status: 422 }),
    );
  });
}

function placesText(rt: RosterDeskTexts, m: DeskMember): string {
  return m.places.map((p) => (p.role === 'leader' ? rt.leaderOf(p.name) : rt.deputyOf(p.name))).join('、');
}
