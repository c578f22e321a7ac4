import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type DeliberationRow,
  deliberationById,
  evaluationCounts,
  stagesOf,
  standingVotes,
  villageDeliberations,
  villageTallyRule,
} from '../data/deliberation.repository.js';
import { memberNames, villageRoster, type VillageRow } from '../data/people.repository.js';
import { findRequest } from '../data/requests.repository.js';
import { createDeliberation, moveDeliberation, recordInPerson } from '../deliberation/deliberation.usecase.js';
import { currentTally, electorateOf } from '../deliberation/deliberation.views.js';
import { inviteComments, matterComments } from '../deliberation/comments.usecase.js';
import { renderPdf } from '../documents/pdf.js';
import { formatDeliberation } from '../domain/deliberation.commands.js';
import {
  acceptsComments,
  allowedMoves,
  type DeliberationMove,
  deliberationMoves,
} from '../domain/deliberation.machine.js';
import { ruleOf } from '../domain/deliberation.rules.js';
import { AppError } from '../domain/errors.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { formatRef } from '../domain/reference.js';
import type { Texts } from '../texts/index.js';
import type { DeskVillageTexts } from '../texts/desk-village.js';
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

const DAY = 86_400_000;
const VOTES = `${DESK_PATH}/votes`;
/** How often an open tally page is brought up to date. */
const TALLY_EVERY_MS = 1000;
/** Open tally streams in all: each costs a read a second. */
const MAX_TALLY_STREAMS = 50;
let tallyStreams = 0;

/** A household as a person recognises it: its group, its address and its head, never its code. */
const householdLabel = (groupName: string | undefined, address: string | null, head: string) =>
  [groupName, address, head].filter(Boolean).join(' · ');

async function tallyHtml(deps: DeskDeps, v: DeskVillageTexts, d: DeliberationRow): Promise<string> {
  const counted = await currentTally(deps.db, d);
  const rule = ruleOf(await villageTallyRule(deps.db, d.villageId), d.quorum);
  // At least this many households (the rule's share is inclusive), as the tally itself counts it.
  const need = Math.ceil(rule.turnout * counted.electorate - 1e-4);
  const max = Math.max(1, ...counted.counts);
  const decided =
    counted.result !== null ||
    (d.status !== 'voting' &&
      d.status !== 'proposed' &&
      d.status !== 'consulted' &&
      d.status !== 'reviewed' &&
      d.status !== 'dropped');
  return `<p id="turnout" data-voted="${counted.voted}">${esc(v.votes.turnout(counted.voted, counted.electorate, need, counted.quorumMet))}${counted.inPerson ? ` · ${esc(v.votes.inPersonCount(counted.inPerson))}` : ''}</p>
    <table class="board tally"><tbody>${d.options
      .map(
        (o, i) => `<tr data-option="${i + 1}"><th>${esc(o)}</th><td class="n">${counted.counts[i] ?? 0}</td>
      <td><span class="bar" style="display:inline-block;height:.8em;background:#2f6fb0;width:${Math.round(((counted.counts[i] ?? 0) / max) * 200)}px"></span></td></tr>`,
      )
      .join('')}</tbody></table>
    <p id="verdict"><b>${esc(decided ? v.votes.result(d.result ?? null) : v.votes.projected(counted.projected))}</b></p>`;
}

function listPage(
  req: FastifyRequest,
  user: DeskUser,
  villages: VillageRow[],
  village: VillageRow,
  rows: { d: DeliberationRow; voted: number; electorate: number }[],
  form: Record<string, string>,
  message = '',
): string {
  const t = textsOf(req);
  const v = villageTextsOf(req).votes;
  const c = v.columns;
  const table = rows.length
    ? `<table class="board" id="votes"><thead><tr><th>${esc(c.ref)}</th><th>${esc(c.title)}</th><th>${esc(c.status)}</th><th>${esc(c.turnout)}</th><th>${esc(c.closes)}</th></tr></thead>
    <tbody>${rows
      .map(
        ({
          d,
          voted,
          electorate,
        }) => `<tr data-id="${d.id}"><td data-label="${esc(c.ref)}"><a href="${VOTES}/${d.id}">${esc(formatDeliberation(d.id))}</a></td>
      <td data-label="${esc(c.title)}"><a href="${VOTES}/${d.id}">${esc(d.title)}</a></td><td data-label="${esc(c.status)}">${esc(t.deliberation.status[d.status])}</td>
      <td data-label="${esc(c.turnout)}">${d.openedAt ? `${voted} / ${electorate}` : '—'}</td><td data-label="${esc(c.closes)}">${d.openedAt ? esc(t.format.due(d.closesAt, village.timezone)) : '—'}</td></tr>`,
      )
      .join('')}</tbody></table>`
    : `<p>${esc(v.none)}</p>`;
  const create = mayDecide(user, village)
    ? `<section class="no-print"><h2>${esc(v.newHeading)}</h2>
    <form method="post" action="${VOTES}" class="stack" id="new-vote"><input type="hidden" name="village" value="${esc(village.code)}">
    <label>${esc(v.title)} <input name="title" required maxlength="100" value="${esc(form.title)}"></label>
    <label>${esc(v.text)} <textarea name="text" required maxlength="4000">${esc(form.text)}</textarea></label>
    <label>${esc(v.options)} <textarea name="options" rows="3" placeholder="${esc(v.optionsHint)}">${esc(form.options)}</textarea></label>
    <label>${esc(v.days)} <input name="days" type="number" min="1" max="60" value="${esc(form.days || '3')}"></label>
    <label>${esc(v.fromRequest)} <input name="fromRequest" maxlength="12" value="${esc(form.fromRequest)}" placeholder="${esc(v.fromRequestHint)}"></label>
    <button type="submit">${esc(v.create)}</button></form></section>`
    : `<p class="muted">${esc(villageTextsOf(req).votes.readOnly)}</p>`;
  return `<h1>${esc(v.heading)} · ${esc(village.name)}</h1>${message}${villagePicker(req, villages, village, VOTES)}${table}${create}`;
}

async function showList(
  deps: DeskDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  found: { user: DeskUser; villages: VillageRow[]; village: VillageRow },
  form: Record<string, string> = {},
  message = '',
  status = 200,
) {
  const rows = await Promise.all(
    (await villageDeliberations(deps.db, found.village.id, 50)).map(async (d) => {
      const counted = await currentTally(deps.db, d);
      return { d, voted: counted.voted, electorate: counted.electorate };
    }),
  );
  return sendPage(
    reply,
    chrome(req, found.user),
    villageTextsOf(req).votes.heading,
    listPage(req, found.user, found.villages, found.village, rows, form, message),
    status,
  );
}

/** What a refused move or vote says on the page, in the desk's words. */
function refusal(t: Texts, v: DeskVillageTexts, d: DeliberationRow, e: unknown): string {
  if (!(e instanceof AppError)) throw e;
  const ref = formatDeliberation(d.id);
  if (e.code === 'deliberation.illegal_transition') {
    const allowed = ((e.details as { allowed?: DeliberationMove[] } | undefined)?.allowed ?? []).map(
      (m) => v.votes.move[m],
    );
    return t.deliberation.illegal(ref, t.deliberation.status[d.status], allowed);
  }
  if (e.code === 'household.not_found') return t.deliberation.unknownHousehold('');
  const fields = (e.details as { fields?: { field: string; message: string }[] } | undefined)?.fields;
  if (e.code === 'validation.failed' && fields?.length) return fields.map((f) => `${f.field}: ${f.message}`).join('；');
  throw e;
}

async function showVote(
  deps: DeskDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  user: DeskUser,
  d: DeliberationRow,
  village: VillageRow,
  message = '',
  status = 200,
) {
  const t = textsOf(req);
  const vt = villageTextsOf(req);
  const v = vt.votes;
  const ref = formatDeliberation(d.id);
  const roster = await villageRoster(deps.db, village.id);
  const groupName = new Map(roster.groups.map((g) => [g.id, g.name]));
  const stages = await stagesOf(deps.db, d.id);
  const names = await memberNames(deps.db, [
    ...new Set(stages.flatMap((s) => (s.actorKind === 'member' && s.actorId !== null ? [s.actorId] : []))),
  ]);
  const ct = t.deliberationComments;
  const moveName = (m: string) =>
    m in v.move
      ? v.move[m as DeliberationMove]
      : m === 'propose'
        ? v.newHeading
        : m === 'in_person_vote'
          ? v.inPersonHeading
          : m === 'invite_comments'
            ? ct.deskInvite
            : m;
  const stageItems = stages.map((s) => {
    const who =
      s.actorKind === 'member' && s.actorId !== null
        ? (names.get(s.actorId) ?? '')
        : s.actorKind === 'system'
          ? ''
          : t.desk.whoAdmin;
    return `<li data-move="${esc(s.move)}">${esc(v.stageLine(moveName(s.move), t.format.due(s.at, village.timezone), who))}${s.notes ? `<div class="note">${esc(maskPersonalNumbers(s.notes))}</div>` : ''}</li>`;
  });
  const decide = mayDecide(user, village);
  const moves = decide ? allowedMoves(d.status, d.result ?? null) : [];
  const moveForms = moves
    .map(
      (m) => `<form method="post" action="${VOTES}/${d.id}/move" class="action" data-move="${m}">
    <input type="hidden" name="move" value="${m}">${v.moveHint[m] ? `<p class="muted">${esc(v.moveHint[m]!)}</p>` : ''}
    ${m === 'open' ? `<label>${esc(v.days)} <input name="days" type="number" min="1" max="60" value="3"></label>` : ''}
    ${m === 'close' || m === 'evaluate' ? '' : `<label>${esc(v.notes)} <textarea name="notes" maxlength="4000"${m === 'progress' ? ' required' : ''}></textarea></label>`}
    <button type="submit">${esc(v.move[m])}</button></form>`,
    )
    .join('');
  let inPerson = '';
  if (d.status === 'voting' && decide) {
    const electorate = new Set(await electorateOf(deps.db, d));
    const voted = new Map((await standingVotes(deps.db, d.id)).map((s) => [s.householdId, s]));
    const options = roster.households
      .filter((h) => electorate.has(h.id))
      .map((h) => {
        const label = householdLabel(groupName.get(h.groupId), h.address, h.head);
        const already = voted.get(h.id);
        return `<option value="${esc(h.code)}">${esc(label)}${already ? ` ✓ ${esc(d.options[already.option] ?? '')}` : ''}</option>`;
      });
    inPerson = `<section class="no-print"><h2>${esc(v.inPersonHeading)}</h2><form method="post" action="${VOTES}/${d.id}/in-person" class="action" id="in-person">
      <label>${esc(v.search)} <input type="search" data-filter="household" autocomplete="off"></label>
      <label>${esc(v.household)} <select name="household" required size="6">${options.join('')}</select></label>
      <label>${esc(v.option)} <select name="option">${d.options.map((o, i) => `<option value="${i + 1}">${esc(o)}</option>`).join('')}</select></label>
      <button type="submit">${esc(v.record)}</button></form></section>`;
  }
  const evaluation =
    d.status === 'evaluated' || d.status === 'implementing' ? await evaluationCounts(deps.db, d.id) : {};
  const evalHtml = Object.keys(evaluation).length
    ? `<section><h2>${esc(v.evaluation)}</h2><p>${(['satisfied', 'basic', 'unsatisfied'] as const).map((r) => `${esc(v.rating[r])} ${evaluation[r] ?? 0}`).join(' · ')}</p></section>`
    : '';
  const showTally = d.openedAt !== null;
  // Each household by group and address, as the secretary knows it, with what it said and when.
  const comments = await matterComments(deps.db, d);
  const commentItems = comments.map(
    ({
      comment,
      household: h,
    }) => `<li data-household="${esc(h.code)}"><b>${esc(householdLabel(h.groupName ?? undefined, h.address, h.head))}</b>
    <span class="muted">${esc(t.format.due(comment.at, village.timezone))}</span><div class="note">${esc(maskPersonalNumbers(comment.text))}</div></li>`,
  );
  const invite =
    decide && acceptsComments(d.status)
      ? `<form method="post" action="${VOTES}/${d.id}/comments" class="action no-print" id="invite-comments">
    <p class="muted">${esc(ct.deskInviteHint)}</p><label>${esc(v.notes)} <textarea name="notes" maxlength="4000"></textarea></label>
    <button type="submit">${esc(ct.deskInvite)}</button></form>`
      : '';
  const commentsHtml =
    comments.length || invite || stages.some((s) => s.move === 'invite_comments')
      ? `<section id="comments"><h2>${esc(ct.deskHeading)}</h2>${comments.length ? `<ul class="timeline">${commentItems.join('')}</ul>` : `<p class="muted">${esc(ct.deskNone)}</p>`}${invite}</section>`
      : '';
  const body = `<p class="no-print"><a href="${VOTES}?village=${encodeURIComponent(village.code)}">← ${esc(v.heading)}</a></p>
    <h1>${esc(ref)}「${esc(d.title)}」</h1>${message}
    <p class="summary"><b data-field="status">${esc(t.deliberation.status[d.status])}</b> · ${esc(village.name)}${d.sourceRef ? ` · <a href="${DESK_PATH}/requests/${d.sourceRef}">${esc(v.fromProposal(formatRef(d.sourceRef)))}</a>` : ''}</p>
    <blockquote class="words">${esc(maskPersonalNumbers(d.text))}</blockquote>
    ${
      showTally
        ? `<section><h2>${esc(v.tally)} <span id="live" class="muted" hidden>● ${esc(v.live)}</span></h2>
      <div id="tally" data-events="${VOTES}/${d.id}/events">${await tallyHtml(deps, vt, d)}</div></section>`
        : ''
    }
    ${d.status === 'published' || d.status === 'implementing' || d.status === 'evaluated' ? `<p class="no-print"><a id="print" href="${VOTES}/${d.id}/print" target="_blank">${esc(v.print)}</a></p>` : ''}
    ${inPerson}${evalHtml}${commentsHtml}
    <section><h2>${esc(v.stages)}</h2><ol class="timeline">${stageItems.join('')}</ol></section>
    ${decide ? `<section class="no-print"><div class="actions">${moveForms}</div></section>` : `<p class="muted">${esc(v.readOnly)}</p>`}
    <script src="${DESK_PATH}/assets/desk-village.js"></script>`;
  return sendPage(reply, chrome(req, user), `${ref} ${d.title}`, body, status);
}

/** The vote behind `:id` when the session sees its village; otherwise the 404 is already sent. */
async function voteOf(deps: DeskDeps, req: FastifyRequest, reply: FastifyReply) {
  const user = await requireUser(deps, req, reply);
  if (!user) return null;
  const id = refOf((req.params as { id: string }).id);
  const d = id === null ? null : await deliberationById(deps.db, id);
  const village = d ? await villageSeen(deps, user, d.villageId) : null;
  if (!d || !village) {
    notFoundPage(req, reply, user);
    return null;
  }
  return { user, d, village };
}

/** The matter, when this user may act on it (its village's secretary or the admin); else the 404 or 403 page is sent. */
async function voteToDecide(deps: DeskDeps, req: FastifyRequest, reply: FastifyReply) {
  const found = await voteOf(deps, req, reply);
  if (!found) return null;
  if (!mayDecide(found.user, found.village)) {
    forbiddenPage(req, reply, found.user, `${VOTES}/${found.d.id}`);
    return null;
  }
  return found;
}

export function voteRoutes(app: FastifyInstance, deps: DeskDeps): void {
  const open = new Set<FastifyReply>();
  app.addHook('preClose', async () => {
    for (const r of open) r.raw.end();
  });
  app.get(VOTES, async (req, reply) => {
    const found = await chosenVillage(deps, req, reply);
    if (!found) return reply;
    return showList(deps, req, reply, found);
  });

  app.post(VOTES, async (req, reply) => {
    const found = await chosenVillage(deps, req, reply);
    if (!found) return reply;
    const { user, village } = found;
    if (!mayDecide(user, village)) return forbiddenPage(req, reply, user, VOTES);
    const v = villageTextsOf(req);
    const form = Object.fromEntries(
      ['title', 'text', 'options', 'days', 'fromRequest'].map((k) => [k, field(req.body, k)]),
    );
    const bad = (text: string) => showList(deps, req, reply, found, form, flash(text, 'error'), 400);
    if (!form.title || form.title.length > 100) return bad(v.errors.field(v.votes.title));
    if (!form.text || form.text.length > 4000) return bad(v.errors.field(v.votes.text));
    const options = (form.options ?? '')
      .split(/\r?\n/)
      .map((o) => o.trim())
      .filter(Boolean);
    if (
      options.length === 1 ||
      options.length > 9 ||
      new Set(options).size !== options.length ||
      options.some((o) => o.length > 20)
    )
      return bad(v.errors.field(v.votes.options));
    const days = form.days ? Number(form.days) : 3;
    if (!Number.isInteger(days) || days < 1 || days > 60) return bad(v.errors.field(v.votes.days));
    let sourceRef: number | null = null;
    if (form.fromRequest) {
      sourceRef = refOf(form.fromRequest);
      const r = sourceRef === null ? null : await findRequest(deps.db, sourceRef);
      if (!r || r.villageId !== village.id) return bad(v.errors.requestNotFound(form.fromRequest));
      if (r.kind !== 'proposal' && r.kind !== 'say_things') return bad(v.errors.requestWrongKind(formatRef(r.ref)));
    }
    const d = await asMover(deps, user, (ctx) =>
      createDeliberation(ctx, village, {
        title: form.title!,
        text: form.text!,
        ...(options.length ? { options } : {}),
        electorate: 'households',
        closesAt: new Date(ctx.now.getTime() + days * DAY),
        sourceRef,
      }),
    );
    await audit(
      deps,
      req,
      user,
      'deliberation.propose',
      formatDeliberation(d.id),
      sourceRef ? { fromRequest: sourceRef } : undefined,
    );
    return reply.redirect(`${VOTES}/${d.id}?done=created`, 303);
  });

  app.get(`${VOTES}/:id`, async (req, reply) => {
    const found = await voteOf(deps, req, reply);
    if (!found) return reply;
    const done = (req.query as Record<string, unknown>).done;
    const v = villageTextsOf(req).votes;
    const t = textsOf(req);
    const q = req.query as Record<string, unknown>;
    let recorded = '';
    if (done === 'in-person' && typeof q.household === 'string') {
      const roster = await villageRoster(deps.db, found.village.id);
      const h = roster.households.find((x) => x.code === q.household);
      const option = found.d.options[Number(q.option) - 1];
      if (h && option)
        recorded = flash(
          v.recorded(householdLabel(roster.groups.find((g) => g.id === h.groupId)?.name, h.address, h.head), option),
        );
    }
    const message =
      recorded || done === 'created'
        ? recorded || flash(v.created(formatDeliberation(found.d.id)))
        : done === 'invited'
          ? flash(
              t.deliberationComments.deskInvited(
                formatDeliberation(found.d.id),
                Number(q.households) || 0,
                Number(q.accounts) || 0,
              ),
            )
          : done === 'moved'
            ? flash(
                v.moved(
                  formatDeliberation(found.d.id),
                  t.deliberation.status[found.d.status],
                  Number((req.query as Record<string, unknown>).accounts) || 0,
                  Number((req.query as Record<string, unknown>).rooms) || 0,
                ),
              )
            : '';
    return showVote(deps, req, reply, found.user, found.d, found.village, message);
  });

  app.post(`${VOTES}/:id/move`, async (req, reply) => {
    const found = await voteToDecide(deps, req, reply);
    if (!found) return reply;
    const { user, d, village } = found;
    const t = textsOf(req);
    const v = villageTextsOf(req);
    const move = field(req.body, 'move') as DeliberationMove;
    if (!deliberationMoves.includes(move))
      return showVote(
        deps,
        req,
        reply,
        user,
        d,
        village,
        flash(textsOf(req).desk.errors.badInput('body.move'), 'error'),
        400,
      );
    const notes = field(req.body, 'notes');
    if (notes.length > 4000 || (move === 'progress' && !notes))
      return showVote(deps, req, reply, user, d, village, flash(v.errors.field(v.votes.notes), 'error'), 400);
    const days = field(req.body, 'days');
    if (move === 'open' && days && !(Number.isInteger(Number(days)) && Number(days) >= 1 && Number(days) <= 60)) {
      return showVote(deps, req, reply, user, d, village, flash(v.errors.field(v.votes.days), 'error'), 400);
    }
    try {
      const out = await asMover(deps, user, (ctx) =>
        moveDeliberation(ctx, d.id, move, {
          notes: notes || null,
          ...(move === 'open' && days ? { closesAt: new Date(ctx.now.getTime() + Number(days) * DAY) } : {}),
        }),
      );
      await audit(deps, req, user, `deliberation.${move}`, formatDeliberation(d.id), {
        accounts: out.accounts,
        rooms: out.rooms,
      });
      return reply.redirect(`${VOTES}/${d.id}?done=moved&accounts=${out.accounts}&rooms=${out.rooms}`, 303);
    } catch (e) {
      const fresh = (await deliberationById(deps.db, d.id)) ?? d;
      return showVote(deps, req, reply, user, fresh, village, flash(refusal(t, v, fresh, e), 'error'), 409);
    }
  });

  app.post(`${VOTES}/:id/comments`, async (req, reply) => {
    const found = await voteToDecide(deps, req, reply);
    if (!found) return reply;
    const { user, d, village } = found;
    const t = textsOf(req);
    const v = villageTextsOf(req);
    const notes = field(req.body, 'notes');
    if (notes.length > 4000)
      return showVote(deps, req, reply, user, d, village, flash(v.errors.field(v.votes.notes), 'error'), 400);
    try {
      const out = await asMover(deps, user, (ctx) => inviteComments(ctx, d.id, notes));
      await audit(deps, req, user, 'deliberation.invite_comments', formatDeliberation(d.id), {
        accounts: out.accounts,
        households: out.households,
      });
      return reply.redirect(`${VOTES}/${d.id}?done=invited&accounts=${out.accounts}&households=${out.households}`, 303);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'deliberation.illegal_transition') throw e;
      const fresh = (await deliberationById(deps.db, d.id)) ?? d;
      return showVote(
        deps,
        req,
        reply,
        user,
        fresh,
        village,
        flash(
          t.deliberationComments.notDiscussing(formatDeliberation(d.id), t.deliberation.status[fresh.status]),
          'error',
        ),
        409,
      );
    }
  });

  app.post(`${VOTES}/:id/in-person`, async (req, reply) => {
    const found = await voteToDecide(deps, req, reply);
    if (!found) return reply;
    const { user, d, village } = found;
    const t = textsOf(req);
    const v = villageTextsOf(req);
    const household = field(req.body, 'household');
    const option = field(req.body, 'option');
    if (!household || household.length > 64)
      return showVote(deps, req, reply, user, d, village, flash(v.errors.field(v.votes.household), 'error'), 400);
    if (!option || option.length > 20)
      return showVote(deps, req, reply, user, d, village, flash(v.errors.field(v.votes.option), 'error'), 400);
    try {
      const out = await asMover(deps, user, (ctx) => recordInPerson(ctx, d.id, household, option));
      await audit(deps, req, user, 'deliberation.in_person_vote', formatDeliberation(d.id), {
        household: out.household.code,
      });
      // Back to the page by GET: reloading it never records the vote twice.
      return reply.redirect(
        `${VOTES}/${d.id}?done=in-person&household=${encodeURIComponent(out.household.code)}&option=${d.options.indexOf(out.option) + 1}`,
        303,
      );
    } catch (e) {
      return showVote(deps, req, reply, user, d, village, flash(refusal(t, v, d, e), 'error'), 409);
    }
  });

  // The live tally: the counts only (no household is named), re-rendered when they change.
  app.get(`${VOTES}/:id/events`, async (req, reply) => {
    const found = await voteOf(deps, req, reply);
    if (!found) return reply;
    if (tallyStreams >= MAX_TALLY_STREAMS) throw new AppError('rate.limited', 'too many open tallies');
    const vt = villageTextsOf(req);
    reply.hijack();
    tallyStreams++;
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    reply.raw.write(': live\n\nevent: ready\ndata: {}\n\n');
    let last = '';
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        const d = await deliberationById(deps.db, found.d.id);
        if (!d) return;
        const html = await tallyHtml(deps, vt, d);
        if (html !== last) reply.raw.write(`event: tally\ndata: ${JSON.stringify({ html, status: d.status })}\n\n`);
        last = html;
      } catch {
        // The next tick tries again.
      } finally {
        busy = false;
      }
    };
    await tick();
    const timer = setInterval(() => void tick(), TALLY_EVERY_MS);
    open.add(reply);
    reply.raw.on('close', () => {
      clearInterval(timer);
      tallyStreams--;
      open.delete(reply);
    });
    return reply;
  });

  // The same published result as a PDF, the Chinese font embedded: the county gets the same paper from every village PC.
  app.get(`${VOTES}/:id/result.pdf`, async (req, reply) => {
    const found = await voteOf(deps, req, reply);
    if (!found) return reply;
    const { user, d, village } = found;
    const t = textsOf(req);
    const v = villageTextsOf(req).votes;
    if (d.status !== 'published' && d.status !== 'implementing' && d.status !== 'evaluated')
      return notFoundPage(req, reply, user);
    const counted = await currentTally(deps.db, d);
    const rule = ruleOf(await villageTallyRule(deps.db, d.villageId), d.quorum);
    const need = Math.ceil(rule.turnout * counted.electorate - 1e-4);
    const stages = (await stagesOf(deps.db, d.id)).filter(
      (s) => s.move !== 'in_person_vote' && s.move !== 'invite_comments',
    );
    const publishedAt = stages.find((s) => s.move === 'publish')?.at;
    const bytes = await renderPdf({
      title: v.printHeading(village.name),
      subtitle: v.printTitle(formatDeliberation(d.id), d.title),
      author: village.name,
      blocks: [
        { kind: 'paragraph', text: maskPersonalNumbers(d.text), boxed: true },
        {
          kind: 'table',
          header: true,
          widths: [3, 1],
          rows: [[v.pdfOption, v.pdfVotes], ...d.options.map((o, i) => [o, String(counted.counts[i] ?? 0)])],
        },
        {
          kind: 'paragraph',
          text: `${v.turnout(counted.voted, counted.electorate, need, counted.quorumMet)}${counted.inPerson ? ` · ${v.inPersonCount(counted.inPerson)}` : ''}`,
        },
        { kind: 'paragraph', text: v.result(d.result ?? null), size: 13 },
        {
          kind: 'table',
          header: true,
          widths: [1.3, 1.2, 3],
          rows: [
            [v.pdfTime, v.pdfStep, ''],
            ...stages.map((s) => [
              t.format.due(s.at, village.timezone),
              s.move in v.move ? v.move[s.move as DeliberationMove] : v.newHeading,
              maskPersonalNumbers(s.notes ?? ''),
            ]),
          ],
        },
        {
          kind: 'paragraph',
          text: `${village.name}${publishedAt ? ` · ${t.format.due(publishedAt, village.timezone)}` : ''}`,
          align: 'right',
        },
      ],
    });
    await audit(deps, req, user, 'deliberation.result_pdf', formatDeliberation(d.id));
    return reply
      .type('application/pdf')
      .header('cache-control', 'no-store')
      .header('content-disposition', `inline; filename="vote-${d.id}.pdf"`)
      .send(Buffer.from(bytes));
  });

  // The published result for the notice board, as a page with a print button (and the PDF beside it).
  app.get(`${VOTES}/:id/print`, async (req, reply) => {
    const found = await voteOf(deps, req, reply);
    if (!found) return reply;
    const { user, d, village } = found;
    const t = textsOf(req);
    const vt = villageTextsOf(req);
    const v = vt.votes;
    const published = d.status === 'published' || d.status === 'implementing' || d.status === 'evaluated';
    if (!published) return notFoundPage(req, reply, user);
    const stages = await stagesOf(deps.db, d.id);
    const at = (move: string) => stages.find((s) => s.move === move)?.at;
    const publishedAt = at('publish');
    const body = `<article class="notice-print" id="result"><h1>${esc(v.printHeading(village.name))}</h1>
      <h2>${esc(v.printTitle(formatDeliberation(d.id), d.title))}</h2>
      <blockquote class="words">${esc(maskPersonalNumbers(d.text))}</blockquote>
      ${await tallyHtml(deps, vt, d)}
      <ol class="timeline">${stages
        .filter((s) => s.move !== 'in_person_vote' && s.move !== 'invite_comments')
        .map(
          (s) =>
            `<li>${esc(t.format.due(s.at, village.timezone))} · ${esc(s.move in v.move ? v.move[s.move as DeliberationMove] : v.newHeading)}${s.notes ? ` — ${esc(maskPersonalNumbers(s.notes))}` : ''}</li>`,
        )
        .join('')}</ol>
      <p>${esc(village.name)}${publishedAt ? ` · ${esc(t.format.due(publishedAt, village.timezone))}` : ''}</p></article>
      <p class="no-print"><a class="button" id="pdf" href="${VOTES}/${d.id}/result.pdf">${esc(v.pdf)}</a></p>
      <button type="button" class="print no-print">${esc(t.desk.nav.print)}</button>`;
    return sendPage(
      reply,
      chrome(req, user, { printable: true }),
      v.printTitle(formatDeliberation(d.id), d.title),
      body,
    );
  });
}
