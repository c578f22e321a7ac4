import { and, asc, desc, eq, inArray, isNotNull, isNull, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { careAlerts, carePending, careVisits, groups, households, identities, members, residents, villages } from '../../db/schema.js';
import { jsonOf, rowsOf } from '../../db/rows.js';
import type { CareAlertStage } from '../../db/schema.care.js';
export type { CareAlertStage };
import { type CareReason, careReasons, defaultCareCadence } from '../domain/care.js';
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
  /** The last visit was the household's own answer to a check-in. */
  lastCheckin: boolean;
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
  const notes = new Map<number, { note: string; visitor: string | null; checkin: boolean }>();
  if (visited.length) {
    const vs = await db.select({ householdId: careVisits.householdId, note: careVisits.note, visitor: members.name, checkin: careVisits.checkin }).from(careVisits)
      .leftJoin(members, eq(members.id, careVisits.memberId))
      .where(inArray(careVisits.householdId, visited)).orderBy(desc(careVisits.at), desc(careVisits.id));
    for (const v of vs) if (!notes.has(v.householdId)) notes.set(v.householdId, { note: v.note, visitor: v.visitor, checkin: v.checkin });
  }
  return rows.map((r) => ({
    id: r.h.id, villageId: r.h.villageId, code: r.h.code, head: r.h.head, address: r.h.address, reason: r.h.careReason!, careSince: r.h.careSince!,
    groupId: r.h.groupId, groupName: r.groupName, leaderId: r.leaderId, deputyId: r.deputyId,
    // max() comes back as text from some drivers: read it as a time either way.
    lastVisit: r.lastVisit === null ? null : new Date(r.lastVisit as unknown as string),
    lastNote: notes.get(r.h.id)?.note ?? null, lastVisitor: notes.get(r.h.id)?.visitor ?? null, lastCheckin: notes.get(r.h.id)?.checkin ?? false,
    timezone: r.timezone, cadence: r.cadence,
  }));
}

export interface DueCareHousehold {
  id: number; villageId: number; head: string; address: string | null; reason: CareReason; groupName: string;
  leaderId: number | null; deputyId: number | null; lastVisit: Date | null; timezone: string; checkinAllowed: boolean;
  /** When the visit was due (as nextVisitDue reckons it) and the steps the sweep already took for it, with when. */
  due: Date; steps: Partial<Record<CareAlertStage, Date>>;
}

/**
 * The care households whose visit is due, each with the steps already taken for that due visit — those whose last
 * step (`town`) is taken are left out in the SQL, so a sweep with nothing to do reads nothing and opens no transaction.
 * The due time is nextVisitDue's, reckoned in SQL: the village's own cadence (a whole 1–365) or the default.
 */
export async function dueCareHouseholds(db: DbOrTx, now: Date): Promise<DueCareHousehold[]> {
  const own = sql`(v.care_cadence ->> h.care_reason)`;
  const defaults = sql.join(careReasons.map((r) => sql`when ${r} then ${defaultCareCadence[r]}::int`), sql` `);
  const rows = rowsOf<{ id: number; village_id: number; head: string; address: string | null; reason: CareReason; group_name: string; leader_id: number | null;
    deputy_id: number | null; last_visit: string | Date | null; timezone: string; care_checkin: boolean; due: string | Date; steps: { stage: CareAlertStage; at: string }[] | null }>(await db.execute(sql`
    with c as (
      select h.id, h.village_id, h.head, h.address, h.care_reason, g.name as group_name, g.leader_id, g.deputy_id, v.timezone, v.care_checkin,
        (select max(cv.at) from care_visits cv where cv.household_id = h.id) as last_visit,
        h.care_since,
        case when ${own} ~ '^[0-9]{1,3}$' and (${own})::int between 1 and 365 then (${own})::int else (case h.care_reason ${defaults} else 30 end) end as days
      from households h join groups g on g.id = h.group_id join villages v on v.id = h.village_id
      where h.care_reason is not null and h.care_since is not null
    ), d as (
      select c.*, greatest(coalesce(c.last_visit, c.care_since), c.care_since) + (c.days * 86400) * interval '1 second' as due from c
    )
    select d.id, d.village_id, d.head, d.address, d.care_reason as reason, d.group_name, d.leader_id, d.deputy_id, d.last_visit, d.timezone, d.care_checkin, d.due,
      (select json_agg(json_build_object('stage', a.stage, 'at', a.at)) from care_alerts a where a.household_id = d.id and a.due_at = d.due) as steps
    from d
    where d.due <= ${now.toISOString()}::timestamptz
      and not exists (select 1 from care_alerts a where a.household_id = d.id and a.due_at = d.due and a.stage = 'town')
    order by d.id`));
  return rows.map((r) => ({
    id: r.id, villageId: r.village_id, head: r.head, address: r.address, reason: r.reason, groupName: r.group_name, leaderId: r.leader_id, deputyId: r.deputy_id,
    lastVisit: r.last_visit === null ? null : new Date(r.last_visit), timezone: r.timezone, checkinAllowed: r.care_checkin, due: new Date(r.due),
    steps: Object.fromEntries((jsonOf<{ stage: CareAlertStage; at: string }[] | null>(r.steps) ?? []).map((x) => [x.stage, new Date(x.at)])),
  }));
}

export async function setCareCheckin(db: DbOrTx, villageId: number, allowed: boolean): Promise<void> {
  await db.update(villages).set({ careCheckin: allowed }).where(eq(villages.id, villageId));
}

/** Claims one step of one due visit: true the first time only (the primary key is the claim). */
export async function claimCareAlert(db: DbOrTx, a: { householdId: number; dueAt: Date; stage: CareAlertStage; memberId: number | null; at: Date }): Promise<boolean> {
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
