import { and, count, desc, eq, gt, inArray, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { deskAudit, deskLoginCodes, deskLoginFailures, deskLoginRequests, deskSessions, groups, identities, members, villages } from '../../db/schema.js';
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

/** Wrong codes that count for one attempt: from this address (any member), for this subject from it, and for the subject from anywhere. */
export interface LoginFailures { source: Date[]; subjectHere: Date[]; subject: Date[] }

/**
 * The wrong codes of the last window, newest first. Attempts from one address, and attempts for one
 * subject, wait for each other (until the transaction ends), so parallel guesses cannot all slip under a limit.
 */
export async function loginFailures(db: DbOrTx, who: { subject: string | null; source: string }, now: Date,
  windows: { sourceMs: number; sourceMax: number; subjectMs: number; subjectMax: number }): Promise<LoginFailures> {
  // Always the address first, then the subject: one order, so two attempts never wait for each other in a circle.
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`linli-desk:${who.source}`}))`);
  if (who.subject !== null) await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`linli-desk-subject:${who.subject}`}))`);
  const since = (ms: number) => new Date(now.getTime() - ms);
  const dates = async (where: ReturnType<typeof and>, limit: number) =>
    (await db.select({ at: deskLoginFailures.at }).from(deskLoginFailures).where(where).orderBy(desc(deskLoginFailures.at)).limit(limit)).map((r) => r.at);
  const source = await dates(and(eq(deskLoginFailures.source, who.source), gt(deskLoginFailures.at, since(windows.sourceMs))), windows.sourceMax);
  if (who.subject === null) return { source, subjectHere: [], subject: [] };
  const recent = gt(deskLoginFailures.at, since(windows.subjectMs));
  const subjectHere = await dates(and(eq(deskLoginFailures.subject, who.subject), eq(deskLoginFailures.source, who.source), recent), windows.subjectMax);
  const subject = await dates(and(eq(deskLoginFailures.subject, who.subject), recent), 1000);
  return { source, subjectHere, subject };
}

export async function recordLoginFailure(db: DbOrTx, who: { memberId: number | null; subject: string | null; source: string }, at: Date): Promise<void> {
  await db.insert(deskLoginFailures).values({ memberId: who.memberId, subject: who.subject, source: who.source, at });
}

/** Code requests since a moment: from this address (for anyone) and for this subject from this address. */
export async function loginRequestsSince(db: DbOrTx, who: { subject: string; source: string }, since: Date): Promise<{ source: number; subjectHere: number }> {
  const n = async (where: ReturnType<typeof and>) => (await db.select({ n: count() }).from(deskLoginRequests).where(where))[0]?.n ?? 0;
  return {
    source: Number(await n(and(eq(deskLoginRequests.source, who.source), gt(deskLoginRequests.at, since)))),
    subjectHere: Number(await n(and(eq(deskLoginRequests.source, who.source), eq(deskLoginRequests.subject, who.subject), gt(deskLoginRequests.at, since)))),
  };
}

/** The oldest code request from this address since a moment: when its hour is over, one more may be asked. */
export async function oldestLoginRequestSince(db: DbOrTx, source: string, since: Date): Promise<Date | null> {
  const [row] = await db.select({ at: deskLoginRequests.at }).from(deskLoginRequests)
    .where(and(eq(deskLoginRequests.source, source), gt(deskLoginRequests.at, since))).orderBy(deskLoginRequests.at).limit(1);
  return row?.at ?? null;
}

export async function recordLoginRequest(db: DbOrTx, who: { subject: string; source: string }, at: Date): Promise<void> {
  await db.insert(deskLoginRequests).values({ subject: who.subject, source: who.source, at });
}

/** Codes sent to a member since a moment, except those asked from `except` addresses: sending is throttled, so nobody's phone is flooded. */
export async function codesSentSince(db: DbOrTx, memberId: number, since: Date, except: string[] = []): Promise<number> {
  const rows = await db.select({ source: deskLoginCodes.source }).from(deskLoginCodes)
    .where(and(eq(deskLoginCodes.memberId, memberId), gt(deskLoginCodes.createdAt, since)));
  return rows.filter((r) => r.source === null || !except.includes(r.source)).length;
}

/** The raw addresses a member opened desk sessions from since a moment (the caller folds them into sources). */
export async function memberSessionAddresses(db: DbOrTx, memberId: number, since: Date): Promise<string[]> {
  const rows = await db.selectDistinct({ ip: deskSessions.ip }).from(deskSessions)
    .where(and(eq(deskSessions.memberId, memberId), gt(deskSessions.createdAt, since), isNotNull(deskSessions.ip))).limit(50);
  return rows.map((r) => r.ip!);
}

/**
 * A new code replaces an unused one asked from the same address only: someone asking from elsewhere
 * cannot spoil the code the member is typing in.
 */
export async function storeLoginCode(db: DbOrTx, v: { memberId: number; codeHash: string; now: Date; expiresAt: Date; source: string }): Promise<void> {
  await db.update(deskLoginCodes).set({ usedAt: v.now })
    .where(and(eq(deskLoginCodes.memberId, v.memberId), eq(deskLoginCodes.source, v.source), isNull(deskLoginCodes.usedAt)));
  await db.insert(deskLoginCodes).values({ memberId: v.memberId, codeHash: v.codeHash, createdAt: v.now, expiresAt: v.expiresAt, source: v.source });
}

/** Uses the member's live code asked from this address when the hash matches: true once, never again. */
export async function useLoginCode(db: DbOrTx, memberId: number, codeHash: string, source: string, now: Date): Promise<boolean> {
  const rows = await db.update(deskLoginCodes).set({ usedAt: now })
    .where(and(eq(deskLoginCodes.memberId, memberId), eq(deskLoginCodes.source, source), eq(deskLoginCodes.codeHash, codeHash),
      isNull(deskLoginCodes.usedAt), gt(deskLoginCodes.expiresAt, now)))
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
