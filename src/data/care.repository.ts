import { and, asc, desc, eq, inArray, isNotNull, isNull, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { careAlerts, carePending, careVisits, groups, households, identities, members, residents, villages } from '../../db/schema.js';
import type { CareReason } from '../domain/care.js';
import type { Address, IdentityRow } from './people.repository.js';
import { announceRosterChange } from './roster.cache.js';

/**
 * 特殊户 from the roster: only the households the file says something about (undefined keeps what is
 * stored). A household that becomes cared for, or changes reason, starts its cadence now.
 */
export async function setCareReasons(db: DbOrTx, villageId: number, list: readonly { code: string; reason: CareReason | null }[], now: Date): Promise<void> {
  for (const { code, reason } of list) {
    await db.update(households).set({
      careReason: reason,
      careSince: reason === null ? null : sql`case when ${households.careReason} is not distinct from ${reason} and ${households.careSince} is not null then ${households.careSince} else ${now.toISOString()}::timestamptz end`,
    }).where(and(eq(households.villageId, villageId), eq(households.code, code)));
  }
  if (list.length) await announceRosterChange(db);
}

export interface CareHousehold {
  id: number;
  villageId: number;
  code: string;
  head: string;
  address: string | null;
  reason: CareReason;
  careSince: Date;
  groupId: number;
  groupName: string;
  leaderId: number | null;
  deputyId: number | null;
  lastVisit: Date | null;
  lastNote: string | null;
  lastVisitor: string | null;
  timezone: string;
  cadence: Partial<Record<CareReason, number>>;
}

/** The cared-for households of one village (or all), with their group's leaders and last visit. */
export async function careHouseholds(db: DbOrTx, villageId?: number, groupIds?: number[]): Promise<CareHousehold[]> {
  const last = db.select({ householdId: careVisits.householdId, at: max(careVisits.at).as('last_at') }).from(careVisits).groupBy(careVisits.householdId).as('last');
  const where = [isNotNull(households.careReason), isNotNull(households.careSince)];
  if (villageId !== undefined) where.push(eq(households.villageId, villageId));
  if (groupIds) where.push(groupIds.length ? inArray(households.groupId, groupIds) : sql`false`);
  const rows = await db.select({
    h: households, groupName: groups.name, leaderId: groups.leaderId, deputyId: groups.deputyId, lastVisit: last.at,
    timezone: villages.timezone, cadence: villages.careCadence,
  }).from(households)
    .innerJoin(groups, eq(groups.id, households.groupId))
    .innerJoin(villages, eq(villages.id, households.villageId))
    .leftJoin(last, eq(last.householdId, households.id))
    .where(and(...where)).orderBy(asc(groups.code), asc(households.code));
  const visited = rows.filter((r) => r.lastVisit !== null).map((r) => r.h.id);
  const notes = new Map<number, { note: string; visitor: string }>();
  if (visited.length) {
    const vs = await db.select({ householdId: careVisits.householdId, note: careVisits.note, visitor: members.name }).from(careVisits)
      .innerJoin(members, eq(members.id, careVisits.memberId))
      .where(inArray(careVisits.householdId, visited)).orderBy(desc(careVisits.at), desc(careVisits.id));
    for (const v of vs) if (!notes.has(v.householdId)) notes.set(v.householdId, { note: v.note, visitor: v.visitor });
  }
  return rows.map((r) => ({
    id: r.h.id, villageId: r.h.villageId, code: r.h.code, head: r.h.head, address: r.h.address, reason: r.h.careReason!, careSince: r.h.careSince!,
    groupId: r.h.groupId, groupName: r.groupName, leaderId: r.leaderId, deputyId: r.deputyId,
    // max() comes back as text from some drivers: read it as a time either way.
    lastVisit: r.lastVisit === null ? null : new Date(r.lastVisit as unknown as string),
    lastNote: notes.get(r.h.id)?.note ?? null, lastVisitor: notes.get(r.h.id)?.visitor ?? null,
    timezone: r.timezone, cadence: r.cadence,
  }));
}

/** Claims one step of one due visit: true the first time only (the primary key is the claim). */
export async function claimCareAlert(db: DbOrTx, a: { householdId: number; dueAt: Date; stage: 'task' | 'escalated'; memberId: number | null; at: Date }): Promise<boolean> {
  const rows = await db.insert(careAlerts).values(a).onConflictDoNothing().returning({ householdId: careAlerts.householdId });
  return rows.length > 0;
}

export async function insertVisit(db: DbOrTx, v: typeof careVisits.$inferInsert): Promise<number> {
  const [row] = await db.insert(careVisits).values(v).returning({ id: careVisits.id });
  return row!.id;
}

export async function setVisitRequest(db: DbOrTx, visitId: number, ref: number): Promise<void> {
  await db.update(careVisits).set({ requestRef: ref }).where(eq(careVisits.id, visitId));
}

export interface VisitRow { id: number; at: Date; note: string; requestRef: number | null; visitor: string; householdId: number }

/** A household's visits, newest first. */
export async function visitsOf(db: DbOrTx, householdId: number, limit = 20): Promise<VisitRow[]> {
  return db.select({ id: careVisits.id, at: careVisits.at, note: careVisits.note, requestRef: careVisits.requestRef, visitor: members.name, householdId: careVisits.householdId })
    .from(careVisits).innerJoin(members, eq(members.id, careVisits.memberId))
    .where(eq(careVisits.householdId, householdId)).orderBy(desc(careVisits.at), desc(careVisits.id)).limit(limit);
}

/** Words kept while the member picks a household by button. */
export async function savePending(db: DbOrTx, p: typeof carePending.$inferInsert): Promise<number> {
  const [row] = await db.insert(carePending).values(p).returning({ id: carePending.id });
  return row!.id;
}

/** The kept words, taken once (a second press of the button finds nothing). */
export async function takePending(db: DbOrTx, id: number, memberId: number): Promise<{ action: 'visit' | 'proxy'; text: string } | null> {
  const [row] = await db.delete(carePending).where(and(eq(carePending.id, id), eq(carePending.memberId, memberId)))
    .returning({ action: carePending.action, text: carePending.text });
  return row ?? null;
}

/** Every bound account of a household: a receipt filed on its behalf reaches each of them. */
export async function householdAccounts(db: DbOrTx, householdId: number): Promise<Address[]> {
  return db.select({ platform: identities.platform, address: identities.address, language: identities.language })
    .from(identities).innerJoin(residents, eq(residents.id, identities.residentId))
    .where(and(eq(residents.householdId, householdId), isNull(identities.revokedAt))).orderBy(asc(identities.id));
}

/**
 * The account a member files from on a household's behalf (代报): stored unbound from the start, so nothing
 * is ever sent to it — the household's own accounts get the news instead (requesterAddress falls back to them).
 */
export async function proxyIdentity(db: DbOrTx, member: { id: number; name: string }, now: Date): Promise<IdentityRow> {
  const platformUserId = `proxy:${member.id}`;
  await db.insert(identities).values({
    platform: 'web', platformUserId, address: platformUserId, displayName: member.name, language: 'zh', boundAt: now, lastSeenAt: now, revokedAt: now,
  }).onConflictDoNothing();
  const [row] = await db.select().from(identities).where(and(eq(identities.platform, 'web'), eq(identities.platformUserId, platformUserId)));
  return row!;
}
