import { randomInt } from 'node:crypto';
import type { Db, Tx } from '../data/database.js';
import { villageById, villageMembers } from '../data/people.repository.js';
import { saveGroupRobots } from '../data/robots.repository.js';
import type { SecretBox } from '../data/secret-box.js';
import { updateRequest } from '../data/requests.repository.js';
import {
  codesInUse, codesOfOtherVillages, deactivateMembers, openRequestsAssignedTo, parkCardCodes, revokeAccounts, setHouseholdCardCode,
  setMemberCardCode, storedRoster, upsertGroups, upsertHouseholds, upsertMembers, upsertVillage,
} from '../data/roster.repository.js';
import { generateCardCode, normalizeCardCode, type RandomInt } from '../domain/card-code.js';
import { type Clock, systemClock } from '../domain/clock.js';
import { deadlinesFor, defaultSla, type SlaPolicy } from '../domain/deadlines.js';
import { AppError } from '../domain/errors.js';
import { quietHoursOf } from '../domain/quiet-hours.js';
import { systemActor } from '../domain/request.events.js';
import { transition } from '../domain/request.machine.js';
import { describeIssues, type Roster, rosterSchema } from '../domain/roster.schema.js';
import { escalationTarget, secretaryOf } from '../domain/routing.js';
import { raise } from '../messaging/notifiers.js';
import { eventContext, sendToMember } from '../messaging/send.js';

export interface ImportSummary {
  village: string;
  members: number;
  groups: number;
  households: number;
  /** Card codes the service generated because the file gave none. */
  generated: number;
  /** Households and members whose card code this import changed (their old cards no longer bind). */
  changed: number;
  /** Accounts unbound because their card was re-issued. */
  revoked: number;
  /** Members the file left out: their accounts can no longer act. */
  deactivated: number;
  /** Open tasks of deactivated members handed to the secretary. */
  moved: number;
}

export interface ImportOptions {
  clock?: Clock;
  /** Response windows for tasks handed to the secretary. */
  sla?: SlaPolicy;
  /** The random source of generated card codes (crypto.randomInt unless a test passes one). */
  random?: RandomInt;
  /** Seals groups' robot webhook keys (from the admin token); without it a roster giving a key is refused. */
  robotKeys?: SecretBox;
}

const invalid = (issues: string[]) => new AppError('roster.invalid', `Invalid roster: ${issues.slice(0, 5).join('; ')}`, { issues });

export function parseRoster(input: unknown): Roster {
  const parsed = rosterSchema.safeParse(input);
  if (!parsed.success) throw invalid(describeIssues(parsed.error));
  return parsed.data;
}

/** One household or member of the file, with the card code it ends up with. */
interface Entry {
  kind: 'member' | 'household';
  index: number;
  code: string;
  supplied: string | undefined;
  stored: { id: number; bindCode: string } | undefined;
  final: string;
}

const pathOf = (e: Pick<Entry, 'kind' | 'index'>) => `${e.kind}s.${e.index}`;

/**
 * Imports or updates one village by codes, in one transaction: a file with any error changes nothing.
 * Card codes the file gives are taken as printed (normalized); a household or member without one keeps
 * the code it has, or gets a generated one unique in the deployment. A changed code revokes the
 * accounts bound with the old card and tells them; a member left out is deactivated and their open
 * tasks go to the secretary, who is told.
 */
export async function importRoster(db: Db, input: unknown, opts: ImportOptions = {}): Promise<ImportSummary> {
  const roster = parseRoster(input);
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? ((bound: number) => randomInt(bound));
  return db.transaction(async (tx) => {
    const now = clock.now();
    const v = roster.village;
    const villageId = await upsertVillage(tx, {
      code: v.code, name: v.name, town: v.town ?? null, county: v.county ?? null, sayThingsDay: v.sayThingsDay, timezone: v.timezone,
      sayThingsPlace: v.sayThingsPlace, sayThingsTime: v.sayThingsTime, reminderDaysBefore: v.reminderDaysBefore, reminderHour: v.reminderHour, quietFrom: v.quietFrom, quietUntil: v.quietUntil,
    });
    const stored = await storedRoster(tx, villageId);
    const entries: Entry[] = [
      ...roster.members.map((m, index): Entry => ({ kind: 'member', index, code: m.code, supplied: m.bindCode, stored: stored.members.get(m.code), final: '' })),
      ...roster.households.map((h, index): Entry => ({ kind: 'household', index, code: h.code, supplied: h.bindCode, stored: stored.households.get(h.code), final: '' })),
    ];

    // Codes are unique across the deployment: another village's code is named, not taken.
    const issues: string[] = [];
    const supplied = entries.filter((e) => e.supplied !== undefined);
    const elsewhere = await codesOfOtherVillages(tx, villageId, supplied.map((e) => e.supplied!));
    for (const e of supplied) {
      if (elsewhere.has(e.supplied!)) issues.push(`${pathOf(e)}.bindCode: bind code ${e.supplied} belongs to another village`);
    }
    // The file's own codes first; then the codes kept from the last import, which must not clash with them.
    const claimed = new Map<string, Entry>();
    for (const e of supplied) { e.final = e.supplied!; claimed.set(e.final, e); }
    for (const e of entries) {
      if (e.supplied !== undefined || !e.stored) continue;
      const kept = normalizeCardCode(e.stored.bindCode);
      const other = claimed.get(kept);
      if (other) {
        issues.push(`${pathOf(e)}.bindCode: has no bind code, and the code it kept from the last import (${kept}) is given to ${pathOf(other)} — give it a new one`);
        continue;
      }
      e.final = kept;
      claimed.set(kept, e);
    }
    if (issues.length) throw invalid(issues);
    const fresh = entries.filter((e) => e.final === '');
    for (const [e, code] of zip(fresh, await freshCodes(tx, fresh.length, claimed, random))) e.final = code;

    // Households and members of this village the file leaves out keep their rows; one whose card code
    // the file now gives to someone else gets a new code, as its card no longer binds it.
    const inFile = { members: new Set(roster.members.map((m) => m.code)), households: new Set(roster.households.map((h) => h.code)) };
    const leftOut = {
      members: [...stored.members.values()].filter((m) => !inFile.members.has(m.code)),
      households: [...stored.households.values()].filter((h) => !inFile.households.has(h.code)),
    };
    const displaced = [
      ...leftOut.members.filter((m) => claimed.has(normalizeCardCode(m.bindCode))).map((m) => ({ kind: 'member' as const, id: m.id, bindCode: m.bindCode, final: '' })),
      ...leftOut.households.filter((h) => claimed.has(normalizeCardCode(h.bindCode))).map((h) => ({ kind: 'household' as const, id: h.id, bindCode: h.bindCode, final: '' })),
    ];
    for (const [r, code] of zip(displaced, await freshCodes(tx, displaced.length, claimed, random))) r.final = code;

    // Phase one: every row whose code changes lets go of it, so codes may swap within the village.
    const changing = [
      ...entries.filter((e) => e.stored && e.stored.bindCode !== e.final).map((e) => ({ kind: e.kind, id: e.stored!.id })),
      ...displaced,
    ];
    await parkCardCodes(tx, {
      members: changing.filter((c) => c.kind === 'member').map((c) => c.id),
      households: changing.filter((c) => c.kind === 'household').map((c) => c.id),
    });
    for (const r of displaced) {
      if (r.kind === 'member') await setMemberCardCode(tx, r.id, r.final);
      else await setHouseholdCardCode(tx, r.id, r.final);
    }

    // Phase two: the rows, with their final codes.
    // Entries hold the members first, then the households, each in file order.
    const finalOf = (kind: Entry['kind'], index: number) => entries[kind === 'member' ? index : roster.members.length + index]!.final;
    const memberIds = await upsertMembers(tx, villageId, roster.members.map((m, i) => ({
      code: m.code, name: m.name, roles: m.roles, away: m.away, bindCode: finalOf('member', i),
    })));
    const groupIds = await upsertGroups(tx, villageId, roster.groups.map((g) => ({
      code: g.code, name: g.name, leaderId: g.leader ? memberIds.get(g.leader)! : null, deputyId: g.deputy ? memberIds.get(g.deputy)! : null,
    })));
    const keyed = roster.groups.findIndex((g) => typeof g.robotKey === 'string');
    if (keyed >= 0 && !opts.robotKeys) throw invalid([`groups.${keyed}.robotKey: cannot be kept here (no admin token to seal it with)`]);
    await saveGroupRobots(tx, roster.groups.map((g) => ({ groupId: groupIds.get(g.code)!, robotKey: g.robotKey })), opts.robotKeys ?? null, now);
    await upsertHouseholds(tx, villageId, roster.households.map((h, i) => ({
      code: h.code, groupId: groupIds.get(h.group)!, head: h.head, address: h.address ?? null, bindCode: finalOf('household', i),
    })));

    // A re-issued card: the accounts bound with the old one are unbound and told.
    const send = eventContext(tx, now).send;
    const village = await villageById(tx, villageId);
    const quiet = { quietHoursIn: village ? quietHoursOf(village) : v.timezone };
    let changed = 0;
    let revoked = 0;
    const reissuedCards = [
      ...entries.filter((e) => e.stored && normalizeCardCode(e.stored.bindCode) !== e.final).map((e) => ({ kind: e.kind, id: e.stored!.id, final: e.final })),
      ...displaced,
    ];
    for (const card of reissuedCards) {
      changed++;
      const accounts = await revokeAccounts(tx, card.kind === 'member' ? { memberId: card.id } : { householdId: card.id }, card.final, now);
      revoked += accounts.length;
      for (const a of accounts) {
        await send(a, (t) => ({ text: card.kind === 'member' ? t.roster.memberCardReplaced(v.name) : t.roster.householdCardReplaced(v.name) }), quiet);
      }
    }

    const gone = leftOut.members.filter((m) => m.active);
    await deactivateMembers(tx, gone.map((m) => m.id));
    const moved = await handOverTasks(tx, villageId, v.timezone, gone, now, opts.sla ?? defaultSla);

    return {
      village: v.code, members: roster.members.length, groups: roster.groups.length, households: roster.households.length,
      generated: fresh.length + displaced.length, changed, revoked, deactivated: gone.length, moved,
    };
  });
}

function zip<A, B>(as: readonly A[], bs: readonly B[]): [A, B][] {
  return as.map((a, i) => [a, bs[i]!]);
}

/** `n` new card codes, none held by anybody in the deployment nor claimed by this file (they are claimed here). */
async function freshCodes(tx: Tx, n: number, claimed: Map<string, unknown>, random: RandomInt): Promise<string[]> {
  const out: string[] = [];
  while (out.length < n) {
    const batch = new Set<string>();
    while (batch.size < n - out.length) {
      const c = generateCardCode(random);
      if (!claimed.has(c)) batch.add(c);
    }
    const used = await codesInUse(tx, [...batch]);
    for (const c of batch) {
      if (used.has(c)) continue;
      out.push(c);
      claimed.set(c, true);
    }
  }
  return out;
}

/**
 * The open tasks of members the roster left out go to the village secretary (or, without one, to town
 * staff) through the state machine's `escalate` — legal from every open status — each with its ledger
 * entry and task card; the secretary also hears in one message who left and how many tasks came.
 */
async function handOverTasks(tx: Tx, villageId: number, timezone: string, gone: { id: number; code: string; name: string }[],
  now: Date, sla: SlaPolicy): Promise<number> {
  if (gone.length === 0) return 0;
  const active = (await villageMembers(tx, villageId)).filter((m) => m.active);
  const secretary = secretaryOf(active);
  const ctx = eventContext(tx, now);
  let moved = 0;
  const report: { name: string; code: string; moved: number }[] = [];
  let told: number | null = secretary;
  for (const member of gone) {
    let count = 0;
    for (const r of await openRequestsAssignedTo(tx, member.id)) {
      const target = secretary ?? escalationTarget(active, 1, member.id)?.to ?? null;
      const step = transition(r.status, 'escalate');
      if (target === null || !step.ok) continue;
      told ??= target;
      const due = deadlinesFor(r.kind, r.urgency, now, timezone, sla);
      const updated = await updateRequest(tx, r.ref, {
        status: step.to, assigneeId: target, updatedAt: now, acceptDueAt: due.acceptBy, remindedFor: null,
      });
      await raise(ctx, { type: 'escalated', request: updated, by: systemActor, from: member.id, to: target });
      count++;
    }
    moved += count;
    report.push({ name: member.name, code: member.code, moved: count });
  }
  if (told !== null) await sendToMember(ctx, told, (t) => ({ text: t.roster.membersDeactivated(report) }));
  return moved;
}
