import { and, asc, count, desc, eq, gte, ilike, inArray, lt, max, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { groups, households, members, requestFollowers, requests, villages } from '../../db/schema.js';
import type { RequestKind, Urgency } from '../domain/classification.js';
import { openStatuses, type RequestStatus } from '../domain/request.machine.js';
import type { Scope } from '../domain/scope.js';
import { overdueCondition, scopeCondition } from './scope.conditions.js';
import { statusCounts, tallyMark } from './request-tallies.repository.js';
import type { GroupRow, HouseholdRow, MemberRow, VillageRow } from './people.repository.js';
import type { RequestRow } from './requests.repository.js';

/** The villages a scope sees, by code (a group leader's own village included). */
export async function villagesInScope(db: DbOrTx, scope: Scope): Promise<VillageRow[]> {
  const where = scope.kind === 'groups' ? eq(villages.id, scope.villageId) : scopeCondition(scope);
  return db.select().from(villages).where(where).orderBy(asc(villages.code));
}

/** The groups of the villages a scope sees (a group leader: their own groups only). */
export async function groupsInScope(db: DbOrTx, scope: Scope): Promise<(GroupRow & { village: string })[]> {
  const where = scope.kind === 'groups'
    ? (scope.groupIds.length ? inArray(groups.id, scope.groupIds) : sql`false`)
    : scopeCondition(scope);
  const rows = await db.select({ g: groups, village: villages.code }).from(groups).innerJoin(villages, eq(villages.id, groups.villageId))
    .where(where).orderBy(asc(villages.code), asc(groups.code));
  return rows.map((r) => ({ ...r.g, village: r.village }));
}

/** Active members of the villages a scope sees: who a request can be assigned to, and the assignee filter. */
export async function membersInScope(db: DbOrTx, scope: Scope): Promise<(MemberRow & { village: string })[]> {
  const where = scope.kind === 'groups' ? eq(villages.id, scope.villageId) : scopeCondition(scope);
  const rows = await db.select({ m: members, village: villages.code }).from(members).innerJoin(villages, eq(villages.id, members.villageId))
    .where(and(eq(members.active, true), where)).orderBy(asc(villages.code), asc(members.code));
  return rows.map((r) => ({ ...r.m, village: r.village }));
}

export interface BoardFilter {
  village?: string;
  group?: number;
  kind?: RequestKind;
  /** 'open' (the default), 'all', or one status. */
  status?: RequestStatus | 'open' | 'all';
  urgency?: Urgency;
  assignee?: number;
  overdue?: boolean;
  /** Reported at or after / before these instants. */
  from?: Date;
  to?: Date;
  /** A reference (`#1024`, `1024`), a household code or head, or words of the report. */
  q?: string;
}

export interface BoardRow {
  r: RequestRow;
  village: string;
  villageName: string;
  timezone: string;
  group: string | null;
  groupName: string | null;
  household: string;
  head: string;
  address: string | null;
  assigneeName: string | null;
}

function filterConditions(scope: Scope, f: BoardFilter, now: Date, withStatus: boolean): SQL | undefined {
  const where: (SQL | undefined)[] = [scopeCondition(scope)];
  if (f.village) where.push(eq(villages.code, f.village));
  if (f.group !== undefined) where.push(eq(households.groupId, f.group));
  if (f.kind) where.push(eq(requests.kind, f.kind));
  if (withStatus) {
    const status = f.status ?? 'open';
    if (status === 'open') where.push(inArray(requests.status, openStatuses));
    else if (status !== 'all') where.push(eq(requests.status, status));
  }
  if (f.urgency) where.push(eq(requests.urgency, f.urgency));
  if (f.assignee !== undefined) where.push(eq(requests.assigneeId, f.assignee));
  if (f.overdue) where.push(overdueCondition(now));
  if (f.from) where.push(gte(requests.createdAt, f.from));
  if (f.to) where.push(lt(requests.createdAt, f.to));
  const q = f.q?.trim();
  if (q) {
    const ref = /^#?(\d{1,9})$/.exec(q);
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(...(ref ? [eq(requests.ref, Number(ref[1]))] : []), ilike(requests.summary, like), ilike(requests.text, like),
      ilike(households.code, like), ilike(households.head, like), ilike(households.address, like)));
  }
  const list = where.filter((w): w is SQL => w !== undefined);
  return list.length ? and(...list) : undefined;
}

/** Whether the scope or a filter reads the request's household (its group, code, head or address). */
const needsHousehold = (scope: Scope, f: BoardFilter) => scope.kind === 'groups' || f.group !== undefined || !!f.q?.trim();

const boardSelect = (db: DbOrTx) => db.select({
  r: requests, village: villages.code, villageName: villages.name, timezone: villages.timezone, group: groups.code, groupName: groups.name,
  household: households.code, head: households.head, address: households.address, assigneeName: members.name,
}).from(requests)
  .innerJoin(villages, eq(villages.id, requests.villageId))
  .innerJoin(households, eq(households.id, requests.householdId))
  .leftJoin(groups, eq(groups.id, households.groupId))
  .leftJoin(members, eq(members.id, requests.assigneeId));

/** Whether the counts of a filter are the tallies': no filter but the status, a village or a kind. */
const tallied = (f: BoardFilter) =>
  f.group === undefined && f.urgency === undefined && f.assignee === undefined && !f.overdue && !f.from && !f.to && !f.q?.trim();

/** The board: matching requests, most urgent and oldest deadline first, and how many there are per status. */
export async function boardRows(db: DbOrTx, scope: Scope, f: BoardFilter, now: Date, limit = 200): Promise<{ rows: BoardRow[]; counts: Record<string, number> }> {
  const rows = await boardSelect(db).where(filterConditions(scope, f, now, true))
    .orderBy(sql`case when ${requests.urgency} = 'urgent' then 0 else 1 end`, desc(requests.ref)).limit(limit);
  // The status counts ignore the status filter; with no filter but a village or a kind they are the triggers' tallies
  // (a few rows per village), else counted over the matching history.
  if (scope.kind !== 'groups' && tallied(f)) return { rows, counts: await statusCounts(db, scope, f) };
  const counted = db.select({ status: requests.status, n: count() }).from(requests).innerJoin(villages, eq(villages.id, requests.villageId));
  const countRows = await (needsHousehold(scope, f) ? counted.innerJoin(households, eq(households.id, requests.householdId)) : counted)
    .where(filterConditions(scope, f, now, false)).groupBy(requests.status);
  return { rows, counts: Object.fromEntries(countRows.map((c) => [c.status, Number(c.n)])) };
}

/** One request, only when the scope sees it. */
export async function boardRow(db: DbOrTx, scope: Scope, ref: number): Promise<BoardRow | null> {
  const [row] = await boardSelect(db).where(and(eq(requests.ref, ref), scopeCondition(scope)));
  return row ?? null;
}

/** The households following a request (they reported the same matter). */
export async function followerHouseholds(db: DbOrTx, ref: number): Promise<HouseholdRow[]> {
  const rows = await db.select({ h: households }).from(requestFollowers).innerJoin(households, eq(households.id, requestFollowers.householdId))
    .where(eq(requestFollowers.requestRef, ref)).orderBy(asc(requestFollowers.at));
  return rows.map((r) => r.h);
}

/** A cheap mark that changes whenever a request the scope sees is created or changed: the live board watches it. */
export async function requestsMark(db: DbOrTx, scope: Scope): Promise<string> {
  // A group leader's scope: its own village's requests (a few thousand at most), by household group.
  if (scope.kind !== 'groups') return tallyMark(db, scope);
  const [row] = await db.select({ ref: max(requests.ref), at: max(requests.updatedAt), n: count() }).from(requests)
    .innerJoin(villages, eq(villages.id, requests.villageId))
    .innerJoin(households, eq(households.id, requests.householdId))
    .where(scopeCondition(scope));
  return `${row?.ref ?? 0}:${row?.at?.getTime() ?? 0}:${row?.n ?? 0}`;
}
