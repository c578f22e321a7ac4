import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { groups, households, identities, members, residents, villages } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';

export type IdentityRow = typeof identities.$inferSelect;
export type MemberRow = typeof members.$inferSelect;
export type HouseholdRow = typeof households.$inferSelect;
export type VillageRow = typeof villages.$inferSelect;

export type Actor =
  | { kind: 'stranger' }
  | { kind: 'resident'; identity: IdentityRow; residentId: number; household: HouseholdRow; village: VillageRow }
  | { kind: 'member'; identity: IdentityRow; member: MemberRow; village: VillageRow };

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

export interface Address {
  platform: Platform;
  address: string;
  language: string;
}

/** A member is reached on the account they used last. */
export async function memberAddress(db: DbOrTx, memberId: number): Promise<Address | null> {
  const [row] = await db.select().from(identities).where(eq(identities.memberId, memberId))
    .orderBy(desc(identities.lastSeenAt), desc(identities.id)).limit(1);
  return row ? { platform: row.platform as Platform, address: row.address, language: row.language } : null;
}

export async function identityAddress(db: DbOrTx, identityId: number): Promise<Address | null> {
  const [row] = await db.select().from(identities).where(eq(identities.id, identityId));
  return row ? { platform: row.platform as Platform, address: row.address, language: row.language } : null;
}

export async function groupOfHousehold(db: DbOrTx, householdId: number) {
  const [row] = await db.select({ group: groups }).from(households)
    .innerJoin(groups, eq(groups.id, households.groupId)).where(eq(households.id, householdId));
  return row?.group ?? null;
}

export async function villageMembers(db: DbOrTx, villageId: number): Promise<MemberRow[]> {
  return db.select().from(members).where(eq(members.villageId, villageId)).orderBy(members.id);
}
