import type { CareReason } from '../domain/care.js';
import { and, asc, count, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { groups, households, members, requests, villages } from '../../db/schema.js';
import type { RequestKind } from '../domain/classification.js';
import type { RequestStatus } from '../domain/request.machine.js';
import type { MemberRole } from '../domain/routing.js';
import type { Scope } from '../domain/scope.js';
import { overdueCondition, scopeCondition } from './scope.conditions.js';
import { memberNames, type VillageRow } from './people.repository.js';
import { type EventRow, eventsOfMany, type RequestRow } from './requests.repository.js';

/**
 * A request as lists and ledgers show it: with its village, household, group and assignee.
 * Every function here takes the Scope of whoever asks (the admin token: `{ kind: 'all' }`).
 */
export interface ExportedRequest {
  r: RequestRow;
  village: string;
  villageName: string;
  timezone: string;
  household: string;
  head: string;
  address: string | null;
  group: string | null;
  groupName: string | null;
  assigneeCode: string | null;
  assigneeName: string | null;
}

export interface ExportFilter {
  village?: string;
  /** Any of these statuses (`status=open` is expanded by the caller). */
  statuses?: RequestStatus[];
  kind?: RequestKind;
  /** Assignee's member code. */
  assignee?: string;
  /** Group code (of the requester's household). */
  group?: string;
  /** Reported at or after `from`, before `to`. */
  from?: Date;
  to?: Date;
  overdue?: boolean;
}

function conditions(scope: Scope, f: ExportFilter, now: Date, extra: (SQL | undefined)[] = []): SQL | undefined {
  const where: (SQL | undefined)[] = [scopeCondition(scope), ...extra];
  if (f.village) where.push(eq(villages.code, f.village));
  if (f.statuses?.length) where.push(inArray(requests.status, f.statuses));
  if (f.kind) where.push(eq(requests.kind, f.kind));
  if (f.assignee) where.push(eq(members.code, f.assignee));
  if (f.group) where.push(eq(groups.code, f.group));
  if (f.from) where.push(gte(requests.createdAt, f.from));
  if (f.to) where.push(lt(requests.createdAt, f.to));
  if (f.overdue) where.push(overdueCondition(now));
  const list = where.filter((w): w is SQL => w !== undefined);
  return list.length ? and(...list) : undefined;
}

const selected = (db: DbOrTx) => db.select({
  r: requests, village: villages.code, villageName: villages.name, timezone: villages.timezone,
  household: households.code, head: households.head, address: households.address, group: groups.code, groupName: groups.name,
  assigneeCode: members.code, assigneeName: members.name,
}).from(requests)
  .innerJoin(villages, eq(villages.id, requests.villageId))
  .innerJoin(households, eq(households.id, requests.householdId))
  .leftJoin(groups, eq(groups.id, households.groupId))
  .leftJoin(members, eq(members.id, requests.assigneeId));

const counted = (db: DbOrTx) => db.select({ n: count() }).from(requests)
  .innerJoin(villages, eq(villages.id, requests.villageId))
  .innerJoin(households, eq(households.id, requests.householdId))
  .leftJoin(groups, eq(groups.id, households.groupId))
  .leftJoin(members, eq(members.id, requests.assigneeId));

export interface PageRequest {
  pageSize: number;
  /** Keyset cursor: requests with a lower ref than this (newest first). */
  beforeRef?: number;
  /** Offset paging, kept for callers that use `page`. */
  page?: number;
}

/** One page of matching requests, newest first, whether more follow, and how many match in all. */
export async function requestsPage(db: DbOrTx, scope: Scope, f: ExportFilter, now: Date, p: PageRequest): Promise<{ items: ExportedRequest[]; more: boolean; total: number }> {
  const cursor = p.beforeRef !== undefined ? lt(requests.ref, p.beforeRef) : undefined;
  let q = selected(db).where(conditions(scope, f, now, [cursor])).orderBy(desc(requests.ref)).limit(p.pageSize + 1).$dynamic();
  if (p.beforeRef === undefined && p.page && p.page > 1) q = q.offset((p.page - 1) * p.pageSize);
  const rows = await q;
  const [total] = await counted(db).where(conditions(scope, f, now));
  return { items: rows.slice(0, p.pageSize), more: rows.length > p.pageSize, total: Number(total?.n ?? 0) };
}

/** One request, only when the scope sees it. */
export async function scopedRequest(db: DbOrTx, scope: Scope, ref: number): Promise<ExportedRequest | null> {
  const [row] = await selected(db).where(and(eq(requests.ref, ref), scopeCondition(scope)));
  return row ?? null;
}

/** Everything a ledger (台账) holds for a village and period: requests oldest first, each with its events and the members' names. */
export interface LedgerData {
  village: VillageRow;
  rows: ExportedRequest[];
  events: Map<number, EventRow[]>;
  names: Map<number, string>;
}

/** At most this many requests in one export; a longer period is asked for in parts. */
export const LEDGER_MAX_ROWS = 20_000;

export async function ledgerData(db: DbOrTx, scope: Scope, village: VillageRow, f: ExportFilter, now: Date): Promise<LedgerData> {
  const rows = await selected(db).where(conditions(scope, { ...f, village: village.code }, now)).orderBy(asc(requests.ref)).limit(LEDGER_MAX_ROWS);
  const events = new Map<number, EventRow[]>();
  for (let i = 0; i < rows.length; i += 1000) {
    for (const e of await eventsOfMany(db, rows.slice(i, i + 1000).map((x) => x.r.ref))) {
      const list = events.get(e.requestRef) ?? [];
      list.push(e);
      events.set(e.requestRef, list);
    }
  }
  const ids = new Set<number>();
  for (const list of events.values()) {
    for (const e of list) {
      if (e.actorKind === 'member' && e.actorId !== null) ids.add(e.actorId);
      for (const k of ['assigneeId', 'to', 'from', 'memberId']) if (typeof e.details[k] === 'number') ids.add(e.details[k]);
    }
  }
  return { village, rows, events, names: await memberNames(db, [...ids]) };
}

/** A village's roster as its file has it (active members only), for the Excel roster filled in. */
export interface RosterExport {
  village: VillageRow;
  groups: { code: string; name: string; leader: string | null; deputy: string | null }[];
  households: { code: string; group: string; head: string; address: string | null; bindCode: string; care: CareReason | null; phone: string | null }[];
  members: { code: string; name: string; roles: MemberRole[]; bindCode: string; away: boolean }[];
}

export async function rosterExport(db: DbOrTx, village: VillageRow): Promise<RosterExport> {
  const ms = await db.select().from(members).where(and(eq(members.villageId, village.id), eq(members.active, true))).orderBy(asc(members.code));
  const codeOf = new Map(ms.map((m) => [m.id, m.code]));
  const gs = await db.select().from(groups).where(and(eq(groups.villageId, village.id), sql`left(${groups.code}, 1) <> '~'`)).orderBy(asc(groups.code));
  const hs = await db.select({ h: households, group: groups.code }).from(households).innerJoin(groups, eq(groups.id, households.groupId))
    .where(and(eq(households.villageId, village.id), sql`left(${households.code}, 1) <> '~'`)).orderBy(asc(groups.code), asc(households.code));
  return {
    village,
    groups: gs.map((g) => ({ code: g.code, name: g.name, leader: g.leaderId === null ? null : codeOf.get(g.leaderId) ?? null, deputy: g.deputyId === null ? null : codeOf.get(g.deputyId) ?? null })),
    households: hs.map(({ h, group }) => ({ code: h.code, group, head: h.head, address: h.address, bindCode: h.bindCode, care: h.careReason, phone: h.phone })),
    members: ms.map((m) => ({ code: m.code, name: m.name, roles: m.roles, bindCode: m.bindCode, away: m.away })),
  };
}
