import { and, desc, eq, gt, inArray, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { deskAudit, deskLoginCodes, deskLoginFailures, deskSessions, groups, identities, members, villages } from '../../db/schema.js';
import { normalizeCardCode } from '../domain/card-code.js';
import { phraseParts, resolveMember } from '../domain/people.resolve.js';
import { type IdentityRow, type MemberRow, villageRoster, type VillageRow } from './people.repository.js';

export type DeskSessionRow = typeof deskSessions.$inferSelect;
export type AuditRow = typeof deskAudit.$inferSelect;

/**
 * Who is logging in, by what they hold: the code printed on their card (联心卡, e.g. 700001), their member code,
 * or their name — with the group when two share it ("二组 李海生"), looked up in each village's roster. Active
 * members only; several when the name (or member code) is in more than one village or fits several people.
 */
export async function membersByCode(db: DbOrTx, typed: string, villageCode: string | null): Promise<{ member: MemberRow; village: VillageRow }[]> {
  const text = typed.normalize('NFKC').trim();
  const where = (cond: SQL) => and(cond, eq(members.active, true), ...(villageCode ? [eq(villages.code, villageCode)] : []));
  const find = (cond: SQL) => db.select({ member: members, village: villages }).from(members)
    .innerJoin(villages, eq(villages.id, members.villageId)).where(where(cond)).orderBy(members.id).limit(20);
  const card = normalizeCardCode(text);
  if (card) {
    const byCard = await find(eq(members.bindCode, card));
    if (byCard.length) return byCard;
  }
  const byCode = await find(eq(members.code, text));
  if (byCode.length) return byCode;
  const named = phraseParts(text).map((p) => p.replace(/(?:家|户)$/, ''));
  if (named.length === 0) return [];
  const candidates = await find(inArray(members.name, named));
  const out: { member: MemberRow; village: VillageRow }[] = [];
  for (const villageId of new Set(candidates.map((c) => c.village.id))) {
    const r = resolveMember(await villageRoster(db, villageId), text);
    const ids = new Set(r.kind === 'one' ? [r.item.id] : r.kind === 'many' ? r.items.map((m) => m.id) : []);
    out.push(...candidates.filter((c) => ids.has(c.member.id)));
  }
  return out;
}

export async function memberWithVillage(db: DbOrTx, memberId: number): Promise<{ member: MemberRow; village: VillageRow } | null> {
  const [row] = await db.select({ member: members, village: villages }).from(members)
    .innerJoin(villages, eq(villages.id, members.villageId)).where(eq(members.id, memberId));
  return row ?? null;
}

/** The groups a member leads or deputises for. */
export async function groupsLedBy(db: DbOrTx, memberId: number): Promise<{ id: number; name: string }[]> {
  return db.select({ id: groups.id, name: groups.name }).from(groups)
    .where(sql`${groups.leaderId} = ${memberId} or ${groups.deputyId} = ${memberId}`).orderBy(groups.code);
}

/** A member's confirmed account used last: the desk acts through the same use cases as that account would. */
export async function confirmedIdentityOf(db: DbOrTx, memberId: number): Promise<IdentityRow | null> {
  const [row] = await db.select().from(identities)
    .where(and(eq(identities.memberId, memberId), isNotNull(identities.confirmedAt), isNull(identities.revokedAt)))
    .orderBy(desc(identities.lastSeenAt), desc(identities.id)).limit(1);
  return row ?? null;
}

/**
 * Wrong codes that count against a login attempt, newest first: this member's and this address's. Attempts
 * from one address wait for each other, so sending side by side gains nothing.
 */
export async function loginFailures(db: DbOrTx, memberId: number | null, source: string, now: Date,
  windows: { memberMs: number; sourceMs: number; memberMax: number; sourceMax: number }): Promise<{ member: Date[]; source: Date[] }> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`linli-desk:${source}`}))`);
  const since = (ms: number) => new Date(now.getTime() - ms);
  const dates = async (where: ReturnType<typeof and>, limit: number) =>
    (await db.select({ at: deskLoginFailures.at }).from(deskLoginFailures).where(where).orderBy(desc(deskLoginFailures.at)).limit(limit)).map((r) => r.at);
  const member = memberId === null ? [] : await dates(and(eq(deskLoginFailures.memberId, memberId), gt(deskLoginFailures.at, since(windows.memberMs))), windows.memberMax);
  const src = await dates(and(eq(deskLoginFailures.source, source), gt(deskLoginFailures.at, since(windows.sourceMs))), windows.sourceMax);
  return { member, source: src };
}

export async function recordLoginFailure(db: DbOrTx, memberId: number | null, source: string, at: Date): Promise<void> {
  await db.insert(deskLoginFailures).values({ memberId, source, at });
}

/** Codes sent to a member since a moment: sending is throttled too, so nobody's phone is flooded. */
export async function codesSentSince(db: DbOrTx, memberId: number, since: Date): Promise<number> {
  const rows = await db.select({ id: deskLoginCodes.id }).from(deskLoginCodes)
    .where(and(eq(deskLoginCodes.memberId, memberId), gt(deskLoginCodes.createdAt, since)));
  return rows.length;
}

/** A new code replaces any unused one: only the latest code sent works. */
export async function storeLoginCode(db: DbOrTx, v: { memberId: number; codeHash: string; now: Date; expiresAt: Date; source: string }): Promise<void> {
  await db.update(deskLoginCodes).set({ usedAt: v.now }).where(and(eq(deskLoginCodes.memberId, v.memberId), isNull(deskLoginCodes.usedAt)));
  await db.insert(deskLoginCodes).values({ memberId: v.memberId, codeHash: v.codeHash, createdAt: v.now, expiresAt: v.expiresAt, source: v.source });
}

/** Uses the member's live code when the hash matches: true once, never again. */
export async function useLoginCode(db: DbOrTx, memberId: number, codeHash: string, now: Date): Promise<boolean> {
  const rows = await db.update(deskLoginCodes).set({ usedAt: now })
    .where(and(eq(deskLoginCodes.memberId, memberId), eq(deskLoginCodes.codeHash, codeHash), isNull(deskLoginCodes.usedAt), gt(deskLoginCodes.expiresAt, now)))
    .returning({ id: deskLoginCodes.id });
  return rows.length > 0;
}

export async function createDeskSession(db: DbOrTx, v: { tokenHash: string; memberId: number | null; admin: boolean; now: Date; expiresAt: Date; ip: string }): Promise<number> {
  const [row] = await db.insert(deskSessions).values({ tokenHash: v.tokenHash, memberId: v.memberId, admin: v.admin, createdAt: v.now, expiresAt: v.expiresAt, ip: v.ip })
    .returning({ id: deskSessions.id });
  return row!.id;
}

/** A session that is neither revoked nor expired. */
export async function liveDeskSession(db: DbOrTx, tokenHash: string, now: Date): Promise<DeskSessionRow | null> {
  const [row] = await db.select().from(deskSessions)
    .where(and(eq(deskSessions.tokenHash, tokenHash), isNull(deskSessions.revokedAt), gt(deskSessions.expiresAt, now)));
  return row ?? null;
}

export async function revokeDeskSession(db: DbOrTx, id: number, now: Date): Promise<boolean> {
  const rows = await db.update(deskSessions).set({ revokedAt: now }).where(and(eq(deskSessions.id, id), isNull(deskSessions.revokedAt)))
    .returning({ id: deskSessions.id });
  return rows.length > 0;
}

/** Open sessions, newest first, with who holds them (for the admin). */
export async function liveDeskSessions(db: DbOrTx, now: Date, limit = 200) {
  return db.select({ id: deskSessions.id, admin: deskSessions.admin, createdAt: deskSessions.createdAt, expiresAt: deskSessions.expiresAt,
    ip: deskSessions.ip, memberCode: members.code, memberName: members.name, village: villages.code })
    .from(deskSessions).leftJoin(members, eq(members.id, deskSessions.memberId)).leftJoin(villages, eq(villages.id, members.villageId))
    .where(and(isNull(deskSessions.revokedAt), gt(deskSessions.expiresAt, now))).orderBy(desc(deskSessions.id)).limit(limit);
}

export interface AuditEntry {
  at: Date;
  sessionId: number | null;
  memberId: number | null;
  actor: string;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip: string | null;
}

export async function writeAudit(db: DbOrTx, e: AuditEntry): Promise<void> {
  await db.insert(deskAudit).values({ ...e, target: e.target ?? null, details: e.details ?? {} });
}

/** The audit log, newest first, a page at a time (`before` an id). */
export async function auditLog(db: DbOrTx, opts: { limit: number; before?: number; action?: string }): Promise<AuditRow[]> {
  const where = and(...(opts.before ? [lt(deskAudit.id, opts.before)] : []), ...(opts.action ? [eq(deskAudit.action, opts.action)] : []));
  return db.select().from(deskAudit).where(where).orderBy(desc(deskAudit.id)).limit(opts.limit);
}
