import {
  answersTo,
  caseOfRequest,
  type CaseRow,
  currentAgreement,
  insertAgreement,
  markAgreementEffective,
  type AgreementRow,
  recordAnswer,
  updateCase,
} from '../data/mediation.repository.js';
import { mediationCallback, mediationCommandSpecs } from '../domain/mediation.commands.js';
import { mustMediationTransition, mediationTransition } from '../domain/mediation.machine.js';
import {
  allBoundConfirmed,
  awaitingConfirmation,
  confirmationDeadline,
  defaultMediationPolicy,
  returnVisitDueAt,
} from '../domain/mediation.rules.js';
import { formatRef } from '../domain/reference.js';
import type { EventContext } from '../messaging/send.js';
import type { MemberTurn, ResidentTurn } from '../messaging/turn.js';
import {
  caseForMember,
  caseOver,
  expectFromParties,
  memberActor,
  move,
  partiesWithReach,
  record,
  tellParty,
  tellStaff,
} from './case.access.js';
import { closeExpectations } from '../data/expectations.repository.js';
import { resolveRequest } from './request.link.js';
import { MAX_RECORD } from './steps.usecase.js';
import { awaitCaseText } from './await-text.js';

/** Who still has to answer the current agreement, by name, and whether everyone who can has confirmed. */
async function confirmationState(ctx: Pick<EventContext, 'tx'>, c: CaseRow, a: AgreementRow) {
  const parties = await partiesWithReach(ctx, c.id);
  const confirmed = new Set(
    (await answersTo(ctx.tx, a.id)).filter((x) => x.decision === 'confirmed').map((x) => x.partyId),
  );
  const rule = parties.map((p) => ({ id: p.party.id, bound: p.bound }));
  const waiting = new Set(awaitingConfirmation(rule, confirmed));
  return {
    parties,
    done: allBoundConfirmed(rule, confirmed),
    waitingFor: parties.filter((p) => waiting.has(p.party.id)).map((p) => p.party.name),
  };
}

/** The last bound party confirmed: the agreement takes effect, the 30-day window for judicial confirmation starts. */
async function conclude(ctx: EventContext, c: CaseRow, a: AgreementRow, timezone: string): Promise<CaseRow> {
  const to = mustMediationTransition(c.status, 'conclude', 'system');
  const updated = await updateCase(ctx.tx, c.id, {
    status: to,
    agreedAt: ctx.now,
    returnVisitDueAt: c.returnVisitDueAt ?? returnVisitDueAt(ctx.now, defaultMediationPolicy),
    updatedAt: ctx.now,
  });
  await markAgreementEffective(ctx.tx, a.id, ctx.now);
  await caseOver(ctx, updated);
  await record(ctx, updated, { type: 'agreed', actor: { kind: 'system', id: null }, details: { agreementId: a.id } });
  await resolveRequest(ctx, updated, a.text);
  const deadline = confirmationDeadline(ctx.now, defaultMediationPolicy);
  const shown = formatRef(c.requestRef);
  await tellStaff(ctx, updated, (t) => t.mediation.agreed(c.caseNo, shown, t.format.due(deadline, timezone)));
  for (const { party } of await partiesWithReach(ctx, c.id)) {
    await tellParty(
      ctx,
      party,
      (t) => ({ text: t.mediation.agreed(c.caseNo, shown, t.format.due(deadline, timezone)) }),
      timezone,
    );
  }
  return updated;
}

/** 协议 #12 协议内容: the text goes to every bound account of every party, to confirm (同意) or decline (不同意). */
export async function propose(turn: MemberTurn, ref: number, text: string): Promise<void> {
  const { t, tx, now } = turn;
  const found = await caseForMember(turn, ref);
  if (!found) return;
  const { c, role } = found;
  const to = await move(turn, c, 'propose', role);
  if (!to) return;
  if (!text)
    return awaitCaseText(
      turn,
      'med_propose',
      ref,
      'propose',
      t.mediation.prompt(`${mediationCommandSpecs.med_propose.verbs[0]} ${formatRef(ref)} ${t.mediation.arg.terms}`),
    );
  const a = await insertAgreement(tx, {
    caseId: c.id,
    text: text.slice(0, MAX_RECORD),
    proposedBy: turn.actor.member.id,
    proposedAt: now,
  });
  await record(turn, c, { type: 'proposed', actor: memberActor(turn), text: a.text, details: { agreementId: a.id } });
  const tz = turn.actor.village.timezone;
  const shown = formatRef(ref);
  const state = await confirmationState(turn, c, a);
  for (const { party, bound } of state.parties) {
    if (!bound) continue;
    await tellParty(
      turn,
      party,
      (tt) => ({
        text: tt.mediation.agreementToParty(c.caseNo, shown, a.text),
        buttons: [
          [
            { label: tt.mediation.buttons.confirm, data: mediationCallback('med_confirm', ref) },
            { label: tt.mediation.buttons.decline, data: mediationCallback('med_decline', ref) },
          ],
        ],
      }),
      tz,
    );
  }
  await expectFromParties(
    turn,
    c,
    'agreement',
    state.parties.filter((p) => p.bound).map((p) => p.party.householdId),
  );
  await updateCase(tx, c.id, { status: to, updatedAt: now });
  await turn.reply(t.mediation.proposedToStaff(shown, state.waitingFor));
  // Nobody can confirm in chat (every party signs on paper): it takes effect as proposed.
  if (state.done) await conclude(turn, { ...c, status: to }, a, tz);
}

/** 同意 #12 / 不同意 #12 原因 from an account of a party household: recorded with the account and the time. */
export async function answer(
  turn: ResidentTurn,
  ref: number,
  decision: 'confirmed' | 'declined',
  reason: string,
): Promise<void> {
  const { t, tx, now, actor } = turn;
  const shown = formatRef(ref);
  const c = await caseOfRequest(tx, ref, true);
  if (!c || c.villageId !== actor.village.id) return turn.reply(t.mediation.notParty(shown));
  const parties = await partiesWithReach(turn, c.id);
  const mine = parties.find((p) => p.party.householdId === actor.household.id);
  if (!mine) return turn.reply(t.mediation.notParty(shown));
  if (decision === 'declined' && !reason) {
    return awaitCaseText(
      turn,
      'med_decline',
      ref,
      'decline',
      t.mediation.needsReason(`${mediationCommandSpecs.med_decline.verbs[0]} ${shown} ${t.mediation.arg.reason}`),
    );
  }
  const a = await currentAgreement(tx, c.id);
  const step = mediationTransition(c.status, decision === 'confirmed' ? 'confirm' : 'decline', 'party');
  if (!a || !step.ok) return turn.reply(t.mediation.nothingToConfirm(shown));
  await closeExpectations(tx, 'agreement', ref, actor.household.id, now);
  await recordAnswer(tx, {
    agreementId: a.id,
    partyId: mine.party.id,
    identityId: actor.identity.id,
    decision,
    reason: reason ? reason.slice(0, MAX_RECORD) : null,
    at: now,
  });
  await record(turn, c, {
    type: decision,
    actor: { kind: 'resident', id: actor.residentId },
    text: reason || null,
    details: {
      agreementId: a.id,
      partyId: mine.party.id,
      identityId: actor.identity.id,
      platform: actor.identity.platform,
    },
  });
  const state = await confirmationState(turn, c, a);
  await turn.reply(decision === 'confirmed' ? t.mediation.confirmedToParty(shown) : t.mediation.declinedToParty(shown));
  await tellStaff(turn, c, (tt) =>
    tt.mediation.answerToStaff(shown, mine.party.name, decision === 'confirmed', reason || null, state.waitingFor),
  );
  if (decision === 'confirmed' && state.done) await conclude(turn, c, a, actor.village.timezone);
}
