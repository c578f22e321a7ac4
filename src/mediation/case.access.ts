import {
  addCaseEvent,
  boundHouseholds,
  caseById,
  caseOfRequest,
  type CaseEvent,
  type CaseRow,
  householdAccounts,
  partiesOf,
  type PartyRow,
} from '../data/mediation.repository.js';
import { memberNames } from '../data/people.repository.js';
import { addExpectations, closeExpectations } from '../data/expectations.repository.js';
import { expectationTtlMs, expectedAnswers } from '../domain/expectations.js';
import type { OutboundMessage, RequestNotice } from '../channels/channel.port.js';
import {
  allowedMediationActions,
  type MediationAction,
  type MediationRole,
  type MediationStatus,
  mediationTransition,
} from '../domain/mediation.machine.js';
import { mediationCommandSpecs, type MediationCommandType } from '../domain/mediation.commands.js';
import { formatRef } from '../domain/reference.js';
import { type EventContext, sendToMember } from '../messaging/send.js';
import type { MemberTurn, Turn } from '../messaging/turn.js';
import type { Texts } from '../texts/index.js';

/** The mediators working the case: the presiding one (the one who opened it until someone presides) first, then the assistants. */
export function caseStaff(c: CaseRow): number[] {
  return [...new Set([c.presidingId ?? c.openedBy, ...c.assistantIds])];
}

/** A member's part in the case, or null when they have none (a member of another village counts as none). */
export function memberRole(turn: MemberTurn, c: CaseRow): MediationRole | null {
  const me = turn.actor.member;
  if (c.villageId !== turn.actor.village.id) return null;
  if ((c.presidingId ?? c.openedBy) === me.id) return 'presiding';
  if (c.assistantIds.includes(me.id)) return 'assisting';
  if (me.roles.includes('secretary')) return 'secretary';
  return null;
}

/** The case a member wants to act on, with their role; replies (and gives null) when there is none or it is not theirs. */
export async function caseForMember(
  turn: MemberTurn,
  ref: number,
): Promise<{ c: CaseRow; role: MediationRole } | null> {
  const c = await caseOfRequest(turn.tx, ref, true);
  const shown = formatRef(ref);
  if (!c || c.villageId !== turn.actor.village.id) {
    await turn.reply(turn.t.mediation.noCase(shown));
    return null;
  }
  const role = memberRole(turn, c);
  if (!role) {
    await turn.reply(turn.t.mediation.notStaff(shown));
    return null;
  }
  return { c, role };
}

/** The machine's move for the steps a status change stands for. */
const commandOfAction: Partial<Record<MediationAction, MediationCommandType>> = {
  preside: 'med_preside',
  investigate: 'med_investigate',
  inform: 'med_inform',
  session: 'med_session',
  add_party: 'med_party',
  propose: 'med_propose',
  fail: 'med_fail',
  follow_up: 'med_follow_up',
};

/** The machine's answer, or a polite refusal naming what this person may do now. */
export async function move(
  turn: Turn,
  c: CaseRow,
  action: MediationAction,
  role: MediationRole,
): Promise<MediationStatus | null> {
  const step = mediationTransition(c.status, action, role);
  if (step.ok) return step.to;
  const shown = formatRef(c.requestRef);
  const t = turn.t.mediation;
  if (step.code === 'mediation.not_allowed') {
    await turn.reply(role === 'party' ? t.notParty(shown) : t.notStaff(shown));
    return null;
  }
  const possible = allowedMediationActions(c.status, role).flatMap((a) => {
    const type = commandOfAction[a];
    return type ? [`${mediationCommandSpecs[type].verbs[0]} ${shown}`] : [];
  });
  await turn.reply(t.illegal(shown, t.status[c.status], possible));
  return null;
}

export const memberActor = (turn: MemberTurn): CaseEvent['actor'] => ({ kind: 'member', id: turn.actor.member.id });

export async function record(ctx: EventContext, c: CaseRow, e: CaseEvent): Promise<void> {
  await addCaseEvent(ctx.tx, c.id, ctx.now, e);
}

/** Tells the case's mediators something, except the one who acted (they get their answer from the use case). */
export async function tellStaff(
  ctx: EventContext,
  c: CaseRow,
  build: (t: Texts) => string,
  except: number | null = null,
): Promise<void> {
  for (const id of caseStaff(c)) if (id !== except) await sendToMember(ctx, id, (t) => ({ text: build(t) }));
}

/** A party as people read it: the head of the household or the outside person's name. */
export const partyName = (p: PartyRow): string => p.name;

/** The parties, and which of them can take part in chat (a household with a bound account). */
export async function partiesWithReach(
  ctx: Pick<EventContext, 'tx'>,
  caseId: number,
): Promise<{ party: PartyRow; bound: boolean }[]> {
  const parties = await partiesOf(ctx.tx, caseId);
  const bound = await boundHouseholds(
    ctx.tx,
    parties.flatMap((p) => (p.householdId === null ? [] : [p.householdId])),
  );
  return parties.map((party) => ({ party, bound: party.householdId !== null && bound.has(party.householdId) }));
}

/** Tells every bound account of a party household; the count of accounts told (0: not reachable). */
export async function tellParty(
  ctx: EventContext,
  p: PartyRow,
  build: (t: Texts) => OutboundMessage,
  timezone: string,
): Promise<number> {
  if (p.householdId === null) return 0;
  const accounts = await householdAccounts(ctx.tx, p.householdId);
  // Past the Official Account's 48 hours the step still reaches the party, as a template naming the dispute.
  const c = accounts.some((a) => a.platform === 'wechat-mp') ? await caseById(ctx.tx, p.caseId) : null;
  const notice: { notice?: RequestNotice } = c
    ? {
        notice: {
          kind: 'mediation',
          ref: c.requestRef,
          event: 'mediation',
          requestKind: 'dispute',
          summary: c.facts,
          at: ctx.now.toISOString(),
          timeZone: timezone,
        },
      }
    : {};
  for (const a of accounts) await ctx.send(a, (t) => ({ ...build(t), ...notice }), { quietHoursIn: timezone });
  return accounts.length;
}

export async function staffNames(
  ctx: Pick<EventContext, 'tx'>,
  c: CaseRow,
): Promise<{ presiding: string | null; assistants: string[] }> {
  const names = await memberNames(ctx.tx, caseStaff(c));
  return {
    presiding: c.presidingId === null ? null : (names.get(c.presidingId) ?? null),
    assistants: c.assistantIds.map((id) => names.get(id) ?? '').filter(Boolean),
  };
}

/**
 * What a party household may answer on the case: anything it writes while the case is open is its
 * statement (`case_party`); while an agreement waits, 同意 / 不同意 answer it (`agreement`).
 */
export async function expectFromParties(
  ctx: EventContext,
  c: CaseRow,
  kind: 'case_party' | 'agreement',
  householdIds: (number | null)[],
): Promise<void> {
  await addExpectations(
    ctx.tx,
    {
      householdIds: householdIds.filter((h): h is number => h !== null),
      kind,
      scope: c.requestRef,
      answers: kind === 'agreement' ? expectedAnswers.agreement(c.requestRef) : expectedAnswers.caseParty(),
      expiresAt: new Date(ctx.now.getTime() + expectationTtlMs[kind]),
    },
    ctx.now,
  );
}

/** The case ended (agreed or failed): its parties are no longer expected to answer on it. */
export async function caseOver(ctx: EventContext, c: CaseRow): Promise<void> {
  await closeExpectations(ctx.tx, 'case_party', c.requestRef, null, ctx.now);
  await closeExpectations(ctx.tx, 'agreement', c.requestRef, null, ctx.now);
}
