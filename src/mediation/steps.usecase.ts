import { insertParty, partiesOf, updateCase } from '../data/mediation.repository.js';
import { villageRoster } from '../data/people.repository.js';
import { mediationCommandSpecs, mediationPeopleCallback } from '../domain/mediation.commands.js';
import type { MediationAction } from '../domain/mediation.machine.js';
import { referralOf } from '../domain/mediation.rules.js';
import {
  byId,
  byIds,
  resolveHousehold,
  resolveMember,
  type RosterHousehold,
  type RosterMember,
  saysOutsider,
  splitPeople,
} from '../domain/people.resolve.js';
import { formatRef } from '../domain/reference.js';
import { memberShown, pickHousehold, pickMember } from '../messaging/people.pick.js';
import type { MemberTurn } from '../messaging/turn.js';
import type { RecordStep } from './mediation.texts.js';
import {
  caseForMember,
  caseOver,
  expectFromParties,
  memberActor,
  move,
  partiesWithReach,
  record,
  staffNames,
  tellParty,
  tellStaff,
} from './case.access.js';
import { stepButtons } from './open.usecase.js';
import { awaitCaseText } from './await-text.js';
import { resolveRequest } from './request.link.js';

/** A record keeps at most this much; the inbound log keeps the whole message. */
export const MAX_RECORD = 4000;

const form = (type: keyof typeof mediationCommandSpecs, ref: number, what: string) =>
  `${mediationCommandSpecs[type].verbs[0]} ${formatRef(ref)} ${what}`;

/**
 * 主持 #12 郭长顺 孟桂芝: the first named presides (none: the sender), the others assist; the one who opened it
 * keeps assisting. People are named as the roster knows them: name, name with group, or code.
 */
export async function preside(turn: MemberTurn, ref: number, codes: string[]): Promise<void> {
  const found = await caseForMember(turn, ref);
  if (!found) return;
  const { c, role } = found;
  const { tx, now, t } = turn;
  const roster = await villageRoster(tx, c.villageId);
  const phrases = codes.length ? splitPeople(roster, codes.join(' ')) : [byId(turn.actor.member.id)];
  const mediates = (m: RosterMember) => m.roles.some((r) => r === 'mediator' || r === 'secretary');
  const resolved = phrases.map((p) => resolveMember(roster, p, mediates));
  // A name nobody has is said first (with who is close): there is nothing to tap for it. Then the first
  // name several share is asked with buttons; each button carries the others — those clear by their row,
  // those still shared as the rows to choose from, asked next.
  const missing = resolved.findIndex((r) => r.kind === 'none');
  const unsure = missing >= 0 ? missing : resolved.findIndex((r) => r.kind === 'many');
  if (unsure >= 0) {
    const ids = (chosen: RosterMember) =>
      resolved
        .map((r, i) =>
          i === unsure
            ? byId(chosen.id)
            : r.kind === 'one'
              ? byId(r.item.id)
              : r.kind === 'many'
                ? byIds(r.items.slice(0, 4).map((m) => m.id))
                : null,
        )
        .filter((x): x is string => x !== null);
    await pickMember(turn, c.villageId, phrases[unsure]!, {
      eligible: mediates,
      button: (m) => mediationPeopleCallback('med_preside', ref, ids(m)),
      // The typed form names everyone as people say them, also those a button carried by row.
      form: (who) =>
        form(
          'med_preside',
          ref,
          phrases
            .map((p, i) => {
              if (i === unsure) return who;
              const r = resolved[i]!;
              return !p.startsWith('~')
                ? p
                : r.kind === 'one'
                  ? memberShown(t, roster, r.item)
                  : r.kind === 'many'
                    ? r.items[0]!.name
                    : p;
            })
            .join(' '),
        ),
    });
    return;
  }
  const picked: RosterMember[] = [];
  for (const r of resolved) {
    const m = (r as { item: RosterMember }).item;
    if (!mediates(m)) return turn.reply(t.mediation.notMediator(memberShown(t, roster, m)));
    if (!picked.some((p) => p.id === m.id)) picked.push(m);
  }
  const to = await move(turn, c, 'preside', role);
  if (!to) return;
  const presiding = picked[0]!;
  const previous = c.presidingId ?? c.openedBy;
  const assistants = [
    ...new Set([
      ...c.assistantIds,
      ...picked.slice(1).map((m) => m.id),
      ...(previous !== presiding.id ? [previous] : []),
    ]),
  ].filter((id) => id !== presiding.id);
  const updated = await updateCase(tx, c.id, {
    status: to,
    presidingId: presiding.id,
    assistantIds: assistants,
    updatedAt: now,
  });
  await record(turn, updated, {
    type: 'presiding',
    actor: memberActor(turn),
    details: { presidingId: presiding.id, assistantIds: assistants },
  });
  const names = await staffNames(turn, updated);
  const shown = formatRef(ref);
  await tellStaff(
    turn,
    updated,
    (tt) => tt.mediation.presided(shown, names.presiding ?? '', names.assistants),
    turn.actor.member.id,
  );
  for (const { party } of await partiesWithReach(turn, c.id)) {
    await tellParty(
      turn,
      party,
      (tt) => ({ text: tt.mediation.presidedToParty(c.caseNo, presiding.name) }),
      turn.actor.village.timezone,
    );
  }
  await turn.reply(t.mediation.presided(shown, names.presiding ?? '', names.assistants), stepButtons(t, to, ref));
}

const stepAction: Record<RecordStep, MediationAction> = {
  investigate: 'investigate',
  session: 'session',
  follow_up: 'follow_up',
};
const stepCommand = { investigate: 'med_investigate', session: 'med_session', follow_up: 'med_follow_up' } as const;

/** 调查 / 调解 / 回访 #12 记录…: the record goes into the file with its time and author. */
export async function recordStep(turn: MemberTurn, ref: number, step: RecordStep, text: string): Promise<void> {
  const { t } = turn;
  const found = await caseForMember(turn, ref);
  if (!found) return;
  const { c, role } = found;
  const to = await move(turn, c, stepAction[step], role);
  if (!to) return;
  if (!text)
    return awaitCaseText(
      turn,
      stepCommand[step],
      ref,
      step,
      t.mediation.prompt(form(stepCommand[step], ref, t.mediation.arg.record)),
    );
  const body = text.slice(0, MAX_RECORD);
  const change = step === 'follow_up' ? { followedUpAt: turn.now } : {};
  const updated = await updateCase(turn.tx, c.id, { status: to, updatedAt: turn.now, ...change });
  await record(turn, updated, {
    type: step === 'investigate' ? 'investigated' : step === 'session' ? 'session' : 'followed_up',
    actor: memberActor(turn),
    text: body,
  });
  if (step === 'follow_up') {
    for (const { party } of await partiesWithReach(turn, c.id)) {
      await tellParty(
        turn,
        party,
        (tt) => ({ text: tt.mediation.followedUpToParty(c.caseNo) }),
        turn.actor.village.timezone,
      );
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
    const n = await tellParty(
      turn,
      party,
      (tt) => ({ text: tt.mediation.notice(c.caseNo, names.presiding) }),
      turn.actor.village.timezone,
    );
    if (n > 0) told.push(party.id);
    else unreachable.push({ id: party.id, name: party.name });
  }
  const updated = await updateCase(turn.tx, c.id, { status: to, updatedAt: turn.now });
  await record(turn, updated, {
    type: 'informed',
    actor: memberActor(turn),
    details: { told, unreachable: unreachable.map((u) => u.id) },
  });
  await turn.reply(
    turn.t.mediation.informed(
      formatRef(ref),
      told.length,
      unreachable.map((u) => u.name),
    ),
    stepButtons(turn.t, to, ref),
  );
}

/**
 * 对方 #12 一组2号 / 杨志强家 / 三组1号 杨志强 (a household of the village: its accounts are told and may take
 * part) or 对方 #12 张三 (someone from outside: a name the roster does not know; "村外 张三" when a household
 * head has the same name).
 */
export async function addParty(turn: MemberTurn, ref: number, given: string): Promise<void> {
  const { t } = turn;
  if (!given) return turn.reply(t.mediation.prompt(form('med_party', ref, t.mediation.arg.party)));
  const found = await caseForMember(turn, ref);
  if (!found) return;
  const { c, role } = found;
  const typed = given.normalize('NFKC').trim();
  const outsider = saysOutsider(typed);
  let household: RosterHousehold | null = null;
  if (!outsider) {
    const roster = await villageRoster(turn.tx, c.villageId);
    const r = resolveHousehold(roster, typed);
    if (r.kind === 'one') household = r.item;
    // Several households, or something that is no one's name (a code or an address the village does not have): ask.
    else if (r.kind === 'many' || !isPersonName(typed)) {
      await pickHousehold(turn, c.villageId, typed, {
        button: (h) => mediationPeopleCallback('med_party', ref, [byId(h.id)]),
        form: (who) => form('med_party', ref, who),
      });
      return;
    }
  }
  const parties = await partiesOf(turn.tx, c.id);
  if (household && parties.some((p) => p.householdId === household.id && p.role === 'applicant'))
    return turn.reply(t.mediation.partyIsApplicant(formatRef(ref)));
  const to = await move(turn, c, 'add_party', role);
  if (!to) return;
  const name = household ? household.head : outsiderName(given);
  // The same person from outside named twice is one party, as a household is (the unique index sees NULLs as distinct).
  if (!household && parties.some((p) => p.householdId === null && p.role === 'respondent' && p.name === name)) {
    return turn.reply(t.mediation.partyAdded(formatRef(ref), name, true));
  }
  const party = await insertParty(turn.tx, {
    caseId: c.id,
    role: 'respondent',
    householdId: household?.id ?? null,
    name,
    address: household?.address ?? null,
    addedAt: turn.now,
  });
  const shown = formatRef(ref);
  // The same household named twice: nothing new to record or tell.
  if (!party) return turn.reply(t.mediation.partyAdded(shown, name, true));
  await record(turn, c, {
    type: 'party_added',
    actor: memberActor(turn),
    text: name,
    details: { partyId: party.id, householdId: party.householdId },
  });
  const applicant = parties.find((p) => p.role === 'applicant')?.name ?? '';
  const tz = turn.actor.village.timezone;
  let reached = await tellParty(
    turn,
    party,
    (tt) => ({ text: tt.mediation.addedToParty(c.caseNo, shown, applicant) }),
    tz,
  );
  // "您可以在这里回复": what this household writes now is its statement on the case.
  if (reached > 0) await expectFromParties(turn, c, 'case_party', [party.householdId]);
  // Joining after the notice went out: this party gets it now.
  if (reached > 0 && ['informed', 'mediating'].includes(c.status)) {
    const names = await staffNames(turn, c);
    reached = await tellParty(turn, party, (tt) => ({ text: tt.mediation.notice(c.caseNo, names.presiding) }), tz);
    await record(turn, c, {
      type: 'informed',
      actor: memberActor(turn),
      details: { told: [party.id], unreachable: [] },
    });
  }
  await updateCase(turn.tx, c.id, { status: to, updatedAt: turn.now });
  await turn.reply(t.mediation.partyAdded(shown, name, reached > 0), stepButtons(t, to, ref));
}

/** A person from outside is written by name: letters of a script, not digits, codes or house numbers. */
const isPersonName = (typed: string): boolean =>
  /^[\p{L}·・. ]{1,30}$/u.test(typed) && !/[组号]/.test(typed) && !/[a-z]\d|\d/i.test(typed);
const outsiderName = (given: string): string =>
  given
    .replace(/[（(]?(?:村外|外村|outsider)[）)]?/gi, '')
    .trim()
    .slice(0, 60) || given.slice(0, 60);

/** 调解不成 #12 原因: the case ends without agreement; the reason says where the parties go (司法所, 派出所, 法院). */
export async function fail(turn: MemberTurn, ref: number, reason: string): Promise<void> {
  const { t } = turn;
  const found = await caseForMember(turn, ref);
  if (!found) return;
  const { c, role } = found;
  const to = await move(turn, c, 'fail', role);
  if (!to) return;
  if (!reason)
    return awaitCaseText(
      turn,
      'med_fail',
      ref,
      'fail',
      t.mediation.needsReason(form('med_fail', ref, t.mediation.arg.reason)),
    );
  const referral = referralOf(reason);
  const text = reason.slice(0, MAX_RECORD);
  const updated = await updateCase(turn.tx, c.id, {
    status: to,
    failedAt: turn.now,
    failReason: text,
    referral,
    updatedAt: turn.now,
  });
  await record(turn, updated, { type: 'failed', actor: memberActor(turn), text, details: { referral } });
  await caseOver(turn, updated);
  await resolveRequest(turn, updated, text);
  const shown = formatRef(ref);
  await tellStaff(
    turn,
    updated,
    (tt) => tt.mediation.failedToStaff(shown, tt.mediation.referral[referral]),
    turn.actor.member.id,
  );
  for (const { party } of await partiesWithReach(turn, c.id)) {
    await tellParty(
      turn,
      party,
      (tt) => ({ text: tt.mediation.failedToParty(c.caseNo, text, tt.mediation.referral[referral]) }),
      turn.actor.village.timezone,
    );
  }
  await turn.reply(t.mediation.failedToStaff(shown, t.mediation.referral[referral]), stepButtons(t, to, ref));
}
