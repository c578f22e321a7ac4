import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requestAttachments } from '../data/attachments.repository.js';
import { casesInScope, type DeskCaseRow, caseInScope } from '../data/mediation-desk.repository.js';
import { villageRoster } from '../data/people.repository.js';
import {
  allowedMediationActions,
  type MediationAction,
  type MediationRole,
  openMediationStatuses,
} from '../domain/mediation.machine.js';
import type { MediationCommand } from '../domain/mediation.commands.js';
import { confirmationDeadline, defaultMediationPolicy, openReminderAt } from '../domain/mediation.rules.js';
import { byId, householdLabel, type VillageRoster } from '../domain/people.resolve.js';
import { formatRef } from '../domain/reference.js';
import { caseFilePdf } from '../mediation/case-file.pdf.js';
import { renderCaseFile } from '../mediation/case-file.html.js';
import { caseView, type CaseView } from '../mediation/case.view.js';
import { mediationMemberCommand } from '../mediation/mediation.dispatch.js';
import { memberShown } from '../messaging/people.pick.js';
import { attachmentsHtml } from './desk.attachments.js';
import {
  type DeskCaseAction,
  type DeskCaseStep,
  type DeskMediationTexts,
  deskMediationTexts,
} from '../texts/desk-mediation.js';
import type { Texts } from '../texts/index.js';
import { deskTurn } from './desk.actions.js';
import { audit, chrome, type DeskDeps, langOf, requireUser, sendPage, textsOf } from './desk.context.js';
import { esc, flash } from './desk.html.js';
import { refOf } from './desk.request.js';
import { DESK_PATH, type DeskUser } from './desk.session.js';

const text = z.string().trim().min(1).max(4000);
/** What a case form may ask for: the same steps as the chat commands, people chosen from the roster by row. */
export const caseAction = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('preside'),
    mediator: z.string().regex(/^~\d{1,9}$/),
    assistant: z
      .string()
      .regex(/^(~\d{1,9})?$/)
      .optional(),
  }),
  z.object({ action: z.literal('investigate'), text }),
  z.object({ action: z.literal('inform') }),
  z.object({ action: z.literal('session'), text }),
  z
    .object({
      action: z.literal('party'),
      household: z.string().trim().max(16).default(''),
      outsider: z.string().trim().max(60).default(''),
    })
    .refine((p) => (p.household === '') !== (p.outsider === ''), { path: ['household'] }),
  z.object({ action: z.literal('propose'), text }),
  z.object({ action: z.literal('fail'), text }),
  z.object({ action: z.literal('follow_up'), text }),
]);
type CaseForm = z.infer<typeof caseAction>;

const dm = (req: FastifyRequest): DeskMediationTexts => deskMediationTexts(langOf(req));

/** The member's part in the case as the use cases will see it (the desk shows only the forms they may use). */
function roleOf(
  user: DeskUser,
  villageId: number,
  presidingId: number | null,
  openedBy: number,
  assistantIds: number[],
): MediationRole | null {
  if (user.kind !== 'member' || user.village.id !== villageId) return null;
  const me = user.member.id;
  if ((presidingId ?? openedBy) === me) return 'presiding';
  if (assistantIds.includes(me)) return 'assisting';
  if (user.member.roles.includes('secretary')) return 'secretary';
  return null;
}

/** Town and county staff follow a case; the village decides it. */
const readOnlyText = (d: DeskMediationTexts, user: DeskUser): string =>
  user.scope.kind === 'town' || user.scope.kind === 'county' || user.scope.kind === 'all' ? d.readOnlyTown : d.readOnly;

const formOf: Partial<Record<MediationAction, DeskCaseAction>> = {
  preside: 'preside',
  investigate: 'investigate',
  inform: 'inform',
  session: 'session',
  add_party: 'party',
  propose: 'propose',
  fail: 'fail',
  follow_up: 'follow_up',
};

function commandOf(ref: number, f: CaseForm): MediationCommand {
  switch (f.action) {
    case 'preside': {
      return {
        type: 'med_preside',
        ref,
        memberCodes: [f.mediator, ...(f.assistant && f.assistant !== f.mediator ? [f.assistant] : [])],
      };
    }
    case 'investigate':
      return { type: 'med_investigate', ref, text: f.text };
    case 'inform':
      return { type: 'med_inform', ref };
    case 'session':
      return { type: 'med_session', ref, text: f.text };
    // A name typed in the outsider box is someone from outside even when a household head shares it.
    case 'party':
      return { type: 'med_party', ref, party: f.household || `村外 ${f.outsider}` };
    case 'propose':
      return { type: 'med_propose', ref, text: f.text };
    case 'fail':
      return { type: 'med_fail', ref, text: f.text };
    case 'follow_up':
      return { type: 'med_follow_up', ref, text: f.text };
  }
}

type Section = 'due' | 'open' | 'judicial' | 'closed';
function sectionOf(row: DeskCaseRow, now: Date): Section {
  const c = row.c;
  if (openMediationStatuses.includes(c.status)) return openReminderAt(c.acceptedAt) <= now ? 'due' : 'open';
  if (
    c.agreedAt &&
    (c.status === 'agreed' || c.status === 'followed_up') &&
    confirmationDeadline(c.agreedAt, defaultMediationPolicy) > now
  )
    return 'judicial';
  return 'closed';
}

function listPage(deps: DeskDeps, req: FastifyRequest, reply: FastifyReply, user: DeskUser, rows: DeskCaseRow[]) {
  const c = chrome(req, user);
  const { t } = c;
  const d = dm(req);
  const now = deps.clock.now();
  const by: Record<Section, DeskCaseRow[]> = { due: [], open: [], judicial: [], closed: [] };
  for (const r of rows) by[sectionOf(r, now)].push(r);
  const cols = d.columns;
  const table = (s: Section, list: DeskCaseRow[]) =>
    list.length === 0
      ? `<p class="muted">${esc(d.none)}</p>`
      : `<table class="board"><thead><tr>
    <th>${esc(cols.caseNo)}</th><th>${esc(cols.ref)}</th><th>${esc(cols.applicant)}</th><th>${esc(cols.type)}</th><th>${esc(cols.status)}</th><th>${esc(cols.presiding)}</th>
    <th>${esc(cols.accepted)}</th>${s === 'judicial' ? `<th>${esc(cols.deadline)}</th>` : ''}</tr></thead><tbody>${list
      .map(
        (r) => `<tr data-case="${r.c.requestRef}">
    <td><a href="${DESK_PATH}/cases/${r.c.requestRef}">${esc(r.c.caseNo)}</a></td><td><a href="${DESK_PATH}/requests/${r.c.requestRef}">${esc(formatRef(r.c.requestRef))}</a></td>
    <td>${esc(r.head)}${r.address ? `（${esc(r.address)}）` : ''}${user.scope.kind === 'village' || user.scope.kind === 'groups' ? '' : ` · ${esc(r.villageName)}`}</td>
    <td>${esc(t.mediation.disputeType[r.c.disputeType])}</td><td>${esc(t.mediation.status[r.c.status])}</td><td>${esc(r.presidingName ?? '—')}</td>
    <td>${esc(t.format.due(r.c.acceptedAt, r.timezone))}</td>${s === 'judicial' ? `<td>${esc(t.format.due(confirmationDeadline(r.c.agreedAt!, defaultMediationPolicy), r.timezone))}</td>` : ''}</tr>`,
      )
      .join('')}</tbody></table>`;
  const section = (s: Section, hint = '') =>
    `<section id="${s}"><h2>${esc(d.sections[s])} <span class="count">${by[s].length}</span></h2>${hint ? `<p class="muted">${esc(hint)}</p>` : ''}${table(s, by[s])}</section>`;
  const body = `<h1>${esc(d.listHeading)}</h1>
    ${section('due', by.due.length ? d.sectionHints.due(defaultMediationPolicy.openReminderDays) : '')}${section('open')}${section('judicial', by.judicial.length ? d.sectionHints.judicial : '')}${section('closed')}`;
  return sendPage(reply, c, d.listHeading, body);
}

const STEPS: DeskCaseStep[] = [
  'opened',
  'presiding',
  'investigated',
  'informed',
  'session',
  'agreement',
  'followed_up',
];

function stepsHtml(d: DeskMediationTexts, v: CaseView): string {
  const has = (type: string) => v.steps.some((s) => s.type === type);
  const done: Record<DeskCaseStep, boolean> = {
    opened: true,
    presiding: v.presiding !== null,
    investigated: has('investigated'),
    informed: has('informed'),
    session: has('session'),
    agreement: v.status === 'agreed' || (v.status === 'followed_up' && v.agreedAt !== null),
    followed_up: v.followedUpAt !== null,
  };
  const next = v.status === 'failed' ? 'followed_up' : STEPS.find((s) => !done[s]);
  return `<ol class="steps">${STEPS.map((s) => {
    const label = s === 'agreement' && v.status === 'failed' ? d.stepFailed : d.step[s];
    const state = done[s] || (s === 'agreement' && v.failedAt) ? 'done' : s === next ? 'next' : 'todo';
    return `<li class="step ${state}" data-step="${s}" data-state="${state}">${esc(label)}${state === 'done' ? ` <small>✓ ${esc(d.done)}</small>` : state === 'next' ? ` <small>← ${esc(d.next)}</small>` : ''}</li>`;
  }).join('')}</ol>`;
}

function partiesHtml(t: Texts, d: DeskMediationTexts, v: CaseView, roster: VillageRoster | null): string {
  const place = (p: CaseView['parties'][number]) => {
    const h = roster?.households.find((x) => x.code === p.household);
    const l = h && roster ? householdLabel(roster, h) : null;
    // "三组1号" already says its group; an address that does not gets it in front.
    return [l?.group && !(p.address ?? '').startsWith(l.group) ? l.group : null, p.address].filter(Boolean).join(' ');
  };
  return `<table class="parties"><thead><tr><th>${esc(d.partyColumns.role)}</th><th>${esc(d.partyColumns.name)}</th><th>${esc(d.partyColumns.place)}</th><th>${esc(d.partyColumns.reach)}</th></tr></thead>
  <tbody>${v.parties
    .map(
      (
        p,
      ) => `<tr data-party="${esc(p.name)}"><td>${esc(t.mediation.role[p.role as 'applicant' | 'respondent'] ?? p.role)}</td><td>${esc(p.name)}</td><td>${esc(place(p) || '—')}</td>
  <td class="${p.bound ? 'ok' : 'warn'}">${esc(p.bound ? d.reachable : p.household === null ? d.outsider : d.unreachable)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

function recordHtml(t: Texts, d: DeskMediationTexts, v: CaseView): string {
  const platform = (p: unknown) =>
    typeof p === 'string' ? (t.identity.platform[p as keyof Texts['identity']['platform']] ?? p) : '';
  return `<ol class="timeline">${v.steps
    .map((s) => {
      const by = s.actor.name ? ` <span class="actor">${esc(s.actor.name)}</span>` : '';
      const via =
        s.actor.kind === 'resident' && s.details.platform ? esc(d.viaChannel(platform(s.details.platform))) : '';
      return (
        `<li data-type="${esc(s.type)}"${s.type === 'statement' ? ' class="statement"' : ''}><time>${esc(t.format.due(s.at, v.timezone))}</time> <b>${esc(d.event[s.type] ?? s.type)}</b>${by}${via}` +
        `${s.text ? `<div class="note">${esc(s.text)}</div>` : ''}</li>`
      );
    })
    .join('')}</ol>`;
}

function agreementHtml(t: Texts, d: DeskMediationTexts, v: CaseView): string {
  const a = v.agreement;
  if (!a) return `<p class="muted">${esc(d.noAgreement)}</p>`;
  const at = (x: Date) => t.format.due(x, v.timezone);
  const rows = v.parties
    .map((p) => {
      const x = a.confirmations.find((c) => c.partyId === p.id);
      const channel = x?.identity.platform
        ? (t.identity.platform[x.identity.platform as keyof Texts['identity']['platform']] ?? x.identity.platform)
        : '';
      return `<tr data-confirm="${esc(p.name)}"><td>${esc(p.name)}</td><td>${esc(x ? (x.decision === 'confirmed' ? d.confirmed : d.declined(x.reason)) : d.notYet)}</td>
      <td>${esc(x ? at(x.at) : '—')}</td><td>${esc(channel || '—')}</td></tr>`;
    })
    .join('');
  return `<blockquote class="words agreement">${esc(a.text)}</blockquote><p class="muted">${esc(d.proposedBy(a.proposedBy?.name ?? '', at(a.proposedAt)))}</p>
    <h3>${esc(d.confirmations)}</h3><table class="confirmations"><thead><tr><th>${esc(d.confirmColumns.party)}</th><th>${esc(d.confirmColumns.answer)}</th>
    <th>${esc(d.confirmColumns.at)}</th><th>${esc(d.confirmColumns.channel)}</th></tr></thead><tbody>${rows}</tbody></table>
    ${a.effectiveAt ? `<p class="flash ok">${esc(d.effective(at(a.effectiveAt)))} ${esc(d.judicialUntil(at(confirmationDeadline(a.effectiveAt, defaultMediationPolicy))))}</p>` : ''}`;
}

function actionsHtml(
  t: Texts,
  d: DeskMediationTexts,
  user: DeskUser,
  row: DeskCaseRow,
  role: MediationRole | null,
  roster: VillageRoster | null,
): string {
  if (user.kind === 'admin') return `<p class="muted">${esc(d.adminReadOnly)}</p>`;
  if (!role || !roster) return `<p class="muted">${esc(readOnlyText(d, user))}</p>`;
  const ref = row.c.requestRef;
  const allowed = [
    ...new Set(allowedMediationActions(row.c.status, role).flatMap((a) => (formOf[a] ? [formOf[a]] : []))),
  ];
  const form = (
    action: DeskCaseAction,
    inner = '',
  ) => `<form method="post" action="${DESK_PATH}/cases/${ref}" class="action" data-action="${action}">
    <input type="hidden" name="action" value="${action}">${inner}<button type="submit">${esc(d.action[action])}</button></form>`;
  const area = (label: string) =>
    `<label>${esc(label)} <textarea name="text" required maxlength="4000"></textarea></label>`;
  const mediators = roster.members.filter(
    (m) => m.active && m.roles.some((r) => r === 'mediator' || r === 'secretary'),
  );
  const mine = user.member.id;
  const options = (selected: number | null) =>
    mediators
      .map(
        (m) =>
          `<option value="${esc(byId(m.id))}"${m.id === selected ? ' selected' : ''}>${esc(memberShown(t, roster, m))}</option>`,
      )
      .join('');
  const households = roster.households;
  const parts = allowed.map((a) => {
    switch (a) {
      case 'preside':
        return form(
          a,
          `<label>${esc(d.fields.mediator)} <select name="mediator">${options(row.c.presidingId ?? mine)}</select></label>
        <label>${esc(d.fields.assistants)} <select name="assistant"><option value=""></option>${options(null)}</select></label>`,
        );
      case 'investigate':
      case 'session':
      case 'follow_up':
        return form(a, area(d.fields.record));
      case 'propose':
        return form(a, area(d.fields.terms));
      case 'fail':
        return form(a, area(d.fields.reason));
      case 'inform':
        return form(a);
      case 'party':
        return form(
          a,
          `<p class="muted">${esc(d.partyHint)}</p><label>${esc(d.fields.household)} <select name="household"><option value=""></option>${households
            .map(
              (h) =>
                `<option value="${esc(byId(h.id))}">${esc(t.people.household(householdLabel(roster, h)))}</option>`,
            )
            .join('')}</select></label>
        <label>${esc(d.fields.orOutsider)} ${esc(d.fields.outsider)} <input name="outsider" maxlength="60"></label>`,
        );
    }
  });
  return parts.join('');
}

async function casePage(
  deps: DeskDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  user: DeskUser,
  row: DeskCaseRow,
  said: { text: string; kind: 'ok' | 'error' }[] = [],
  status = 200,
) {
  const c = chrome(req, user, { printable: true });
  const { t } = c;
  const d = dm(req);
  const v = (await caseView(deps.db, row.c.requestRef))!;
  const role = roleOf(user, row.c.villageId, row.c.presidingId, row.c.openedBy, row.c.assistantIds);
  // The roster (to name people with their group and to pick them) only for those of the case's own village.
  const roster =
    user.kind === 'member' && user.village.id === row.c.villageId
      ? await villageRoster(deps.db, row.c.villageId)
      : null;
  const shown = formatRef(v.ref);
  // The photos and voice notes the applicant sent with the dispute: evidence the mediator looks at.
  const files = await requestAttachments(deps.db, v.ref);
  const body = `<p class="no-print"><a href="${DESK_PATH}/cases">← ${esc(d.back)}</a></p>
    <h1 data-case-no="${esc(v.caseNo)}">${esc(d.heading(v.caseNo))}</h1>${said.map((s) => flash(s.text, s.kind)).join('')}
    <p class="summary"><a href="${DESK_PATH}/requests/${v.ref}">${esc(d.request(shown))}</a> · ${esc(t.mediation.disputeType[v.disputeType])} ·
      <b data-field="case-status">${esc(t.mediation.status[v.status])}</b> · ${esc(v.villageName)} · ${esc(t.format.due(v.acceptedAt, v.timezone))}</p>
    <p class="no-print"><a class="button" href="${DESK_PATH}/cases/${v.ref}/file" target="_blank">${esc(d.printFile)}</a>
      <a class="button" href="${DESK_PATH}/cases/${v.ref}/file.pdf">${esc(d.pdf)}</a> <button type="button" class="print">${esc(d.print)}</button></p>
    <section><h2>${esc(d.steps)}</h2>${stepsHtml(d, v)}</section>
    <section><h2>${esc(d.parties)}</h2>${partiesHtml(t, d, v, roster)}
      <p>${esc(d.staff)}：${esc(d.presiding)} ${esc(v.presiding?.name ?? v.openedBy?.name ?? '—')}${v.assistants.length ? ` · ${esc(d.assistants)} ${esc(v.assistants.map((a) => a.name).join('、'))}` : ''}</p></section>
    <section><h2>${esc(d.facts)}</h2><blockquote class="words">${esc(v.facts)}</blockquote>
      ${files.length ? `<h3>${esc(t.desk.request.attachments)}</h3>${attachmentsHtml(req, v.ref, files, '')}` : ''}</section>
    <section><h2>${esc(d.agreement)}</h2>${agreementHtml(t, d, v)}</section>
    <section><h2>${esc(d.record)}</h2>${recordHtml(t, d, v)}</section>
    <section class="no-print"><h2>${esc(d.actions)}</h2><div class="actions">${actionsHtml(t, d, user, row, role, roster)}</div></section>`;
  return sendPage(reply, c, d.heading(v.caseNo), body, status);
}

function notFound(req: FastifyRequest, reply: FastifyReply, user: DeskUser) {
  const t = textsOf(req);
  // The same answer for a case that does not exist and one outside the scope: nothing about it leaks.
  return sendPage(
    reply,
    chrome(req, user),
    t.desk.errors.notFound,
    `<p class="flash error">${esc(t.desk.errors.notFound)}</p><a href="${DESK_PATH}">${esc(t.desk.errors.back)}</a>`,
    404,
  );
}

/** Runs a case step in one transaction through the chat's use case; what it answered the member, and whether the case moved. */
async function runCaseAction(
  deps: DeskDeps,
  user: Extract<DeskUser, { kind: 'member' }>,
  ref: number,
  f: CaseForm,
): Promise<{ said: string[]; moved: boolean }> {
  const said: string[] = [];
  const before = (await caseView(deps.db, ref))?.steps.length ?? 0;
  await deps.db.transaction(async (tx) =>
    mediationMemberCommand(await deskTurn(tx, deps, user, said), commandOf(ref, f)),
  );
  deps.wake();
  const after = (await caseView(deps.db, ref))?.steps.length ?? 0;
  return { said, moved: after > before };
}

/** What the desk says after a step was taken, in its own words, plus who could not be reached by the notice. */
function doneSaid(
  d: DeskMediationTexts,
  action: DeskCaseAction,
  v: CaseView,
): { text: string; kind: 'ok' | 'error' }[] {
  const out = [{ text: d.doneSay[action], kind: 'ok' as const }];
  if (action === 'inform') {
    const last = v.steps.filter((s) => s.type === 'informed').at(-1);
    const told = Array.isArray(last?.details.told) ? (last.details.told as number[]).length : 0;
    const unreachable = Array.isArray(last?.details.unreachable) ? (last.details.unreachable as number[]) : [];
    out.push({ text: d.toldParties(told), kind: 'ok' });
    if (unreachable.length)
      out.push({
        text: d.unreachableSay(v.parties.filter((p) => unreachable.includes(p.id)).map((p) => p.name)),
        kind: 'ok',
      });
  }
  return out;
}

const actionNames = new Set<string>([
  'preside',
  'investigate',
  'inform',
  'session',
  'party',
  'propose',
  'fail',
  'follow_up',
]);

export function mediationRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(`${DESK_PATH}/cases`, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    return listPage(deps, req, reply, user, await casesInScope(deps.db, user.scope));
  });

  const load = async (req: FastifyRequest, reply: FastifyReply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return null;
    const ref = refOf((req.params as { ref: string }).ref);
    const row = ref === null ? null : await caseInScope(deps.db, user.scope, ref);
    if (!row) {
      await notFound(req, reply, user);
      return null;
    }
    return { user, row };
  };

  app.get(`${DESK_PATH}/cases/:ref`, async (req, reply) => {
    const got = await load(req, reply);
    if (!got) return reply;
    const done = (req.query as Record<string, unknown>).done;
    const said =
      typeof done === 'string' && actionNames.has(done)
        ? doneSaid(dm(req), done as DeskCaseAction, (await caseView(deps.db, got.row.c.requestRef))!)
        : [];
    return casePage(deps, req, reply, got.user, got.row, said);
  });

  app.get(`${DESK_PATH}/cases/:ref/file`, async (req, reply) => {
    const got = await load(req, reply);
    if (!got) return reply;
    const v = (await caseView(deps.db, got.row.c.requestRef))!;
    await audit(deps, req, got.user, 'mediation.file', v.caseNo, { format: 'html' });
    // The file as the API prints it, with a print button for the office PC (the desk's script; no inline script).
    const page = renderCaseFile(v, textsOf(req)).replace(
      '</body>',
      `<p class="no-print"><button type="button" class="print">${esc(dm(req).print)}</button></p>
<style>@media print{.no-print{display:none}}</style><script src="${DESK_PATH}/assets/desk.js"></script></body>`,
    );
    return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
  });

  app.get(`${DESK_PATH}/cases/:ref/file.pdf`, async (req, reply) => {
    const got = await load(req, reply);
    if (!got) return reply;
    const v = (await caseView(deps.db, got.row.c.requestRef))!;
    const pdf = await caseFilePdf(v, textsOf(req));
    await audit(deps, req, got.user, 'mediation.file', v.caseNo, { format: 'pdf' });
    const name = `case-${v.ref}.pdf`;
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="${name}"`)
      .type('application/pdf')
      .send(Buffer.from(pdf));
  });

  app.post(`${DESK_PATH}/cases/:ref`, async (req, reply) => {
    const got = await load(req, reply);
    if (!got) return reply;
    const { user, row } = got;
    const d = dm(req);
    if (user.kind === 'admin')
      return casePage(deps, req, reply, user, row, [{ text: d.adminReadOnly, kind: 'error' }], 403);
    // Town and county staff, and members of another village, follow the case; only its own village acts on it.
    if (!roleOf(user, row.c.villageId, row.c.presidingId, row.c.openedBy, row.c.assistantIds)) {
      return casePage(deps, req, reply, user, row, [{ text: readOnlyText(d, user), kind: 'error' }], 403);
    }
    const parsed = caseAction.safeParse(req.body ?? {});
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? 'action';
      return casePage(
        deps,
        req,
        reply,
        user,
        row,
        [{ text: textsOf(req).desk.errors.badInput(`body.${field}`), kind: 'error' }],
        400,
      );
    }
    const r = await runCaseAction(deps, user, row.c.requestRef, parsed.data);
    await audit(deps, req, user, `mediation.${parsed.data.action}`, row.c.caseNo, {
      answer: r.moved ? 'done' : 'refused',
    });
    // Done: back to the page by GET, so reloading it never takes the step twice.
    if (r.moved) return reply.redirect(`${DESK_PATH}/cases/${row.c.requestRef}?done=${parsed.data.action}`, 303);
    const fresh = await caseInScope(deps.db, user.scope, row.c.requestRef);
    return casePage(deps, req, reply, user, fresh ?? row, [{ text: d.refused(r.said.join('\n')), kind: 'error' }], 409);
  });
}
