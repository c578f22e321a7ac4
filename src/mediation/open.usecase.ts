import { caseOfRequest, insertCase, insertParty, nextCaseSeq } from '../data/mediation.repository.js';
import { householdById } from '../data/people.repository.js';
import { findRequest, type RequestRow } from '../data/requests.repository.js';
import type { OutButton } from '../channels/channel.port.js';
import type { Command } from '../domain/commands.js';
import { mediationCallback } from '../domain/mediation.commands.js';
import type { MediationStatus } from '../domain/mediation.machine.js';
import { caseNumber, caseYear, disputeTypeOf } from '../domain/mediation.rules.js';
import { formatRef } from '../domain/reference.js';
import type { MemberTurn } from '../messaging/turn.js';
import { leaderAction } from '../requests/request.actions.js';
import type { Texts } from '../texts/index.js';
import { expectFromParties, memberActor, record, tellParty } from './case.access.js';
import { handOverClock } from './request.link.js';

/** The buttons a mediator sees for the next step of a case in this status. */
export function stepButtons(t: Texts, status: MediationStatus, ref: number): OutButton[][] {
  const b = t.mediation.buttons;
  const at = (label: string, type: Parameters<typeof mediationCallback>[0]) => ({
    label,
    data: mediationCallback(type, ref),
  });
  switch (status) {
    case 'accepted':
      return [[at(b.preside, 'med_preside')]];
    case 'presiding':
      return [[at(b.investigate, 'med_investigate')]];
    case 'investigating':
      return [[at(b.investigate, 'med_investigate'), at(b.inform, 'med_inform')]];
    case 'informed':
      return [[at(b.session, 'med_session'), at(b.inform, 'med_inform')]];
    case 'mediating':
      return [[at(b.session, 'med_session'), at(b.propose, 'med_propose'), at(b.fail, 'med_fail')]];
    default:
      return [[at(b.followUp, 'med_follow_up')]];
  }
}

const mayOpen = (turn: MemberTurn) => turn.actor.member.roles.some((r) => r === 'mediator' || r === 'secretary');

/**
 * 受理: a dispute accepted by a mediator or the secretary becomes a people's mediation case, numbered in
 * the village and year, with the reporting household as the applicant.
 */
export async function openCase(turn: MemberTurn, r: RequestRow): Promise<void> {
  const { tx, now, t, actor } = turn;
  const village = actor.village;
  const year = caseYear(now, village.timezone);
  const seq = await nextCaseSeq(tx, village.id, year);
  const c = await insertCase(tx, {
    requestRef: r.ref,
    villageId: village.id,
    year,
    seq,
    caseNo: caseNumber(year, village.name, seq),
    status: 'accepted',
    disputeType: disputeTypeOf(r.text),
    source: 'applied',
    facts: r.text,
    openedBy: actor.member.id,
    acceptedAt: now,
    updatedAt: now,
  });
  const household = await householdById(tx, r.householdId);
  const applicant = await insertParty(tx, {
    caseId: c.id,
    role: 'applicant',
    householdId: r.householdId,
    name: household?.head ?? '',
    address: household?.address ?? null,
    addedAt: now,
  });
  await handOverClock(turn, r.ref);
  await record(turn, c, {
    type: 'opened',
    actor: memberActor(turn),
    text: r.summary,
    details: { caseNo: c.caseNo, disputeType: c.disputeType, source: c.source },
  });
  const shown = formatRef(r.ref);
  const reached = applicant
    ? await tellParty(
        turn,
        applicant,
        (tt) => ({ text: tt.mediation.openedToParty(c.caseNo, shown) }),
        village.timezone,
      )
    : 0;
  // The applicant talks inside her case too: what she writes while it is open is her statement, passed to the mediator.
  if (reached > 0) await expectFromParties(turn, c, 'case_party', [r.householdId]);
  await turn.reply(
    t.mediation.opened(c.caseNo, shown, t.mediation.disputeType[c.disputeType]),
    stepButtons(t, c.status, r.ref),
  );
}

/** Accepting (接单) a dispute as a mediator or the secretary opens its case at once. */
export async function acceptAndOpen(turn: MemberTurn, cmd: Extract<Command, { type: 'accept' }>): Promise<void> {
  await leaderAction(turn, cmd);
  const r = await findRequest(turn.tx, cmd.ref);
  if (!r || r.kind !== 'dispute' || r.status !== 'accepted' || r.assigneeId !== turn.actor.member.id || !mayOpen(turn))
    return;
  if (await caseOfRequest(turn.tx, r.ref)) return;
  await openCase(turn, r);
}

/** `受理 #12`: opens the case of a dispute the member already has (say, one accepted before a group leader passed it on). */
export async function openCommand(turn: MemberTurn, ref: number): Promise<void> {
  const { t } = turn;
  const shown = formatRef(ref);
  const r = await findRequest(turn.tx, ref);
  if (!r || r.villageId !== turn.actor.village.id) return turn.reply(t.errors.notFound(shown));
  const secretary = turn.actor.member.roles.includes('secretary');
  if (!mayOpen(turn) || (r.assigneeId !== turn.actor.member.id && !secretary))
    return turn.reply(t.mediation.notStaff(shown));
  if (r.kind !== 'dispute') return turn.reply(t.mediation.notDispute(shown));
  const existing = await caseOfRequest(turn.tx, ref);
  if (existing)
    return turn.reply(t.mediation.alreadyOpen(shown, existing.caseNo), stepButtons(t, existing.status, ref));
  if (r.status !== 'accepted') return turn.reply(t.mediation.notAccepted(shown));
  return openCase(turn, r);
}
