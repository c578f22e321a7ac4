import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { bindingRequests, households, identities, members, residents } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';
import type { IdentityRow } from './people.repository.js';

export type BindingRequestRow = typeof bindingRequests.$inferSelect;
export type BindingDecision = 'confirmed' | 'refused';
export type DecidedBy = 'member' | 'secretary' | 'household' | 'admin' | 'self';

export async function identityById(db: DbOrTx, id: number): Promise<IdentityRow | null> {
  const [row] = await db.select().from(identities).where(eq(identities.id, id));
  return row ?? null;
}

export async function identityOf(db: DbOrTx, platform: Platform, userId: string): Promise<IdentityRow | null> {
  const [row] = await db.select().from(identities).where(and(eq(identities.platform, platform), eq(identities.platformUserId, userId)));
  return row ?? null;
}

/** A household's bound accounts (unbound ones left out), in the order they were bound: `我家的账号` numbers them so. */
export async function householdAccounts(db: DbOrTx, householdId: number): Promise<IdentityRow[]> {
  const rows = await db.select({ identity: identities }).from(identities)
    .innerJoin(residents, eq(residents.id, identities.residentId))
    .where(and(eq(residents.householdId, householdId), isNull(identities.revokedAt)))
    .orderBy(asc(identities.boundAt), asc(identities.id));
  return rows.map((r) => r.identity);
}

/** A member's bound accounts, confirmed or waiting, in the order they were bound. */
export async function memberAccounts(db: DbOrTx, memberId: number): Promise<IdentityRow[]> {
  return db.select().from(identities).where(and(eq(identities.memberId, memberId), isNull(identities.revokedAt)))
    .orderBy(asc(identities.boundAt), asc(identities.id));
}

/**
 * Unbinds an account: it is a stranger from its next message on. Its open binding request is closed as
 * refused. Returns the unbound row, or null when it was already unbound (nothing changes then).
 */
export async function revokeIdentity(db: DbOrTx, id: number, now: Date, by: DecidedBy): Promise<IdentityRow | null> {
  const [row] = await db.update(identities).set({ revokedAt: now })
    .where(and(eq(identities.id, id), isNull(identities.revokedAt))).returning();
  if (!row) return null;
  await closeRequestsOf(db, id, 'refused', by, now);
  return row;
}

/** Closes whatever binding request of an account is still open (it was decided another way). */
export async function closeRequestsOf(db: DbOrTx, identityId: number, decision: BindingDecision, by: DecidedBy, now: Date): Promise<void> {
  await db.update(bindingRequests).set({ decidedAt: now, decision, decidedBy: by })
    .where(and(eq(bindingRequests.identityId, identityId), isNull(bindingRequests.decidedAt)));
}

/** A waiting member account becomes confirmed; false when it was unbound meanwhile. */
export async function confirmIdentity(db: DbOrTx, id: number, now: Date): Promise<boolean> {
  const rows = await db.update(identities).set({ confirmedAt: now })
    .where(and(eq(identities.id, id), isNull(identities.revokedAt))).returning({ id: identities.id });
  return rows.length > 0;
}

/** The open request of a waiting account, or a new one. */
export async function openBindingRequest(db: DbOrTx, memberId: number, identityId: number, now: Date): Promise<{ id: number; fresh: boolean }> {
  const [open] = await db.select({ id: bindingRequests.id }).from(bindingRequests)
    .where(and(eq(bindingRequests.identityId, identityId), eq(bindingRequests.memberId, memberId), isNull(bindingRequests.decidedAt)));
  if (open) return { id: open.id, fresh: false };
  // An older request of this account for another member is moot now.
  await closeRequestsOf(db, identityId, 'refused', 'self', now);
  const [row] = await db.insert(bindingRequests).values({ memberId, identityId, createdAt: now }).returning({ id: bindingRequests.id });
  return { id: row!.id, fresh: true };
}

export async function bindingRequestById(db: DbOrTx, id: number): Promise<BindingRequestRow | null> {
  const [row] = await db.select().from(bindingRequests).where(eq(bindingRequests.id, id));
  return row ?? null;
}

/** The newest undecided request for a member (what a plain 是我 / 不是我 / `确认绑定 l-03` refers to). */
export async function latestOpenRequest(db: DbOrTx, memberId: number): Promise<BindingRequestRow | null> {
  const [row] = await db.select().from(bindingRequests)
    .where(and(eq(bindingRequests.memberId, memberId), isNull(bindingRequests.decidedAt)))
    .orderBy(desc(bindingRequests.id)).limit(1);
  return row ?? null;
}

/** Decides a request once: false when someone decided it first. */
export async function decideBindingRequest(db: DbOrTx, id: number, decision: BindingDecision, by: DecidedBy, now: Date): Promise<boolean> {
  const rows = await db.update(bindingRequests).set({ decidedAt: now, decision, decidedBy: by })
    .where(and(eq(bindingRequests.id, id), isNull(bindingRequests.decidedAt))).returning({ id: bindingRequests.id });
  return rows.length > 0;
}

export interface VillageIdentity {
  id: number;
  platform: Platform;
  kind: 'resident' | 'member';
  household: string | null;
  member: string | null;
  displayName: string | null;
  boundAt: Date;
  lastSeenAt: Date;
  confirmedAt: Date | null;
  revokedAt: Date | null;
}

/** Every account ever bound in a village, residents' and members', oldest first (for the admin API: no platform user ids). */
export async function villageIdentities(db: DbOrTx, villageId: number): Promise<VillageIdentity[]> {
  const cols = {
    id: identities.id, platform: identities.platform, displayName: identities.displayName, boundAt: identities.boundAt,
    lastSeenAt: identities.lastSeenAt, confirmedAt: identities.confirmedAt, revokedAt: identities.revokedAt,
  };
  const ofResidents = await db.select({ ...cols, household: households.code }).from(identities)
    .innerJoin(residents, eq(residents.id, identities.residentId))
    .innerJoin(households, eq(households.id, residents.householdId))
    .where(eq(households.villageId, villageId));
  const ofMembers = await db.select({ ...cols, member: members.code }).from(identities)
    .innerJoin(members, eq(members.id, identities.memberId))
    .where(eq(members.villageId, villageId));
  return [
    ...ofResidents.map((r) => ({ ...r, kind: 'resident' as const, member: null })),
    ...ofMembers.map((r) => ({ ...r, kind: 'member' as const, household: null })),
  ].sort((a, b) => a.id - b.id);
}
