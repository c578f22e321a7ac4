import { and, arrayContains, desc, eq, gt, inArray, isNotNull, isNull, like, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { bindAttempts, chatLinks, groups, households, identities, members, residents, villages } from '../../db/schema.js';
import type { Platform } from '../channels/channel.port.js';
import { type BindFailures, type IdentityPolicy, sourceRange } from '../domain/binding.js';
import { normalizeCardCode } from '../domain/card-code.js';
import type { VillageRoster } from '../domain/people.resolve.js';
import { policy } from '../domain/policy.js';
import { robotRooms } from './robots.repository.js';
import { cachedRoster } from './roster.cache.js';

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

// The member's village and the household's village, joined under two names in one query.
export const memberVillages = alias(villages, 'member_village');
export const householdVillages = alias(villages, 'household_village');

/** Who is writing, as findActor and the read that starts a turn (turn-start.repository) select it. */
export const actorColumns = {
  identity: identities, member: members, memberVillage: memberVillages, household: households, householdVillage: householdVillages,
};

type ActorRow = {
  identity: IdentityRow; member: MemberRow | null; memberVillage: VillageRow | null; household: HouseholdRow | null; householdVillage: VillageRow | null;
};

/**
 * Who is writing. An account that was unbound (解绑, 不是我, an admin, a re-issued card) and an account of a
 * member the roster no longer lists are strangers: the next message is asked for a card code.
 */
export function actorOf(row: ActorRow | undefined): Actor {
  if (!row || row.identity.revokedAt !== null) return { kind: 'stranger' };
  const { identity } = row;
  if (identity.memberId !== null && row.member && row.memberVillage) {
    return row.member.active ? { kind: 'member', identity, member: row.member, village: row.memberVillage } : { kind: 'stranger' };
  }
  if (identity.residentId !== null && row.household && row.householdVillage) {
    return { kind: 'resident', identity, residentId: identity.residentId, household: row.household, village: row.householdVillage };
  }
  return { kind: 'stranger' };
}

export async function findActor(db: DbOrTx, platform: Platform, userId: string): Promise<Actor> {
  const [row] = await db.select(actorColumns).from(identities)
    .leftJoin(members, eq(members.id, identities.memberId))
    .leftJoin(memberVillages, eq(memberVillages.id, members.villageId))
    .leftJoin(residents, eq(residents.id, identities.residentId))
    .leftJoin(households, eq(households.id, residents.householdId))
    .leftJoin(householdVillages, eq(householdVillages.id, households.villageId))
    .where(and(eq(identities.platform, platform), eq(identities.platformUserId, userId)));
  return actorOf(row);
}

/**
 * Marks the account as just used (replies to a member go to the account used last on each platform).
 * At most once a minute: a conversation is many messages, and a minute changes nobody's choice.
 */
export async function touchIdentity(db: DbOrTx, identity: { id: number; lastSeenAt: Date }, now: Date): Promise<void> {
  if (now.getTime() - identity.lastSeenAt.getTime() < policy.touchEveryMs && now >= identity.lastSeenAt) return;
  await db.update(identities).set({ lastSeenAt: now }).where(eq(identities.id, identity.id));
}

export interface Address {
  platform: Platform;
  address: string;
  language: string;
}

/**
 * Where a member's task cards and notices go: each of their confirmed accounts that is not revoked, one
 * per platform (the one used last there), never an account still waiting for confirmation. Nothing for
 * a member the roster no longer lists.
 */
export async function memberAddresses(db: DbOrTx, memberId: number): Promise<Address[]> {
  const rows = await db.select({ platform: identities.platform, address: identities.address, language: identities.language })
    .from(identities).innerJoin(members, eq(members.id, identities.memberId))
    .where(and(eq(identities.memberId, memberId), eq(members.active, true), isNotNull(identities.confirmedAt), isNull(identities.revokedAt)))
    .orderBy(desc(identities.lastSeenAt), desc(identities.id));
  const perPlatform = new Map<Platform, Address>();
  for (const r of rows) if (!perPlatform.has(r.platform)) perPlatform.set(r.platform, r);
  return [...perPlatform.values()];
}

/** Every confirmed account of every secretary of the deployment, one per platform, with the member's id. */
export async function secretaryAddresses(db: DbOrTx): Promise<(Address & { memberId: number })[]> {
  const secretaries = await db.select({ id: members.id }).from(members)
    .where(and(arrayContains(members.roles, ['secretary']), eq(members.active, true))).orderBy(members.id);
  const out: (Address & { memberId: number })[] = [];
  for (const s of secretaries) for (const a of await memberAddresses(db, s.id)) out.push({ ...a, memberId: s.id });
  return out;
}

/** An account's private address, unless it was unbound since. */
export async function identityAddress(db: DbOrTx, identityId: number): Promise<Address | null> {
  const [row] = await db.select().from(identities).where(and(eq(identities.id, identityId), isNull(identities.revokedAt)));
  return row ? { platform: row.platform, address: row.address, language: row.language } : null;
}

/**
 * Where a household hears about its request: the account it was reported from, or, once that account is
 * unbound, the household's account used last.
 */
export async function requesterAddress(db: DbOrTx, identityId: number, householdId: number): Promise<Address | null> {
  const origin = await identityAddress(db, identityId);
  if (origin) return origin;
  const [row] = await db.select({ platform: identities.platform, address: identities.address, language: identities.language })
    .from(identities).innerJoin(residents, eq(residents.id, identities.residentId))
    .where(and(eq(residents.householdId, householdId), isNull(identities.revokedAt)))
    .orderBy(desc(identities.lastSeenAt), desc(identities.id)).limit(1);
  return row ?? null;
}

/** Every bound resident account of a village (not unbound ones), for notices to all households. */
export async function residentAddresses(db: DbOrTx, villageId: number): Promise<Address[]> {
  return db.select({ platform: identities.platform, address: identities.address, language: identities.language })
    .from(identities).innerJoin(residents, eq(residents.id, identities.residentId))
    .innerJoin(households, eq(households.id, residents.householdId))
    .where(and(eq(households.villageId, villageId), isNull(identities.revokedAt)));
}

export async function groupOfHousehold(db: DbOrTx, householdId: number): Promise<GroupRow | null> {
  return cachedRoster(db, 'groupOfHousehold', householdId, async () => {
    const [row] = await db.select({ group: groups }).from(households)
      .innerJoin(groups, eq(groups.id, households.groupId)).where(eq(households.id, householdId));
    return row?.group ?? null;
  });
}

export async function groupByCode(db: DbOrTx, villageId: number, code: string): Promise<GroupRow | null> {
  const [row] = await db.select().from(groups).where(and(eq(groups.villageId, villageId), eq(groups.code, code)));
  return row ?? null;
}

export async function villageMembers(db: DbOrTx, villageId: number): Promise<MemberRow[]> {
  return db.select().from(members).where(eq(members.villageId, villageId)).orderBy(members.id);
}

/** The members who may be given work: those the latest roster still lists (a left-out member is inactive). */
export async function activeMembers(db: DbOrTx, villageId: number): Promise<MemberRow[]> {
  const list = await cachedRoster(db, 'activeMembers', villageId,
    () => db.select().from(members).where(and(eq(members.villageId, villageId), eq(members.active, true))).orderBy(members.id));
  return [...list];
}

/** The village's groups, members and households, as the people resolver reads them (cached until the roster changes). */
export async function villageRoster(db: DbOrTx, villageId: number): Promise<VillageRoster> {
  return cachedRoster(db, 'villageRoster', villageId, async () => {
    const [gs, ms, hs] = await Promise.all([
      db.select({ id: groups.id, code: groups.code, name: groups.name, leaderId: groups.leaderId, deputyId: groups.deputyId })
        .from(groups).where(eq(groups.villageId, villageId)).orderBy(groups.id),
      db.select({ id: members.id, code: members.code, name: members.name, roles: members.roles, bindCode: members.bindCode, active: members.active })
        .from(members).where(eq(members.villageId, villageId)).orderBy(members.id),
      db.select({ id: households.id, code: households.code, head: households.head, address: households.address, groupId: households.groupId })
        .from(households).where(eq(households.villageId, villageId)).orderBy(households.id),
    ]);
    return { groups: gs, members: ms, households: hs };
  });
}

export async function memberByCode(db: DbOrTx, villageId: number, code: string): Promise<MemberRow | null> {
  const [row] = await db.select().from(members).where(and(eq(members.villageId, villageId), eq(members.code, code)));
  return row ?? null;
}

export async function memberById(db: DbOrTx, id: number): Promise<MemberRow | null> {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  return row ?? null;
}

export async function memberName(db: DbOrTx, id: number | null): Promise<string | null> {
  if (id === null) return null;
  return cachedRoster(db, 'memberName', id, async () => {
    const [m] = await db.select({ name: members.name }).from(members).where(eq(members.id, id));
    return m?.name ?? null;
  });
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
  return cachedRoster(db, 'householdById', id, async () => {
    const [h] = await db.select().from(households).where(eq(households.id, id));
    return h ?? null;
  });
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

/** Group chats linked to the village's groups (WeChat rooms, Telegram groups), and the groups' WeCom robots. */
export async function linkedRooms(db: DbOrTx, villageId: number): Promise<{ platform: Platform; address: string }[]> {
  const linked = await db.select({ platform: chatLinks.platform, address: chatLinks.chatId }).from(chatLinks)
    .innerJoin(groups, eq(groups.id, chatLinks.groupId)).where(eq(groups.villageId, villageId));
  return [...linked, ...await robotRooms(db, villageId)];
}

export async function linkRoom(db: DbOrTx, link: { platform: Platform; chatId: string; groupId: number; memberId: number; at: Date }): Promise<void> {
  await db.insert(chatLinks).values({ platform: link.platform, chatId: link.chatId, groupId: link.groupId, linkedBy: link.memberId, linkedAt: link.at })
    .onConflictDoUpdate({ target: [chatLinks.platform, chatLinks.chatId], set: { groupId: link.groupId, linkedBy: link.memberId, linkedAt: link.at } });
}

// Binding

/**
 * The wrong codes that count for an attempt, newest first and no more than each limit needs: this
 * account's, this source's (none without a source) and the whole deployment's.
 */
export async function bindFailures(db: DbOrTx, who: BindingAttempter & { deploymentWide?: boolean },
  now: Date, p: IdentityPolicy): Promise<BindFailures> {
  const deploymentWide = who.deploymentWide ?? who.source !== null;
  // Attempts from one source (and its range) wait for each other (until the transaction ends), so accounts
  // sending side by side cannot all slip under the limits together; so do the Official Account's, which
  // have no source.
  const range = who.source === null ? null : sourceRange(who.source);
  if (who.source !== null) await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`linli-bind:${range ?? who.source}`}))`);
  else if (deploymentWide) await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`linli-bind:${who.platform}`}))`);
  const since = (ms: number) => new Date(now.getTime() - ms);
  const dates = async (where: ReturnType<typeof and>, limit: number) =>
    (await db.select({ at: bindAttempts.at }).from(bindAttempts).where(where).orderBy(desc(bindAttempts.at)).limit(limit)).map((r) => r.at);
  const account = await dates(and(eq(bindAttempts.platform, who.platform), eq(bindAttempts.platformUserId, who.userId),
    gt(bindAttempts.at, since(p.accountWindowMs))), p.perAccount);
  const source = who.source === null ? [] : await dates(and(eq(bindAttempts.source, who.source), gt(bindAttempts.at, since(p.sourceWindowMs))), p.perSource);
  // A range is a prefix of the keys of its sources (digits, dots, colons: nothing LIKE reads specially).
  const inRange = range === null ? [] : await dates(and(like(bindAttempts.source, `${range}%`), gt(bindAttempts.at, since(p.sourceWindowMs))), p.perRange);
  // The spike only matters to attempts that count deployment-wide (the web, the Official Account).
  const deployment = !deploymentWide ? [] : await dates(gt(bindAttempts.at, since(p.spikeWindowMs)), p.deploymentSpike);
  return { account, source, range: inRange, deployment };
}

/** Who tries a code: a chat account, or a desk member checking a roster's card codes (`desk`, `member:<id>`). */
export interface BindingAttempter { platform: Platform | 'desk'; userId: string; source: string | null }

export async function recordBindFailure(db: DbOrTx, who: BindingAttempter, at: Date): Promise<void> {
  await db.insert(bindAttempts).values({ platform: who.platform, platformUserId: who.userId, source: who.source, at });
}

export type CardHolder =
  | { kind: 'household'; household: HouseholdRow; village: VillageRow }
  | { kind: 'member'; member: MemberRow; village: VillageRow };

/**
 * Whose contact card (联心卡) carries this code, if anyone's: the code is compared normalized (full-width
 * forms, case and separators folded), as the roster stores it. A member the roster no longer lists holds no card.
 */
export async function cardHolder(db: DbOrTx, typed: string): Promise<CardHolder | null> {
  const code = normalizeCardCode(typed);
  const [hh] = await db.select({ household: households, village: villages }).from(households)
    .innerJoin(villages, eq(villages.id, households.villageId)).where(eq(households.bindCode, code));
  if (hh) return { kind: 'household', ...hh };
  const [mm] = await db.select({ member: members, village: villages }).from(members)
    .innerJoin(villages, eq(villages.id, members.villageId)).where(and(eq(members.bindCode, code), eq(members.active, true)));
  return mm ? { kind: 'member', ...mm } : null;
}

export async function createResident(db: DbOrTx, householdId: number, name: string, at: Date): Promise<number> {
  const [row] = await db.insert(residents).values({ householdId, name, createdAt: at }).returning({ id: residents.id });
  return row!.id;
}

export type IdentityValues = typeof identities.$inferInsert;

/** One account per (platform, user id): binding again rebinds the same row. Returns the row's id. */
export async function upsertIdentity(db: DbOrTx, values: IdentityValues): Promise<number> {
  const { platform: _p, platformUserId: _u, ...rest } = values;
  const [row] = await db.insert(identities).values(values)
    .onConflictDoUpdate({ target: [identities.platform, identities.platformUserId], set: rest }).returning({ id: identities.id });
  return row!.id;
}
