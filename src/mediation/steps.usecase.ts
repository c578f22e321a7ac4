import { householdByCode, insertParty, partiesOf, updateCase } from '../data/mediation.repository.js';
import { memberByCode, type MemberRow } from '../data/people.repository.js';
import { mediationCommandSpecs } from '../domain/mediation.commands.js';
import type { MediationAction } from '../domain/mediation.machine.js';
import { referralOf } from '../domain/mediation.rules.js';
import { formatRef } from '../domain/reference.js';
import type { MemberTurn } from '../messaging/turn.js';
import type { RecordStep } from '../texts/mediation.js';
import { caseForMember, caseOver, expectFromParties, memberActor, move, partiesWithReach, record, staffNames, tellParty, tellStaff } from './case.access.js';
import { stepButtons } from './open.usecase.js';
import { awaitCaseText } from './await-text.js';
import { resolveRequest } from './request.link.js';

/** A record keeps at most this much; the inbound log keeps the whole message. */
export const MAX_RECORD = 4000;

const form = (type: keyof typeof mediationCommandSpecs, ref: number, what: string) => `${mediationCommandSpecs[type].verbs[0]} ${formatRef(ref)} ${what}`;

/** 主持 #12 md-02 md-03: the first code presides (none: the sender), the others assist; the one who opened it keeps assisting. */
export async function preside(turn: MemberTurn, ref: number, codes: string[]): Promise<void> {
  const found = await caseForMember(turn, ref);
  if (!found) return;
  const { c, role } = found;
  const { tx, now, t } = turn;
  const picked: MemberRow[] = [];
  for (const code of codes.length ? codes : [turn.actor.member.code]) {
    const m = await memberByCode(tx, c.villageId, code.normalize('NFKC'));
    if (!m?.active || !m.roles.some((r) => r === 'mediator' || r === 'secretary')) return turn.reply(t.mediation.notMediator(code));
    if (!picked.some((p) => p.id === m.id)) picked.push(m);
  }
  const to = await move(turn, c, 'preside', role);
  if (!to) return;
  const presiding = picked[0]!;
  const previous = c.presidingId ?? c.openedBy;
  const assistants = [...new Set([...c.assistantIds, ...picked.slice(1).map((m) => m.id), ...(previous !== presiding.id ? [previous] : [])])]
    .filter((id) => id !== presiding.id);
  const updated = await updateCase(tx, c.id, { status: to, presidingId: presiding.id, assistantIds: assistants, updatedAt: now });
  await record(turn, updated, { type: 'presiding', actor: memberActor(turn), details: { presidingId: presiding.id, assistantIds: assistants } });
  const names = await staffNames(turn, updated);
  const shown = formatRef(ref);
  await tellStaff(turn, updated, (tt) => tt.mediation.presided(shown, names.presiding ?? '', names.assistants), turn.actor.member.id);
  for (const { party } of await partiesWithReach(turn, c.id)) {
    await tellParty(turn, party, (tt) => ({ text: tt.mediation.presidedToParty(c.caseNo, presiding.name) }), turn.actor.village.timezone);
  }
  await turn.reply(t.mediation.presided(shown, names.presiding ?? '', names.assistants), stepButtons(t, to, ref));
}

const stepAction: Record<RecordStep, MediationAction> = { investigate: 'investigate', session: 'session', follow_up: 'follow_up' };
const stepCommand = { investigate: 'med_investigate', session: 'med_session', follow_up: 'med_follow_up' } as const;

/** 调查 / 调解 / 回访 #12 记录…: the record goes into the file with its time and author. */
export async function recordStep(turn: MemberTurn, ref: number, step: RecordStep, text: string): Promise<void> {
  const { t } = turn;
  const found = await caseForMember(turn, ref);
  if (!found) return;
  const { c, role } = found;
  const to = await move(turn, c, stepAction[step], role);
  if (!to) return;
  if (!text) return awaitCaseText(turn, stepCommand[step], ref, step, t.mediation.prompt(form(stepCommand[step], ref, t.mediation.arg.record)));
  const body = text.slice(0, MAX_RECORD);
  const change = step === 'follow_up' ? { followedUpAt: turn.now } : {};
  const updated = await updateCase(turn.tx, c.id, { status: to, updatedAt: turn.now, ...change });
  await record(turn, updated, { type: step === 'investigate' ? 'investigated' : step === 'session' ? 'session' : 'followed_up', actor: memberActor(turn), text: body });
  if (step === 'follow_up') {
    for (const { party } of await partiesWithReach(turn, c.id)) {
      await tellParty(turn, party, (tt) => ({ text: tt.mediation.followedUpToParty(c.caseNo) }), turn.actor.village.timezone);
    }
  }
  await turn.reply(t.mediation.recorded(step, formatRef(ref)), stepButtons(t, to, ref));
}

/** 告知 #12: the rights-and-duties notice to every bound account of every party; those with none are listed to be told in person. */
export async function inform(turn: MemberTurn, ref: number): Promise<void> {
  const found = await caseForMember(turn, ref);
  if (!found) return;
  const { c, role } = found;
  const to = await move(turn, c, 'inform', role);
  if (!to) return;
  const names = await staffNames(turn, c);
  const told: number[] = [];
  const unreachable: { id: number; name: string }[] = [];
  for (const { party } of await partiesWithReach(turn, c.id)) {
    const n = await tellParty(turn, party, (tt) => ({ text: tt.mediation.notice(c.caseNo, names.presiding) }), turn.actor.village.timezone);
    if (n > 0) told.push(party.id);
    else unreachable.push({ id: party.id, name: party.name });
  }
  const updated = await updateCase(turn.tx, c.id, { status: to, updatedAt: turn.now });
  await record(turn, updated, { type: 'informed', actor: memberActor(turn), details: { told, unreachable: unreachable.map((u) => u.id) } });
  await turn.reply(turn.t.mediation.informed(formatRef(ref), told.length, unreachable.map((u) => u.name)), stepButtons(turn.t, to, ref));
}

/** 对方 #12 h-0305 (a household of the village: its accounts are told and may take part) or 对方 #12 张三 (someone from outside). */
export async function addParty(turn: MemberTurn, ref: number, given: string): Promise<void> {
  const { t } = turn;
  if (!given) return turn.reply(t.mediation.prompt(form('med_party', ref, 'h-0305')));
  const found = await caseForMember(turn, ref);
  if (!found) return;
  const { c, role } = found;
  const code = given.normalize('NFKC').trim();
  const looksLikeCode = /^[a-z]{1,3}-?\d{2,}$/i.test(code);
  const household = looksLikeCode
    ? await householdByCode(turn.tx, c.villageId, code) ?? await householdByCode(turn.tx, c.villageId, code.toLowerCase())
    : null;
  if (looksLikeCode && !household) return turn.reply(t.mediation.unknownParty(code));
  const parties = await partiesOf(turn.tx, c.id);
  if (household && parties.some((p) => p.householdId === household.id && p.role === 'applicant')) return turn.reply(t.mediation.partyIsApplicant(formatRef(ref)));
  const to = await move(turn, c, 'add_party', role);
  if (!to) return;
  const name = household ? household.head : given.slice(0, 60);
  const party = await insertParty(turn.tx, {
    caseId: c.id, role: 'respondent', householdId: household?.id ?? null, name, address: household?.address ?? null, addedAt: turn.now,
  });
  const shown = formatRef(ref);
  // The same household named twice: nothing new to record or tell.
  if (!party) return turn.reply(t.mediation.partyAdded(shown, name, true));
  await record(turn, c, { type: 'party_added', actor: memberActor(turn), text: name, details: { partyId: party.id, householdId: party.householdId } });
  const applicant = parties.find((p) => p.role === 'applicant')?.name ?? '';
  const tz = turn.actor.village.timezone;
  let reached = await tellParty(turn, party, (tt) => ({ text: tt.mediation.addedToParty(c.caseNo, shown, applicant) }), tz);
  // "您可以在这里回复": what this household writes now is its statement on the case.
  if (reached > 0) await expectFromParties(turn, c, 'case_party', [party.householdId]);
  // Joining after the notice went out: this party gets it now.
  if (reached > 0 && ['informed', 'mediating'].includes(c.status)) {
    const names = await staffNames(turn, c);
    reached = await tellParty(turn, party, (tt) => ({ text: tt.mediation.notice(c.caseNo, names.presiding) }), tz);
    await record(turn, c, { type: 'informed', actor: memberActor(turn), details: { told: [party.id], unreachable: [] } });
  }
  await updateCase(turn.tx, c.id, { status: to, updatedAt: turn.now });
  await turn.reply(t.mediation.partyAdded(shown, name, reached > 0), stepButtons(t, to, ref));
}

/** 调解不成 #12 原因: the case ends without agreement; the reason says where the parties go (司法所, 派出所, 法院). */
export async function fail(turn: MemberTurn, ref: number, reason: string): Promise<void> {
  const { t } = turn;
  const found = await caseForMember(turn, ref);
  if (!found) return;
  const { c, role } = found;
  const to = await move(turn, c, 'fail', role);
  if (!to) return;
  if (!reason) return awaitCaseText(turn, 'med_fail', ref, 'fail', t.mediation.needsReason(form('med_fail', ref, t.mediation.arg.reason)));
  const referral = referralOf(reason);
  const text = reason.slice(0, MAX_RECORD);
  const updated = await updateCase(turn.tx, c.id, { status: to, failedAt: turn.now, failReason: text, referral, updatedAt: turn.now });
  await record(turn, updated, { type: 'failed', actor: memberActor(turn), text, details: { referral } });
  await caseOver(turn, updated);
  await resolveRequest(turn, updated, text);
  const shown = formatRef(ref);
  await tellStaff(turn, updated, (tt) => tt.mediation.failedToStaff(shown, tt.mediation.referral[referral]), turn.actor.member.id);
  for (const { party } of await partiesWithReach(turn, c.id)) {
    await tellParty(turn, party, (tt) => ({ text: tt.mediation.failedToParty(c.caseNo, text, tt.mediation.referral[referral]) }), turn.actor.village.timezone);
  }
  await turn.reply(t.mediation.failedToStaff(shown, t.mediation.referral[referral]), stepButtons(t, to, ref));
}
