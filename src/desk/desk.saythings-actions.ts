import type { FastifyInstance, FastifyRequest } from 'fastify';
import { activeMembers, memberNames, villageRoster, type VillageRow } from '../data/people.repository.js';
import { findRequest, type RequestRow } from '../data/requests.repository.js';
import { byId } from '../domain/people.resolve.js';
import { formatRef } from '../domain/reference.js';
import { openStatuses, type RequestStatus } from '../domain/request.machine.js';
import { memberShown } from '../messaging/people.pick.js';
import { sessionById } from '../data/sessions.repository.js';
import { carryTopicOver, handOverTopic, recordOutcome } from '../rhythm/topics.usecase.js';
import { deskVillageTexts } from '../texts/desk-village.js';
import { deskTurn } from './desk.actions.js';
import { audit, type DeskDeps, langOf, requireUser, textsOf } from './desk.context.js';
import { esc, flash } from './desk.html.js';
import { refOf } from './desk.request.js';
import { DESK_PATH, type DeskUser } from './desk.session.js';
import { field, forbiddenPage, mayDecide, notFoundPage, villageSeen } from './desk.village-scope.js';

/**
 * The forms under one agenda topic for the village's secretary: record the outcome (the resident is told and
 * asked to rate it), hand it to a leader, picked by name and group, or carry it to next month. Empty for everyone else.
 */
export async function topicForms(
  deps: DeskDeps,
  req: FastifyRequest,
  user: DeskUser,
  village: VillageRow,
  r: { ref: number; status: string },
): Promise<string> {
  if (user.kind !== 'member' || !mayDecide(user, village) || !openStatuses.includes(r.status as RequestStatus))
    return '';
  const s = deskVillageTexts(langOf(req)).sayThings;
  const t = textsOf(req);
  const roster = await villageRoster(deps.db, village.id);
  const members = (await activeMembers(deps.db, village.id)).filter((m) => m.id !== user.member.id);
  const action = `${DESK_PATH}/say-things/topics/${r.ref}`;
  return `<div class="actions no-print" data-topic="${r.ref}">
    <form method="post" action="${action}" class="action"><input type="hidden" name="action" value="outcome">
      <label>${esc(s.outcome)} <textarea name="text" required maxlength="2000"></textarea></label><button type="submit">${esc(s.record)}</button></form>
    <form method="post" action="${action}" class="action"><input type="hidden" name="action" value="handover">
      <label>${esc(s.handTo)} <select name="member">${members.map((m) => `<option value="${esc(byId(m.id))}">${esc(memberShown(t, roster, m))}</option>`).join('')}</select></label>
      <button type="submit">${esc(s.handOver)}</button></form>
    <form method="post" action="${action}" class="action"><input type="hidden" name="action" value="carry">
      <span class="muted">${esc(s.carryHint)}</span> <button type="submit">${esc(s.carry)}</button></form></div>`;
}

export function sayThingsActionRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.post(`${DESK_PATH}/say-things/topics/:ref`, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    const ref = refOf((req.params as { ref: string }).ref);
    const r: RequestRow | null = ref === null ? null : await findRequest(deps.db, ref);
    const village = r && r.kind === 'say_things' ? await villageSeen(deps, user, r.villageId) : null;
    if (!r || !village) return notFoundPage(req, reply, user);
    if (user.kind !== 'member' || !mayDecide(user, village))
      return forbiddenPage(req, reply, user, `${DESK_PATH}/say-things`);
    const action = field(req.body, 'action');
    const text = field(req.body, 'text');
    const member = field(req.body, 'member');
    // Back by GET with what happened as a code, never as text: a link cannot put words in the desk's mouth.
    const back = (done: string) =>
      reply.redirect(
        `${DESK_PATH}/say-things?village=${encodeURIComponent(village.code)}&done=${done}&ref=${r.ref}`,
        303,
      );
    if (action === 'outcome' && (!text || text.length > 2000)) return back('missing-outcome');
    if (action === 'handover' && (!member || member.length > 64)) return back('missing-member');
    if (action !== 'outcome' && action !== 'handover' && action !== 'carry') return back('bad-action');
    // The same use cases as `说事 #12 结果 …` and `说事 #12 转办 …` in chat: the resident and the leader are told the same way.
    const said: string[] = [];
    await deps.db.transaction(async (tx) => {
      const turn = await deskTurn(tx, deps, user, said);
      if (action === 'outcome') await recordOutcome(turn, r.ref, text);
      else if (action === 'handover') await handOverTopic(turn, r.ref, member);
      else await carryTopicOver(turn, r.ref);
    });
    deps.wake();
    const after = await findRequest(deps.db, r.ref);
    const worked =
      action === 'outcome'
        ? after?.resolution === text && after.status !== r.status
        : action === 'handover'
          ? after?.assigneeId !== r.assigneeId
          : after?.sessionId !== r.sessionId;
    await audit(deps, req, user, `say_things.${action}`, formatRef(r.ref), { answer: worked ? 'done' : 'refused' });
    return back(worked ? action : 'refused');
  });
}

/** What the say-things page says after a topic's form: from the code the redirect carries and the topic as it is now. */
export async function topicMessage(deps: DeskDeps, req: FastifyRequest, q: Record<string, unknown>): Promise<string> {
  const ref = typeof q.ref === 'string' ? refOf(q.ref) : null;
  if (typeof q.done !== 'string' || ref === null) return '';
  const t = textsOf(req);
  const s = deskVillageTexts(langOf(req));
  const shown = formatRef(ref);
  const r = await findRequest(deps.db, ref);
  switch (q.done) {
    case 'outcome':
      return flash(t.rhythm.outcomeRecorded(shown));
    case 'handover':
      return flash(
        t.rhythm.topicAssigned(
          shown,
          r?.assigneeId ? ((await memberNames(deps.db, [r.assigneeId])).get(r.assigneeId) ?? '') : '',
        ),
      );
    case 'carry': {
      const to = r?.sessionId ? await sessionById(deps.db, r.sessionId) : null;
      return flash(t.rhythm.topicCarried(shown, to ? t.format.day(to.date) : ''));
    }
    case 'missing-outcome':
      return flash(s.errors.field(s.sayThings.outcome), 'error');
    case 'missing-member':
      return flash(s.errors.field(s.sayThings.handTo), 'error');
    case 'refused':
      return flash(r ? t.errors.illegal(shown, t.status[r.status]) : t.desk.errors.notFound, 'error');
    default:
      return '';
  }
}
