import { and, arrayContains, desc, eq, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { bindAttempts, chatLinks, groups, households, identities, members, residents, villages } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';

export type IdentityRow = typeof identities.$inferSelect;
export type MemberRow = typeof members.$inferSelect;
export type HouseholdRow = typeof households.$inferSelect;
export type VillageRow = typeof villages.$inferSelect;
export type GroupRow = typeof groups.$inferSelect;

export type Actor =
  | { kind: 'stranger' }
  | { kind: 'resident'; identity: IdentityRow; residentId: number; household: HouseholdRow; village: VillageRow }
  | { kind: 'member'; identity: IdentityRow; member: MemberRow; village: VillageRow };
export type ResidentActor = Extract<Actor, { kind: 'resident' }>;
export type MemberActor = Extract<Actor, { kind: 'member' }>;

export async function findActor(db: DbOrTx, platform: Platform, userId: string): Promise<Actor> {
  const [identity] = await db.select().from(identities)
    .where(and(eq(identities.platform, platform), eq(identities.platformUserId, userId)));
  if (!identity) return { kind: 'stranger' };
  if (identity.memberId !== null) {
    const [row] = await db.select({ member: members, village: villages }).from(members)
      .innerJoin(villages, eq(villages.id, members.villageId)).where(eq(members.id, identity.memberId));
    if (row) return { kind: 'member', identity, ...row };
  }
  if (identity.residentId !== null) {
    const [row] = await db.select({ household: households, village: villages }).from(residents)
      .innerJoin(households, eq(households.id, residents.householdId))
      .innerJoin(villages, eq(villages.id, households.villageId))
      .where(eq(residents.id, identity.residentId));
    if (row) return { kind: 'resident', identity, residentId: identity.residentId, ...row };
  }
  return { kind: 'stranger' };
}

export async function touchIdentity(db: DbOrTx, identityId: number, now: Date): Promise<void> {
  await db.update(identities).set({ lastSeenAt: now }).where(eq(identities.id, identityId));
}

export interface Address {
  platform: Platform;
  address: string;
  language: string;
}

/** A member is reached on the account they used last. */
export async function memberAddress(db: DbOrTx, memberId: number): Promise<Address | null> {
  const [row] = await db.select().from(identities).where(eq(identities.memberId, memberId))
    .orderBy(desc(identities.lastSeenAt), desc(identities.id)).limit(1);
  return row ? { platform: row.platform, address: row.address, language: row.language } : null;
}

export async function identityAddress(db: DbOrTx, identityId: number): Promise<Address | null> {
  const [row] = await db.select().from(identities).where(eq(identities.id, identityId));
  return row ? { platform: row.platform, address: row.address, language: row.language } : null;
}

/** Every bound resident account of a village, for notices to all households. */
export async function residentAddresses(db: DbOrTx, villageId: number): Promise<Address[]> {
  return db.select({ platform: identities.platform, address: identities.address, language: identities.language })
    .from(identities).innerJoin(residents, eq(residents.id, identities.residentId))
    .innerJoin(households, eq(households.id, residents.householdId)).where(eq(households.villageId, villageId));
}

export async function groupOfHousehold(db: DbOrTx, householdId: number): Promise<GroupRow | null> {
  const [row] = await db.select({ group: groups }).from(households)
    .innerJoin(groups, eq(groups.id, households.groupId)).where(eq(households.id, householdId));
  return row?.group ?? null;
}

export async function groupByCode(db: DbOrTx, villageId: number, code: string): Promise<GroupRow | null> {
  const [row] = await db.select().from(groups).where(and(eq(groups.villageId, villageId), eq(groups.code, code)));
  return row ?? null;
}

export async function villageMembers(db: DbOrTx, villageId: number): Promise<MemberRow[]> {
  return db.select().from(members).where(eq(members.villageId, villageId)).orderBy(members.id);
}

export async function memberByCode(db: DbOrTx, villageId: number, code: string): Promise<MemberRow | null> {
  const [row] = await db.select().from(members).where(and(eq(members.villageId, villageId), eq(members.code, code)));
  return row ?? null;
}

export async function memberName(db: DbOrTx, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const [m] = await db.select({ name: members.name }).from(members).where(eq(members.id, id));
  return m?.name ?? null;
}

export async function memberNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: members.id, name: members.name }).from(members).where(inArray(members.id, ids));
  return new Map(rows.map((m) => [m.id, m.name]));
}

/** Members of a village holding a role, in roster order. */
export async function membersWithRole(db: DbOrTx, villageId: number, role: MemberRow['roles'][number]): Promise<MemberRow[]> {
  return db.select().from(members).where(and(eq(members.villageId, villageId), arrayContains(members.roles, [role]))).orderBy(members.id);
}

export async function householdById(db: DbOrTx, id: number): Promise<HouseholdRow | null> {
  const [h] = await db.select().from(households).where(eq(households.id, id));
  return h ?? null;
}

export async function villageById(db: DbOrTx, id: number): Promise<VillageRow | null> {
  const [v] = await db.select().from(villages).where(eq(villages.id, id));
  return v ?? null;
}

export async function villageByCode(db: DbOrTx, code: string): Promise<VillageRow | null> {
  const [v] = await db.select().from(villages).where(eq(villages.code, code));
  return v ?? null;
}

export async function allVillages(db: DbOrTx): Promise<VillageRow[]> {
  return db.select().from(villages).orderBy(villages.id);
}

/** Group chats linked to the village's groups (WeChat rooms, Telegram groups). */
export async function linkedRooms(db: DbOrTx, villageId: number): Promise<{ platform: Platform; address: string }[]> {
  return db.select({ platform: chatLinks.platform, address: chatLinks.chatId }).from(chatLinks)
    .innerJoin(groups, eq(groups.id, chatLinks.groupId)).where(eq(groups.villageId, villageId));
}

export async function linkRoom(db: DbOrTx, link: { platform: Platform; chatId: string; groupId: number; memberId: number; at: Date }): Promise<void> {
  await db.insert(chatLinks).values({ platform: link.platform, chatId: link.chatId, groupId: link.groupId, linkedBy: link.memberId, linkedAt: link.at })
    .onConflictDoUpdate({ target: [chatLinks.platform, chatLinks.chatId], set: { groupId: link.groupId, linkedBy: link.memberId, linkedAt: link.at } });
}

// Binding

export async function bindFailuresSince(db: DbOrTx, platform: Platform, userId: string, since: Date): Promise<Date[]> {
  const rows = await db.select({ at: bindAttempts.at }).from(bindAttempts).where(and(
    eq(bindAttempts.platform, platform), eq(bindAttempts.platformUserId, userId), gt(bindAttempts.at, since)));
  return rows.map((r) => r.at);
}

export async function recordBindFailure(db: DbOrTx, platform: Platform, userId: string, at: Date): Promise<void> {
  await db.insert(bindAttempts).values({ platform, platformUserId: userId, at });
}

export type CardHolder =
  | { kind: 'household'; household: HouseholdRow; village: VillageRow }
  | { kind: 'member'; member: MemberRow; village: VillageRow };

/** Whose contact card (联心卡) carries this code, if anyone's. */
export async function cardHolder(db: DbOrTx, code: string): Promise<CardHolder | null> {
  const [hh] = await db.select({ household: households, village: villages }).from(households)
    .innerJoin(villages, eq(villages.id, households.villageId)).where(eq(households.bindCode, code));
  if (hh) return { kind: 'household', ...hh };
  const [mm] = await db.select({ member: members, village: villages }).from(members)
    .innerJoin(villages, eq(villages.id, members.villageId)).where(eq(members.bindCode, code));
  return mm ? { kind: 'member', ...mm } : null;
}

export async function createResident(db: DbOrTx, householdId: number, name: string, at: Date): Promise<number> {
  const [row] = await db.insert(residents).values({ householdId, name, createdAt: at }).returning({ id: residents.id });
  return row!.id;
}

export type IdentityValues = typeof identities.$inferInsert;

/** One account per (platform, user id): binding again rebinds the same row. */
export async function upsertIdentity(db: DbOrTx, values: IdentityValues): Promise<void> {
  const { platform: _p, platformUserId: _u, ...rest } = values;
  await db.insert(identities).values(values)
    .onConflictDoUpdate({ target: [identities.platform, identities.platformUserId], set: rest });
}
