import { and, asc, count, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { groups, households, identities, members, requests, residents, sayThingsSessions, villages } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';
import { openStatuses } from '../domain/request.machine.js';
import type { CareReason } from '../domain/care.js';
import type { MemberRole } from '../domain/routing.js';
import { announceRosterChange } from './roster.cache.js';

export async function villageCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(villages);
  return Number(row?.n ?? 0);
}

const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

/** Say-things and reminder settings; an absent one is left as it is. */
export interface VillageSettings {
  sayThingsDay?: number;
  timezone?: string;
  sayThingsPlace?: string | null;
  sayThingsTime?: string | null;
  reminderDaysBefore?: number;
  reminderHour?: number;
  quietFrom?: number;
  quietUntil?: number;
  careCadence?: Partial<Record<CareReason, number>>;
}

export interface VillageValues extends VillageSettings {
  code: string;
  name: string;
  town: string | null;
  county: string | null;
  sayThingsDay: number;
  timezone: string;
  /** Set only when the demo village is created; an import leaves the mark as it is. */
  isDemo?: boolean;
}

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Inserts or updates the village by code; answers its id. */
export async function upsertVillage(tx: Tx, v: VillageValues): Promise<number> {
  const { code, ...rest } = v;
  const values = definedOnly(rest) as Omit<VillageValues, 'code'>;
  const [village] = await tx.insert(villages).values({ code, ...values })
    .onConflictDoUpdate({ target: villages.code, set: values }).returning({ id: villages.id });
  if (values.sayThingsPlace !== undefined) await movePlaceOfComingSessions(tx, village!.id, values.sayThingsPlace);
  return village!.id;
}

/** A session not held yet is held at the village's place as it is now, not as it was when the session was first looked at. */
async function movePlaceOfComingSessions(db: DbOrTx, villageId: number, place: string | null): Promise<void> {
  await db.update(sayThingsSessions).set({ place })
    .where(and(eq(sayThingsSessions.villageId, villageId), isNull(sayThingsSessions.heldAt), isNull(sayThingsSessions.closedAt)));
}

/**
 * Changes a village's settings (the desk's settings page); answers the stored values, or null without the
 * village. Validate with `villageSettingsShape` (src/domain/roster.schema.ts) first.
 */
export async function updateVillageSettings(db: DbOrTx, villageCode: string, settings: VillageSettings): Promise<(typeof villages.$inferSelect) | null> {
  const set = definedOnly(settings);
  if (Object.keys(set).length === 0) {
    const [row] = await db.select().from(villages).where(eq(villages.code, villageCode));
    return row ?? null;
  }
  const [row] = await db.update(villages).set(set).where(eq(villages.code, villageCode)).returning();
  if (row && set.sayThingsPlace !== undefined) await movePlaceOfComingSessions(db, row.id, set.sayThingsPlace);
  return row ?? null;
}

export interface StoredMember { id: number; code: string; name: string; bindCode: string; active: boolean; roles: MemberRole[] }
export interface StoredHousehold { id: number; code: string; bindCode: string }

/** What the database holds of a village's members and households before an import, by their codes. */
export async function storedRoster(tx: Tx, villageId: number): Promise<{ members: Map<string, StoredMember>; households: Map<string, StoredHousehold> }> {
  const ms = await tx.select({ id: members.id, code: members.code, name: members.name, bindCode: members.bindCode, active: members.active, roles: members.roles })
    .from(members).where(eq(members.villageId, villageId)).orderBy(asc(members.id));
  const hs = await tx.select({ id: households.id, code: households.code, bindCode: households.bindCode })
    .from(households).where(eq(households.villageId, villageId)).orderBy(asc(households.id));
  return { members: new Map(ms.map((m) => [m.code, m])), households: new Map(hs.map((h) => [h.code, h])) };
}

async function inChunks(codes: readonly string[], each: (chunk: string[]) => Promise<{ c: string }[]>): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < codes.length; i += 500) {
    for (const row of await each(codes.slice(i, i + 500))) found.add(row.c);
  }
  return found;
}

/** Card codes among `codes` that another village already uses. */
export async function codesOfOtherVillages(tx: Tx, villageId: number, codes: readonly string[]): Promise<Set<string>> {
  return inChunks(codes, async (chunk) => [
    ...await tx.select({ c: members.bindCode }).from(members).where(and(inArray(members.bindCode, chunk), ne(members.villageId, villageId))),
    ...await tx.select({ c: households.bindCode }).from(households).where(and(inArray(households.bindCode, chunk), ne(households.villageId, villageId))),
  ]);
}

/** Card codes among `codes` that anybody in the deployment holds (any village, member or household). */
export async function codesInUse(tx: Tx, codes: readonly string[]): Promise<Set<string>> {
  return inChunks(codes, async (chunk) => [
    ...await tx.select({ c: members.bindCode }).from(members).where(inArray(members.bindCode, chunk)),
    ...await tx.select({ c: households.bindCode }).from(households).where(inArray(households.bindCode, chunk)),
  ]);
}

/**
 * First phase of changing card codes: the rows whose code changes hold a placeholder (which no card
 * code can equal: it has a `~`) until the second phase writes the new codes, so two households may
 * swap their codes in one import without tripping the unique indexes.
 */
export async function parkCardCodes(tx: Tx, ids: { members: number[]; households: number[] }): Promise<void> {
  if (ids.members.length) {
    await tx.update(members).set({ bindCode: sql`'~m' || ${members.id}::text` }).where(inArray(members.id, ids.members));
  }
  for (let i = 0; i < ids.households.length; i += 500) {
    await tx.update(households).set({ bindCode: sql`'~h' || ${households.id}::text` }).where(inArray(households.id, ids.households.slice(i, i + 500)));
  }
  await announceRosterChange(tx);
}

export async function setMemberCardCode(tx: Tx, memberId: number, code: string): Promise<void> {
  await tx.update(members).set({ bindCode: code }).where(eq(members.id, memberId));
  await announceRosterChange(tx);
}

export async function setHouseholdCardCode(tx: Tx, householdId: number, code: string): Promise<void> {
  await tx.update(households).set({ bindCode: code }).where(eq(households.id, householdId));
  await announceRosterChange(tx);
}

export interface MemberValues { code: string; name: string; roles: MemberRole[]; bindCode: string; away: boolean }

/** Inserts or updates members by code, each active again; answers their ids by code. */
export async function upsertMembers(tx: Tx, villageId: number, list: readonly MemberValues[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const m of list) {
    const set = { name: m.name, roles: m.roles, bindCode: m.bindCode, away: m.away, active: true };
    const [row] = await tx.insert(members).values({ villageId, code: m.code, ...set })
      .onConflictDoUpdate({ target: [members.villageId, members.code], set }).returning({ id: members.id });
    ids.set(m.code, row!.id);
  }
  await announceRosterChange(tx);
  return ids;
}

export interface GroupValues { code: string; name: string; leaderId: number | null; deputyId: number | null }

export async function upsertGroups(tx: Tx, villageId: number, list: readonly GroupValues[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const g of list) {
    const set = { name: g.name, leaderId: g.leaderId, deputyId: g.deputyId };
    const [row] = await tx.insert(groups).values({ villageId, code: g.code, ...set })
      .onConflictDoUpdate({ target: [groups.villageId, groups.code], set }).returning({ id: groups.id });
    ids.set(g.code, row!.id);
  }
  await announceRosterChange(tx);
  return ids;
}

/** `phone` absent keeps the stored one (a file without the column); null clears it. */
export interface HouseholdValues { code: string; groupId: number; head: string; address: string | null; bindCode: string; phone?: string | null }

export async function upsertHouseholds(tx: Tx, villageId: number, list: readonly HouseholdValues[]): Promise<void> {
  const set = { groupId: sqlExcluded('group_id'), head: sqlExcluded('head'), address: sqlExcluded('address'), bindCode: sqlExcluded('bind_code') };
  // Rows giving a phone write it; the others leave the stored phone alone (one statement cannot do both per row).
  for (const [part, withPhone] of [[list.filter((h) => h.phone !== undefined), true], [list.filter((h) => h.phone === undefined), false]] as const) {
    for (let i = 0; i < part.length; i += 200) {
      const chunk = part.slice(i, i + 200).map(({ phone, ...h }) => ({ villageId, ...h, phone: phone ?? null }));
      await tx.insert(households).values(chunk).onConflictDoUpdate({
        target: [households.villageId, households.code], set: withPhone ? { ...set, phone: sqlExcluded('phone') } : set,
      });
    }
  }
  await announceRosterChange(tx);
}

/** Marks members as left out of the roster: their accounts can no longer act. */
export async function deactivateMembers(tx: Tx, memberIds: number[]): Promise<void> {
  if (memberIds.length === 0) return;
  await tx.update(members).set({ active: false }).where(inArray(members.id, memberIds));
  await announceRosterChange(tx);
}

export interface RevokedAccount { id: number; platform: Platform; address: string; language: string }

/**
 * A re-issued card: the accounts still bound to the household or member with another code than its
 * new one are revoked (accounts bound before identities remembered their code count as bound with
 * the old one). Answers them, to be told.
 */
export async function revokeAccounts(tx: Tx, holder: { householdId: number } | { memberId: number }, newCode: string, now: Date): Promise<RevokedAccount[]> {
  const whose = 'householdId' in holder
    ? inArray(identities.residentId, tx.select({ id: residents.id }).from(residents).where(eq(residents.householdId, holder.householdId)))
    : eq(identities.memberId, holder.memberId);
  return tx.update(identities).set({ revokedAt: now })
    .where(and(whose, isNull(identities.revokedAt), or(isNull(identities.boundWithCode), ne(identities.boundWithCode, newCode))))
    .returning({ id: identities.id, platform: identities.platform, address: identities.address, language: identities.language });
}

/** The requests a member still has to act on, oldest first, locked for the rest of the transaction. */
export async function openRequestsAssignedTo(tx: Tx, memberId: number): Promise<(typeof requests.$inferSelect)[]> {
  return tx.select().from(requests)
    .where(and(eq(requests.assigneeId, memberId), inArray(requests.status, [...openStatuses])))
    .orderBy(asc(requests.ref)).for('update');
}

export interface CardRow {
  kind: 'household' | 'member';
  /** The household's or member's code in the roster. */
  code: string;
  /** The household's head, or the member's name. */
  name: string;
  address: string | null;
  group: { code: string; name: string } | null;
  roles: MemberRole[];
  bindCode: string;
  active: boolean;
}

/** Every card of a village: its households by group and code, then its members; null without the village. */
export async function villageCards(db: DbOrTx, villageCode: string): Promise<{ village: { code: string; name: string; town: string | null }; cards: CardRow[] } | null> {
  const [village] = await db.select().from(villages).where(eq(villages.code, villageCode));
  if (!village) return null;
  const hs = await db.select({ h: households, g: { code: groups.code, name: groups.name } }).from(households)
    // Rows the service keeps for itself (codes starting with `~`: reports from other systems) have no card.
    .innerJoin(groups, eq(groups.id, households.groupId)).where(and(eq(households.villageId, village.id), sql`left(${households.code}, 1) <> '~'`))
    .orderBy(asc(groups.code), asc(households.code));
  const ms = await db.select().from(members).where(eq(members.villageId, village.id)).orderBy(asc(members.code));
  const groupOf = new Map<number, { code: string; name: string }>();
  for (const g of await db.select().from(groups).where(eq(groups.villageId, village.id))) {
    if (g.leaderId !== null && !groupOf.has(g.leaderId)) groupOf.set(g.leaderId, { code: g.code, name: g.name });
    if (g.deputyId !== null && !groupOf.has(g.deputyId)) groupOf.set(g.deputyId, { code: g.code, name: g.name });
  }
  return {
    village: { code: village.code, name: village.name, town: village.town },
    cards: [
      ...hs.map(({ h, g }): CardRow => ({ kind: 'household', code: h.code, name: h.head, address: h.address, group: g, roles: [], bindCode: h.bindCode, active: true })),
      ...ms.map((m): CardRow => ({ kind: 'member', code: m.code, name: m.name, address: null, group: groupOf.get(m.id) ?? null, roles: m.roles, bindCode: m.bindCode, active: m.active })),
    ],
  };
}
