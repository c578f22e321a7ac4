import { randomInt } from 'node:crypto';
import type { Db, Tx } from '../data/database.js';
import { setCareReasons } from '../data/care.repository.js';
import { writeAudit } from '../data/desk.repository.js';
import { rosterExport } from '../data/export.repository.js';
import { membersWithRole, villageByCode, villageById, villageMembers } from '../data/people.repository.js';
import { saveGroupRobots } from '../data/robots.repository.js';
import type { SecretBox } from '../data/secret-box.js';
import { updateRequest } from '../data/requests.repository.js';
import {
  codesInUse,
  codesOfOtherVillages,
  deactivateMembers,
  openRequestsAssignedTo,
  parkCardCodes,
  revokeAccounts,
  setHouseholdCardCode,
  setMemberCardCode,
  storedRoster,
  upsertGroups,
  upsertHouseholds,
  upsertMembers,
  upsertVillage,
} from '../data/roster.repository.js';
import { generateCardCode, normalizeCardCode, type RandomInt } from '../domain/card-code.js';
import { careReasonOf } from '../domain/care.js';
import { type Clock, systemClock } from '../domain/clock.js';
import { deadlinesFor, defaultSla, type SlaPolicy } from '../domain/deadlines.js';
import { AppError } from '../domain/errors.js';
import { shortGroupName } from '../domain/people.resolve.js';
import { quietHoursOf } from '../domain/quiet-hours.js';
import { systemActor } from '../domain/request.events.js';
import { transition } from '../domain/request.machine.js';
import { mayMoveVillage, rolesBeyond, sameRoles } from '../domain/roster.authority.js';
import { diffRoster, type RosterDiff } from '../domain/roster.diff.js';
import { describeIssues, type Roster, rosterSchema } from '../domain/roster.schema.js';
import { escalationTarget, type MemberRole, secretaryOf } from '../domain/routing.js';
import { type Scope, seesVillage } from '../domain/scope.js';
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
  /** Creates the village marked as the demo (LINLI_DEMO / --demo only): its codes are public. */
  demo?: boolean;
  /**
   * The scope of whoever imports: absent (or all) for the admin; a desk member's otherwise, who may change
   * only what that scope covers (src/domain/roster.authority.ts) — anything beyond is refused, nothing written.
   */
  scope?: Scope;
  /** Who imports, as the audit log names them (`s-01@xiaoyingdian`, `admin`, `cli`), and as people are told (null: the administrator). */
  actor?: RosterActor;
  /** Told what the file changes, row by row and field by field, before anything is written (the desk's preview). */
  onDiff?: (diff: RosterDiff) => void;
}

export interface RosterActor {
  audit: string;
  /** The name people read in the change messages; null says "the administrator". */
  label: string | null;
  sessionId?: number | null;
  memberId?: number | null;
  ip?: string | null;
}

/** `unusableCodes`: how many of the file's card codes another village holds (the desk throttles on it). */
const invalid = (issues: string[], unusableCodes = 0) =>
  new AppError('roster.invalid', `Invalid roster: ${issues.slice(0, 5).join('; ')}`, {
    issues,
    ...(unusableCodes ? { unusableCodes } : {}),
  });

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
    const before = await villageByCode(tx, v.code);
    const villageId = await upsertVillage(tx, {
      code: v.code,
      name: v.name,
      town: v.town ?? null,
      county: v.county ?? null,
      sayThingsDay: v.sayThingsDay,
      timezone: v.timezone,
      sayThingsPlace: v.sayThingsPlace,
      sayThingsTime: v.sayThingsTime,
      reminderDaysBefore: v.reminderDaysBefore,
      reminderHour: v.reminderHour,
      quietFrom: v.quietFrom,
      quietUntil: v.quietUntil,
      careCadence: v.careCadence,
      ...(opts.demo ? { isDemo: true } : {}),
    });
    const stored = await storedRoster(tx, villageId);
    // What the village holds now, as its file would say it: the changes are shown (dry run) and audited below.
    const diff = diffRoster(
      before ? await rosterExport(tx, before) : { groups: [], households: [], members: [] },
      roster,
    );
    opts.onDiff?.(diff);
    const scope = opts.scope ?? { kind: 'all' };
    const beyond = authorityIssues(scope, before, roster, stored.members);
    if (beyond.length) throw invalid(beyond);
    const entries: Entry[] = [
      ...roster.members.map((m, index): Entry => ({
        kind: 'member',
        index,
        code: m.code,
        supplied: m.bindCode,
        stored: stored.members.get(m.code),
        final: '',
      })),
      ...roster.households.map((h, index): Entry => ({
        kind: 'household',
        index,
        code: h.code,
        supplied: h.bindCode,
        stored: stored.households.get(h.code),
        final: '',
      })),
    ];

    // Codes are unique across the deployment: another village's code is not taken, and never said to be
    // another village's (the answer is the same as for any code that cannot be used: no oracle of codes).
    const issues: string[] = [];
    const supplied = entries.filter((e) => e.supplied !== undefined);
    const elsewhere = await codesOfOtherVillages(
      tx,
      villageId,
      supplied.map((e) => e.supplied!),
    );
    for (const e of supplied) {
      if (elsewhere.has(e.supplied!)) issues.push(`${pathOf(e)}.bindCode: bind code ${e.supplied} cannot be used`);
    }
    // The file's own codes first; then the codes kept from the last import, which must not clash with them.
    const claimed = new Map<string, Entry>();
    for (const e of supplied) {
      e.final = e.supplied!;
      claimed.set(e.final, e);
    }
    for (const e of entries) {
      if (e.supplied !== undefined || !e.stored) continue;
      const kept = normalizeCardCode(e.stored.bindCode);
      const other = claimed.get(kept);
      if (other) {
        issues.push(
          `${pathOf(e)}.bindCode: has no bind code, and the code it kept from the last import (${kept}) is given to ${pathOf(other)} — give it a new one`,
        );
        continue;
      }
      e.final = kept;
      claimed.set(kept, e);
    }
    if (issues.length) throw invalid(issues, elsewhere.size);
    const fresh = entries.filter((e) => e.final === '');
    for (const [e, code] of zip(fresh, await freshCodes(tx, fresh.length, claimed, random))) e.final = code;

    // Households and members of this village the file leaves out keep their rows; one whose card code
    // the file now gives to someone else gets a new code, as its card no longer binds it.
    const inFile = {
      members: new Set(roster.members.map((m) => m.code)),
      households: new Set(roster.households.map((h) => h.code)),
    };
    const leftOut = {
      members: [...stored.members.values()].filter((m) => !inFile.members.has(m.code)),
      households: [...stored.households.values()].filter((h) => !inFile.households.has(h.code)),
    };
    const displaced = [
      ...leftOut.members
        .filter((m) => claimed.has(normalizeCardCode(m.bindCode)))
        .map((m) => ({ kind: 'member' as const, id: m.id, bindCode: m.bindCode, final: '' })),
      ...leftOut.households
        .filter((h) => claimed.has(normalizeCardCode(h.bindCode)))
        .map((h) => ({ kind: 'household' as const, id: h.id, bindCode: h.bindCode, final: '' })),
    ];
    for (const [r, code] of zip(displaced, await freshCodes(tx, displaced.length, claimed, random))) r.final = code;

    // Phase one: every row whose code changes lets go of it, so codes may swap within the village.
    const changing = [
      ...entries
        .filter((e) => e.stored && e.stored.bindCode !== e.final)
        .map((e) => ({ kind: e.kind, id: e.stored!.id })),
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
    const finalOf = (kind: Entry['kind'], index: number) =>
      entries[kind === 'member' ? index : roster.members.length + index]!.final;
    const memberIds = await upsertMembers(
      tx,
      villageId,
      roster.members.map((m, i) => ({
        code: m.code,
        name: m.name,
        roles: m.roles,
        away: m.away,
        bindCode: finalOf('member', i),
      })),
    );
    const groupIds = await upsertGroups(
      tx,
      villageId,
      roster.groups.map((g) => ({
        code: g.code,
        name: g.name,
        leaderId: g.leader ? memberIds.get(g.leader)! : null,
        deputyId: g.deputy ? memberIds.get(g.deputy)! : null,
      })),
    );
    const keyed = roster.groups.findIndex((g) => typeof g.robotKey === 'string');
    if (keyed >= 0 && !opts.robotKeys)
      throw invalid([`groups.${keyed}.robotKey: cannot be kept here (no admin token to seal it with)`]);
    await saveGroupRobots(
      tx,
      roster.groups.map((g) => ({ groupId: groupIds.get(g.code)!, robotKey: g.robotKey })),
      opts.robotKeys ?? null,
      now,
    );
    await upsertHouseholds(
      tx,
      villageId,
      roster.households.map((h, i) => ({
        code: h.code,
        groupId: groupIds.get(h.group)!,
        head: h.head,
        address: h.address ?? null,
        bindCode: finalOf('household', i),
        phone: h.phone,
      })),
    );
    // 特殊户: only what the file says (a roster without the column keeps the households' care as it is).
    await setCareReasons(
      tx,
      villageId,
      roster.households
        .filter((h) => h.care !== undefined)
        .map((h) => ({ code: h.code, reason: h.care ? careReasonOf(h.care) : null })),
      now,
    );

    // A re-issued card: the accounts bound with the old one are unbound and told.
    const send = eventContext(tx, now).send;
    const village = await villageById(tx, villageId);
    const quiet = { quietHoursIn: village ? quietHoursOf(village) : v.timezone };
    let changed = 0;
    let revoked = 0;
    const reissuedCards = [
      ...entries
        .filter((e) => e.stored && normalizeCardCode(e.stored.bindCode) !== e.final)
        .map((e) => ({ kind: e.kind, id: e.stored!.id, final: e.final })),
      ...displaced,
    ];
    for (const card of reissuedCards) {
      changed++;
      const accounts = await revokeAccounts(
        tx,
        card.kind === 'member' ? { memberId: card.id } : { householdId: card.id },
        card.final,
        now,
      );
      revoked += accounts.length;
      for (const a of accounts) {
        await send(
          a,
          (t) => ({
            text: card.kind === 'member' ? t.roster.memberCardReplaced(v.name) : t.roster.householdCardReplaced(v.name),
          }),
          quiet,
        );
      }
    }

    const gone = leftOut.members.filter((m) => m.active);
    await deactivateMembers(
      tx,
      gone.map((m) => m.id),
    );
    const moved = await handOverTasks(tx, villageId, v.timezone, gone, now, opts.sla ?? defaultSla);
    if (before) {
      await auditDiff(tx, now, opts.actor ?? { audit: 'admin', label: null }, v.code, diff);
      await recordChanges(
        tx,
        now,
        opts.actor ?? { audit: 'admin', label: null },
        { id: villageId, code: v.code, name: v.name },
        {
          roles: roster.members
            .map((m) => ({
              code: m.code,
              name: m.name,
              place: placeInFile(roster, m.code),
              id: memberIds.get(m.code)!,
              before: activeRoles(stored.members.get(m.code)),
              after: m.roles,
            }))
            .filter((c) => !sameRoles(c.before, c.after)),
          town: (v.town ?? null) !== before.town ? [before.town, v.town ?? null] : null,
          county: (v.county ?? null) !== before.county ? [before.county, v.county ?? null] : null,
        },
      );
    }

    return {
      village: v.code,
      members: roster.members.length,
      groups: roster.groups.length,
      households: roster.households.length,
      generated: fresh.length + displaced.length,
      changed,
      revoked,
      deactivated: gone.length,
      moved,
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
async function handOverTasks(
  tx: Tx,
  villageId: number,
  timezone: string,
  gone: { id: number; code: string; name: string }[],
  now: Date,
  sla: SlaPolicy,
): Promise<number> {
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
        status: step.to,
        assigneeId: target,
        updatedAt: now,
        acceptDueAt: due.acceptBy,
        remindedFor: null,
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

/**
 * Every row a re-import (or a desk edit) adds, changes or leaves out goes to the audit log with the fields
 * before and after, under `household:CODE@VILLAGE`, `member:…` or `group:…`: their desk pages list it.
 */
async function auditDiff(tx: Tx, now: Date, actor: RosterActor, village: string, diff: RosterDiff): Promise<void> {
  const entry = {
    at: now,
    sessionId: actor.sessionId ?? null,
    memberId: actor.memberId ?? null,
    actor: actor.audit,
    ip: actor.ip ?? null,
    action: 'roster.change',
  };
  const kinds = [
    ['household', diff.households],
    ['member', diff.members],
    ['group', diff.groups],
  ] as const;
  for (const [kind, part] of kinds) {
    for (const row of part.added)
      await writeAudit(tx, {
        ...entry,
        target: `${kind}:${row.code}@${village}`,
        details: { change: 'added', name: row.name },
      });
    for (const row of part.changed) {
      await writeAudit(tx, {
        ...entry,
        target: `${kind}:${row.code}@${village}`,
        details: {
          change: 'changed',
          name: row.name,
          before: Object.fromEntries(row.changes.map((c) => [c.field, c.before])),
          after: Object.fromEntries(row.changes.map((c) => [c.field, c.after])),
        },
      });
    }
  }
  for (const row of diff.members.removed)
    await writeAudit(tx, {
      ...entry,
      target: `member:${row.code}@${village}`,
      details: { change: 'removed', name: row.name },
    });
}

/** What a member's roles are worth before the import: none when they were left out before (inactive) or new. */
const activeRoles = (m: { active: boolean; roles: MemberRole[] } | undefined): MemberRole[] =>
  m?.active ? m.roles : [];

/**
 * What this file would change beyond the importer's scope, as issues on its rows (empty for the admin): a
 * village they do not oversee, its town or county, a town or county role given, taken away, or left out.
 */
function authorityIssues(
  scope: Scope,
  before: { id: number; town: string | null; county: string | null } | null,
  roster: Roster,
  stored: Map<string, { code: string; active: boolean; roles: MemberRole[] }>,
): string[] {
  if (scope.kind === 'all') return [];
  if (!before || !seesVillage(scope, before)) return ['village.code: not a village you may import'];
  const issues: string[] = [];
  for (const field of ['town', 'county'] as const) {
    if ((roster.village[field] ?? null) !== before[field] && !mayMoveVillage(scope, field))
      issues.push(`village.${field}: may not change the village's ${field}`);
  }
  roster.members.forEach((m, i) => {
    for (const role of rolesBeyond(scope, activeRoles(stored.get(m.code)), m.roles))
      issues.push(`members.${i}.roles: may not give or take away the role ${role}`);
  });
  const inFile = new Set(roster.members.map((m) => m.code));
  for (const m of stored.values()) {
    if (inFile.has(m.code)) continue;
    for (const role of rolesBeyond(scope, activeRoles(m), []))
      issues.push(`members: member ${m.code} holds ${role} and is left out`);
  }
  return issues;
}

/** The group a member leads or deputises for in the file, as people say it. */
function placeInFile(roster: Roster, code: string): { group: string; role: 'leader' | 'deputy' } | null {
  const g = roster.groups.find((x) => x.leader === code) ?? roster.groups.find((x) => x.deputy === code);
  return g ? { group: shortGroupName(g.name), role: g.leader === code ? 'leader' : 'deputy' } : null;
}

interface Changes {
  roles: {
    id: number;
    code: string;
    name: string;
    place: { group: string; role: 'leader' | 'deputy' } | null;
    before: MemberRole[];
    after: MemberRole[];
  }[];
  town: [string | null, string | null] | null;
  county: [string | null, string | null] | null;
}

/**
 * Every role or place change of a re-imported village goes to the audit log with before and after, is told
 * to the member concerned, and to the village's secretaries in one message: a change nobody arranged is seen.
 */
async function recordChanges(
  tx: Tx,
  now: Date,
  actor: RosterActor,
  village: { id: number; code: string; name: string },
  c: Changes,
): Promise<void> {
  if (c.roles.length === 0 && !c.town && !c.county) return;
  const entry = {
    at: now,
    sessionId: actor.sessionId ?? null,
    memberId: actor.memberId ?? null,
    actor: actor.audit,
    ip: actor.ip ?? null,
  };
  for (const r of c.roles) {
    await writeAudit(tx, {
      ...entry,
      action: 'roster.roles',
      target: `${r.code}@${village.code}`,
      details: { before: r.before, after: r.after },
    });
  }
  const places = { town: c.town, county: c.county };
  for (const field of ['town', 'county'] as const) {
    const change = places[field];
    if (change)
      await writeAudit(tx, {
        ...entry,
        action: 'roster.place',
        target: village.code,
        details: { field, before: change[0], after: change[1] },
      });
  }
  const ctx = eventContext(tx, now);
  const roleNames = (t: Parameters<Parameters<typeof sendToMember>[2]>[0], roles: MemberRole[]) =>
    roles.length ? roles.map((r) => t.role[r] ?? r).join('、') : t.roster.none;
  for (const r of c.roles) {
    await sendToMember(ctx, r.id, (t) => ({
      text: t.roster.rolesChanged(village.name, roleNames(t, r.before), roleNames(t, r.after), actor.label),
    }));
  }
  for (const s of await membersWithRole(tx, village.id, 'secretary')) {
    if (!s.active) continue;
    await sendToMember(ctx, s.id, (t) => ({
      text: t.roster.changesToSecretary(village.name, actor.label, [
        // Named as people say them (two of one name told apart by group), never by roster code.
        ...c.roles.map((r) =>
          t.roster.roleLine(
            t.people.member({ name: r.name, group: r.place?.group ?? null, role: r.place?.role ?? null }),
            roleNames(t, r.before),
            roleNames(t, r.after),
          ),
        ),
        ...(['town', 'county'] as const).flatMap((f) => {
          const change = places[f];
          return change ? [t.roster.placeLine(f, change[0] ?? t.roster.none, change[1] ?? t.roster.none)] : [];
        }),
      ]),
    }));
  }
}
