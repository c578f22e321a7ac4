import { and, asc, desc, eq, gte, inArray, lt, ne, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { groups, households, identities, members, requests, residents, villages } from '../../db/schema.js';
import { UNATTACHED_CODE } from '../domain/open311.js';
import type { RequestKind } from '../domain/classification.js';
import type { RequestStatus } from '../domain/request.machine.js';
import type { HouseholdRow, IdentityRow } from './people.repository.js';
import type { RequestRow } from './requests.repository.js';

/**
 * The household a report from another system is filed under when it names none: one per village, in a
 * group of its own without a leader, so routing sends it to the secretary (or a mediator for a dispute)
 * like any report nobody's group leader can take. Its codes start with `~`, which no roster code may.
 */
export async function unattachedHousehold(db: DbOrTx, villageId: number, name: string): Promise<HouseholdRow> {
  await db.insert(groups).values({ villageId, code: UNATTACHED_CODE, name }).onConflictDoNothing();
  const [group] = await db.select().from(groups).where(and(eq(groups.villageId, villageId), eq(groups.code, UNATTACHED_CODE)));
  // The card code holds a `~` and lowercase letters: no typed code (normalized to upper case) can ever match it.
  await db.insert(households).values({ villageId, groupId: group!.id, code: UNATTACHED_CODE, head: name, address: null, bindCode: `~open311~${villageId}` })
    .onConflictDoNothing();
  const [row] = await db.select().from(households).where(and(eq(households.villageId, villageId), eq(households.code, UNATTACHED_CODE)));
  return row!;
}

export async function householdByCode(db: DbOrTx, villageId: number, code: string): Promise<HouseholdRow | null> {
  const [row] = await db.select().from(households).where(and(eq(households.villageId, villageId), eq(households.code, code)));
  return row ?? null;
}

/**
 * The account an Open311 client files from. It is stored unbound (revoked) from the start: nothing is ever
 * sent to it — the client polls — and a household's news goes to the household's own accounts instead.
 */
export async function clientIdentity(db: DbOrTx, client: string, now: Date): Promise<IdentityRow> {
  const platformUserId = `open311:${client}`;
  await db.insert(identities).values({
    platform: 'web', platformUserId, address: platformUserId, displayName: `Open311 ${client}`, language: 'zh',
    boundAt: now, lastSeenAt: now, revokedAt: now,
  }).onConflictDoNothing();
  const [row] = await db.select().from(identities).where(and(eq(identities.platform, 'web'), eq(identities.platformUserId, platformUserId)));
  return row!;
}

/** The resident of the household a request is reported by: the one of this name, created on first need. */
export async function residentNamed(db: DbOrTx, householdId: number, name: string, now: Date): Promise<number> {
  const [found] = await db.select({ id: residents.id }).from(residents)
    .where(and(eq(residents.householdId, householdId), eq(residents.name, name))).orderBy(asc(residents.id)).limit(1);
  if (found) return found.id;
  const [row] = await db.insert(residents).values({ householdId, name, createdAt: now }).returning({ id: residents.id });
  return row!.id;
}

export interface Open311Row {
  r: RequestRow;
  village: string;
  villageName: string;
  household: string;
  assigneeName: string | null;
}

export interface Open311Filter {
  villageId?: number;
  refs?: number[];
  kinds?: RequestKind[];
  statuses?: RequestStatus[];
  from: Date;
  to: Date;
  limit: number;
}

const selected = (db: DbOrTx) => db.select({ r: requests, village: villages.code, villageName: villages.name, household: households.code, assigneeName: members.name })
  .from(requests)
  .innerJoin(villages, eq(villages.id, requests.villageId))
  .innerJoin(households, eq(households.id, requests.householdId))
  .leftJoin(members, eq(members.id, requests.assigneeId));

/** Requests as GeoReport lists them: newest first, never the unclassified ("other") ones. */
export async function open311Requests(db: DbOrTx, f: Open311Filter): Promise<Open311Row[]> {
  const where: SQL[] = [ne(requests.kind, 'other')];
  if (f.villageId !== undefined) where.push(eq(requests.villageId, f.villageId));
  if (f.refs) where.push(f.refs.length ? inArray(requests.ref, f.refs) : sql`false`);
  else where.push(gte(requests.createdAt, f.from), lt(requests.createdAt, f.to));
  if (f.kinds?.length) where.push(inArray(requests.kind, f.kinds));
  if (f.statuses?.length) where.push(inArray(requests.status, f.statuses));
  return selected(db).where(and(...where)).orderBy(desc(requests.ref)).limit(f.limit);
}

/** The request an Open311 token stands for (kept in the request's details when it was filed). */
export async function refOfToken(db: DbOrTx, token: string): Promise<number | null> {
  const [row] = await db.select({ ref: requests.ref }).from(requests).where(sql`${requests.details}->'open311'->>'token' = ${token}`).limit(1);
  return row?.ref ?? null;
}
