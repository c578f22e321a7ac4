import multipart from '@fastify/multipart';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { villagesInScope } from '../data/desk-board.repository.js';
import { bindFailures, recordBindFailure } from '../data/people.repository.js';
import { bindVerdict, defaultIdentityPolicy, sourceKey } from '../domain/binding.js';
import { rosterExport } from '../data/export.repository.js';
import type { VillageRow } from '../data/people.repository.js';
import {
  type ReadRoster,
  readRosterWorkbook,
  XLSX_TYPE,
  rosterTemplate,
  type RosterProblem,
} from '../roster/roster.xlsx.js';
import type { ImportOptions } from '../roster/roster.import.js';
import { importRosterXlsx, type XlsxImportResult } from '../roster/roster.xlsx-import.js';
import { cardsOf, renderCardSheet } from '../roster/cards.js';
import type { RosterDiff } from '../domain/roster.diff.js';
import { rosterDeskTexts } from '../texts/roster-desk.js';
import { diffPreview } from './desk.roster-diff.js';
import { audit, chrome, type DeskDeps, langOf, requireUser, sendPage, textsOf } from './desk.context.js';
import { esc, flash, select } from './desk.html.js';
import { auditName, DESK_PATH, type DeskUser, isSecretaryOf } from './desk.session.js';

const LIMIT_MB = 10;
const LIMIT = LIMIT_MB * 1024 * 1024;
/** A checked file waits this long for its import button, then must be uploaded again. */
const PENDING_MS = 30 * 60_000;

/** Only a secretary (their own village) or the admin works on the roster. */
const mayImport = (user: DeskUser) => user.kind === 'admin' || user.member.roles.includes('secretary');

/**
 * Rosters that passed the check, kept in memory as they were read until imported: the import button
 * carries only a token, and the import never reads the file again. One slot per person and village, so
 * a check elsewhere (another village's secretary, many times over) never pushes this one out; a new
 * check of the same village by the same person replaces theirs. Bound to the session that checked it;
 * lost on restart (the page says upload again).
 */
class PendingChecks {
  private readonly slots = new Map<string, { token: string; sessionId: number; read: ReadRoster; until: number }>();
  put(user: DeskUser, read: ReadRoster, now: number): string {
    for (const [k, v] of this.slots) if (v.until < now) this.slots.delete(k);
    const code = (read.roster?.village as { code?: unknown } | undefined)?.code;
    const who = user.kind === 'member' ? `member:${user.member.id}` : `admin:${user.sessionId}`;
    const token = randomBytes(18).toString('base64url');
    this.slots.set(`${who}\0${String(code)}`, { token, sessionId: user.sessionId, read, until: now + PENDING_MS });
    return token;
  }
  take(sessionId: number, token: unknown, now: number): ReadRoster | null {
    if (typeof token !== 'string') return null;
    for (const [k, v] of this.slots) {
      if (v.token !== token) continue;
      if (v.sessionId !== sessionId || v.until < now) return null;
      this.slots.delete(k);
      return v.read;
    }
    return null;
  }
}

function problemsTable(t: ReturnType<typeof textsOf>, problems: RosterProblem[]): string {
  const c = t.desk.roster.columns;
  return `<p class="flash error" role="status">${esc(t.desk.roster.problemsHeading(problems.length))}</p>
    <table class="board problems" id="problems"><thead><tr><th>${esc(c.sheet)}</th><th>${esc(c.row)}</th><th>${esc(c.column)}</th><th>${esc(c.problem)}</th></tr></thead>
    <tbody>${problems
      .map(
        (
          p,
        ) => `<tr><td data-label="${esc(c.sheet)}">${esc(p.sheet)}</td><td data-label="${esc(c.row)}">${p.row || ''}</td>
    <td data-label="${esc(c.column)}">${esc(p.column)}</td><td data-label="${esc(c.problem)}">${esc(p.problem)}</td></tr>`,
      )
      .join('')}</tbody></table>
    <p class="muted">${esc(t.desk.roster.nothingWritten)}</p>`;
}

function page(
  req: FastifyRequest,
  villages: VillageRow[],
  chosen: VillageRow | undefined,
  result: string,
  groups: { code: string; name: string }[] = [],
): string {
  const t = textsOf(req);
  const r = t.desk.roster;
  const pick =
    villages.length > 1
      ? `<form method="get" action="${DESK_PATH}/roster" class="filters">${select(
          'village',
          villages.map((v) => [v.code, v.name]),
          chosen?.code,
          t.desk.board.village,
        )}<button type="submit">${esc(t.desk.board.apply)}</button></form>`
      : '';
  return `<h1>${esc(r.heading)}${chosen ? ` · ${esc(chosen.name)}` : ''}</h1>${result}
    <p>${esc(r.intro)}</p>${pick}
    ${
      chosen
        ? `<p><a id="template" href="${DESK_PATH}/roster/template.xlsx?village=${encodeURIComponent(chosen.code)}" download>${esc(r.template)}</a></p>
    <p class="cards">${[
      `<a href="${DESK_PATH}/roster/cards?village=${encodeURIComponent(chosen.code)}" target="_blank">${esc(r.cards)}</a>`,
      ...groups.map(
        (g) =>
          `<a href="${DESK_PATH}/roster/cards?village=${encodeURIComponent(chosen.code)}&amp;group=${encodeURIComponent(g.code)}" target="_blank">${esc(r.cardsOfGroup(g.name))}</a>`,
      ),
    ].join(' · ')}</p>`
        : ''
    }
    <h2>${esc(r.uploadHeading)}</h2>
    <form method="post" action="${DESK_PATH}/roster/check" enctype="multipart/form-data" class="stack">
    <label>${esc(r.file)} <input type="file" name="file" accept=".xlsx,${XLSX_TYPE}" required></label>
    <span class="muted">${esc(r.sizeHint(LIMIT_MB))}</span><button type="submit">${esc(r.check)}</button></form>`;
}

/** The groups of the village, in roster order, from its cards (the ~open311 placeholder group is not one). */
function groupsOf(cards: { group: { code: string; name: string } | null }[]): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const c of cards)
    if (c.group && !c.group.code.startsWith('~') && !seen.has(c.group.code)) seen.set(c.group.code, c.group.name);
  return [...seen].map(([code, name]) => ({ code, name }));
}

/** The roster page's user, villages and chosen village, or a polite refusal for everyone else. */
async function context(deps: DeskDeps, req: FastifyRequest, reply: FastifyReply, code?: unknown) {
  const user = await requireUser(deps, req, reply);
  if (!user) return null;
  const t = textsOf(req);
  if (!mayImport(user)) {
    void sendPage(
      reply,
      chrome(req, user),
      t.desk.roster.heading,
      `<p class="flash error">${esc(t.desk.roster.notAllowed)}</p><a href="${DESK_PATH}">${esc(t.desk.errors.back)}</a>`,
      403,
    );
    return null;
  }
  const villages = (await villagesInScope(deps.db, user.scope)).filter((v) => isSecretaryOf(user, v.id));
  const chosen =
    typeof code === 'string' && code
      ? villages.find((v) => v.code === code)
      : user.kind === 'member'
        ? villages.find((v) => v.id === user.village.id)
        : villages[0];
  if (typeof code === 'string' && code && !chosen) {
    void sendPage(
      reply,
      chrome(req, user),
      t.desk.errors.notFound,
      `<p class="flash error">${esc(t.desk.errors.notFound)}</p>`,
      404,
    );
    return null;
  }
  return { user, villages, chosen, t };
}

/** Whose import this is: the scope bounds what the file may change, the actor is audited and named to those concerned. */
export function importerOf(user: DeskUser, req: FastifyRequest): Pick<ImportOptions, 'scope' | 'actor'> {
  return {
    scope: user.scope,
    actor: {
      audit: auditName(user),
      label: user.kind === 'member' ? user.member.name : null,
      sessionId: user.sessionId,
      memberId: user.kind === 'member' ? user.member.id : null,
      ip: req.ip,
    },
  };
}

/**
 * A card code another village holds is answered "cannot be used", and each such row counts as a wrong binding
 * code of this member and their address: a roster check is no better an oracle of codes than the chat. Past
 * the allowance the rows are not shown and checks wait. The admin (who sees every village) is not counted.
 */
async function checkCodes(
  deps: DeskDeps,
  user: DeskUser,
  req: FastifyRequest,
  run: () => Promise<XlsxImportResult>,
): Promise<{ result: XlsxImportResult } | { pausedUntil: Date }> {
  if (user.kind === 'admin') return { result: await run() };
  const policy = defaultIdentityPolicy;
  const who = { platform: 'desk' as const, userId: `member:${user.member.id}`, source: sourceKey(req.ip) };
  const now = deps.clock.now();
  const before = bindVerdict(await bindFailures(deps.db, who, now, policy), true, now, policy);
  if (!before.allowed) return { pausedUntil: before.retryAt };
  const result = await run();
  const unusable = result.unusableCodes ?? 0;
  if (unusable === 0) return { result };
  for (let i = 0; i < Math.min(unusable, before.left); i++) await recordBindFailure(deps.db, who, now);
  if (unusable <= before.left) return { result };
  const after = bindVerdict(await bindFailures(deps.db, who, now, policy), true, now, policy);
  return { pausedUntil: after.allowed ? new Date(now.getTime() + policy.accountWindowMs) : after.retryAt };
}

export function rosterRoutes(app: FastifyInstance, deps: DeskDeps): void {
  const pending = new PendingChecks();
  const importOpts = { clock: deps.clock, sla: deps.sla };
  const pausedPage = (req: FastifyRequest, user: DeskUser, until: Date) =>
    flash(
      textsOf(req).desk.roster.checksPaused(
        textsOf(req).format.clock(until, user.kind === 'member' ? user.village.timezone : 'Asia/Shanghai'),
      ),
      'error',
    );

  app.get(`${DESK_PATH}/roster`, async (req, reply) => {
    const c = await context(deps, req, reply, (req.query as Record<string, unknown>).village);
    if (!c) return reply;
    const groups = c.chosen ? groupsOf((await cardsOf(deps.db, c.chosen.code)).cards) : [];
    return sendPage(reply, chrome(req, c.user), c.t.desk.roster.heading, page(req, c.villages, c.chosen, '', groups));
  });

  // The printable cards (with their QR codes) of the village or one group: the codes are the secretary's to hand out.
  app.get(`${DESK_PATH}/roster/cards`, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const c = await context(deps, req, reply, q.village);
    if (!c) return reply;
    if (!c.chosen)
      return sendPage(
        reply,
        chrome(req, c.user),
        c.t.desk.errors.notFound,
        `<p class="flash error">${esc(c.t.desk.errors.notFound)}</p>`,
        404,
      );
    const list = await cardsOf(deps.db, c.chosen.code);
    const group = typeof q.group === 'string' && q.group ? q.group : null;
    if (group && !list.cards.some((x) => x.group?.code === group)) {
      return sendPage(
        reply,
        chrome(req, c.user),
        c.t.desk.errors.notFound,
        `<p class="flash error">${esc(c.t.desk.errors.notFound)}</p>`,
        404,
      );
    }
    // A group's sheet: its households; the members' cards come with the whole village's.
    const cards = group ? list.cards.filter((x) => x.kind === 'household' && x.group?.code === group) : list.cards;
    await audit(deps, req, c.user, 'roster.cards', group ? `${c.chosen.code}/${group}` : c.chosen.code);
    const html = await renderCardSheet({ ...list, cards }, { language: langOf(req) });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });

  app.get(`${DESK_PATH}/roster/template.xlsx`, async (req, reply) => {
    const c = await context(deps, req, reply, (req.query as Record<string, unknown>).village);
    if (!c) return reply;
    if (!c.chosen)
      return sendPage(
        reply,
        chrome(req, c.user),
        c.t.desk.errors.notFound,
        `<p class="flash error">${esc(c.t.desk.errors.notFound)}</p>`,
        404,
      );
    const body = await rosterTemplate(langOf(req), await rosterExport(deps.db, c.chosen));
    await audit(deps, req, c.user, 'roster.template', c.chosen.code);
    const name = `${c.chosen.name}-花名册.xlsx`;
    return reply
      .type(XLSX_TYPE)
      .header('cache-control', 'no-store')
      .header(
        'content-disposition',
        `attachment; filename="${c.chosen.code.replace(/[^\w.-]/g, '_')}-roster.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .send(body);
  });

  // A nested scope so the multipart parser serves these two routes only; the desk's Origin check still applies.
  void app.register(async (upload) => {
    await upload.register(multipart, { limits: { fileSize: LIMIT, files: 1, fields: 4, parts: 5 } });

    upload.post(`${DESK_PATH}/roster/check`, async (req, reply) => {
      const c = await context(deps, req, reply);
      if (!c) return reply;
      const r = c.t.desk.roster;
      const show = (status: number, result: string) =>
        sendPage(reply, chrome(req, c.user), r.heading, page(req, c.villages, c.chosen, result), status);
      let bytes: Buffer | null;
      try {
        const part = req.isMultipart() ? await req.file() : undefined;
        bytes = part ? await part.toBuffer() : null;
        // The limit may cut the stream short before its error arrives: a cut file is too large, never read.
        if (part?.file.truncated) return show(413, flash(r.tooLarge(LIMIT_MB), 'error'));
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          return show(413, flash(r.tooLarge(LIMIT_MB), 'error'));
        return show(400, flash(r.noFile, 'error'));
      }
      if (!bytes || bytes.length === 0) return show(400, flash(r.noFile, 'error'));
      // Read once: the village check, the dry run and (kept) the import all use this reading.
      const read = await readRosterWorkbook(bytes, langOf(req));
      const refusal = otherVillage(c.user, c.villages, read);
      if (refusal) {
        await audit(deps, req, c.user, 'roster.check', refusal, { refused: 'other village', bytes: bytes.length });
        return show(403, flash(r.otherVillage(refusal), 'error'));
      }
      let diff: RosterDiff | null = null;
      const checked = await checkCodes(deps, c.user, req, () =>
        importRosterXlsx(deps.db, read, {
          ...importOpts,
          ...importerOf(c.user, req),
          dryRun: true,
          language: langOf(req),
          onDiff: (d) => {
            diff = d;
          },
        }),
      );
      if ('pausedUntil' in checked) {
        await audit(deps, req, c.user, 'roster.check', null, { refused: 'unusable codes', bytes: bytes.length });
        return show(429, pausedPage(req, c.user, checked.pausedUntil));
      }
      const { result } = checked;
      await audit(deps, req, c.user, 'roster.check', result.summary?.village ?? null, {
        valid: result.valid,
        problems: result.problems.length,
        bytes: bytes.length,
      });
      if (!result.valid || !result.summary) {
        const unreadable = result.problems.length === 1 && result.problems[0]!.row === 0 && !result.problems[0]!.sheet;
        return show(422, unreadable ? flash(r.notXlsx, 'error') : problemsTable(c.t, result.problems));
      }
      const token = pending.put(c.user, read, deps.clock.now().getTime());
      return show(
        200,
        `${flash(`${r.valid}\n${r.wouldImport(result.summary)}`)}
        ${diff ? diffPreview(c.t, rosterDeskTexts(langOf(req)), diff) : ''}
        <form method="post" action="${DESK_PATH}/roster/import" class="inline"><input type="hidden" name="token" value="${esc(token)}">
        <button type="submit" id="import">${esc(r.importButton)}</button></form><p class="muted">${esc(r.nothingWritten)}</p>`,
      );
    });
  });

  app.post(`${DESK_PATH}/roster/import`, async (req, reply) => {
    const c = await context(deps, req, reply);
    if (!c) return reply;
    const r = c.t.desk.roster;
    const show = (status: number, result: string) =>
      sendPage(reply, chrome(req, c.user), r.heading, page(req, c.villages, c.chosen, result), status);
    const read = pending.take(
      c.user.sessionId,
      (req.body as Record<string, unknown> | undefined)?.token,
      deps.clock.now().getTime(),
    );
    if (!read) return show(410, flash(r.expired, 'error'));
    // Checked again as it is imported (the roster may have changed since the check): the import is one
    // transaction that writes nothing when any problem is found, so the kept reading is enough.
    const refusal = otherVillage(c.user, c.villages, read);
    if (refusal) return show(403, flash(r.otherVillage(refusal), 'error'));
    const checked = await checkCodes(deps, c.user, req, () =>
      importRosterXlsx(deps.db, read, {
        ...importOpts,
        ...importerOf(c.user, req),
        dryRun: true,
        language: langOf(req),
      }),
    );
    if ('pausedUntil' in checked) return show(429, pausedPage(req, c.user, checked.pausedUntil));
    if (!checked.result.valid) return show(422, problemsTable(c.t, checked.result.problems));
    const result = await importRosterXlsx(deps.db, read, {
      ...importOpts,
      ...importerOf(c.user, req),
      dryRun: false,
      language: langOf(req),
    });
    if (!result.valid || !result.summary) return show(422, problemsTable(c.t, result.problems));
    deps.wake();
    const { village, ...counts } = result.summary; // the diff was audited row by row by the import itself
    await audit(deps, req, c.user, 'roster.import', village, counts);
    return show(200, `<div id="imported">${flash(r.imported(result.summary))}</div>`);
  });
}

/**
 * The village a member's file names when it is not theirs (the admin may import any), read before any
 * dry run: a secretary can neither create a village nor learn what another village's roster holds.
 */
function otherVillage(user: DeskUser, mine: VillageRow[], read: ReadRoster): string | null {
  if (user.kind === 'admin') return null;
  const village = read.roster?.village as { code?: unknown } | undefined;
  const code = typeof village?.code === 'string' ? village.code : null;
  return code === null || mine.some((v) => v.code === code) ? null : code;
}
