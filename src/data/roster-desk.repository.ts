import { and, asc, count, desc, eq, ilike, inArray, isNull, like, or, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { deskAudit, groups, households, identities, members, residents } from '../../db/schema.js';
import type { MemberRole } from '../domain/routing.js';

/** The roster as the desk's pages browse it: one village at a time, its own rows only (codes with `~` are the service's). */

export interface HouseholdListRow {
  id: number; code: string; head: string; address: string | null; phone: string | null;
  groupId: number; groupCode: string; groupName: string;
}

const own = (column: typeof households.code | typeof groups.code) => sql`left(${column}, 1) <> '~'`;
/** What a person typed, matched literally inside a LIKE pattern. */
const literal = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Households matching `q` (the head's name, a bound resident's name, the address such as 一组2号, the code, or the
 * phone's last digits), in one group or all, by group and code: one page and how many match.
 */
export async function householdsPage(db: DbOrTx, villageId: number, f: {
  q?: string; groupCode?: string; page: number; pageSize: number;
  /** The groups whose phones the reader sees in full: only those match by phone, or digit after digit would spell a masked number. */
  phoneGroups: 'all' | readonly number[];
}):
  Promise<{ items: HouseholdListRow[]; total: number }> {
  const where: SQL[] = [eq(households.villageId, villageId), own(households.code)];
  if (f.groupCode) where.push(eq(groups.code, f.groupCode));
  const q = f.q?.trim();
  if (q) {
    const pattern = `%${literal(q)}%`;
    const any: SQL[] = [ilike(households.head, pattern), ilike(households.address, pattern), ilike(households.code, pattern),
      sql`exists (select 1 from ${residents} where ${residents.householdId} = ${households.id} and ${residents.name} ilike ${pattern})`];
    const digits = q.replace(/[\s-]/g, '');
    if (/^\d{3,}$/.test(digits) && (f.phoneGroups === 'all' || f.phoneGroups.length)) {
      const byPhone = like(households.phone, `%${digits}`);
      any.push(f.phoneGroups === 'all' ? byPhone : and(byPhone, inArray(households.groupId, [...f.phoneGroups]))!);
    }
    where.push(or(...any)!);
  }
  const items = await db.select({
    id: households.id, code: households.code, head: households.head, address: households.address, phone: households.phone,
    groupId: groups.id, groupCode: groups.code, groupName: groups.name,
  }).from(households).innerJoin(groups, eq(groups.id, households.groupId)).where(and(...where))
    .orderBy(asc(groups.code), asc(households.code)).limit(f.pageSize).offset((Math.max(f.page, 1) - 1) * f.pageSize);
  const [n] = await db.select({ n: count() }).from(households).innerJoin(groups, eq(groups.id, households.groupId)).where(and(...where));
  return { items, total: Number(n?.n ?? 0) };
}

export interface DeskHousehold extends HouseholdListRow {
  /** The people bound to it (their names as they gave them), and how many of their accounts are live. */
  residents: { name: string; accounts: number }[];
}

export async function householdByCode(db: DbOrTx, villageId: number, code: string): Promise<DeskHousehold | null> {
  const [h] = await db.select({
    id: households.id, code: households.code, head: households.head, address: households.address, phone: households.phone,
    groupId: groups.id, groupCode: groups.code, groupName: groups.name,
  }).from(households).innerJoin(groups, eq(groups.id, households.groupId))
    .where(and(eq(households.villageId, villageId), eq(households.code, code), own(households.code)));
  if (!h) return null;
  const rs = await db.select({ name: residents.name, accounts: sql<number>`count(${identities.id})::int` }).from(residents)
    .leftJoin(identities, and(eq(identities.residentId, residents.id), isNull(identities.revokedAt)))
    .where(eq(residents.householdId, h.id)).groupBy(residents.id, residents.name).orderBy(asc(residents.id));
  return { ...h, residents: rs.map((r) => ({ name: r.name, accounts: Number(r.accounts) })) };
}

export interface DeskMember {
  id: number; code: string; name: string; roles: MemberRole[]; away: boolean; active: boolean;
  /** The groups they lead or deputise for. */
  places: { code: string; name: string; role: 'leader' | 'deputy' }[];
  accounts: number;
}

/** The village's members matching `q` (name or code), active first; a village has a few dozen at most. */
export async function villageMembersMatching(db: DbOrTx, villageId: number, q?: string): Promise<DeskMember[]> {
  const where: SQL[] = [eq(members.villageId, villageId)];
  const typed = q?.trim();
  if (typed) where.push(or(ilike(members.name, `%${literal(typed)}%`), ilike(members.code, `%${literal(typed)}%`))!);
  const ms = await db.select().from(members).where(and(...where)).orderBy(desc(members.active), asc(members.code));
  return withPlaces(db, villageId, ms);
}

export async function memberOfVillage(db: DbOrTx, villageId: number, code: string): Promise<DeskMember | null> {
  const ms = await db.select().from(members).where(and(eq(members.villageId, villageId), eq(members.code, code)));
  return (await withPlaces(db, villageId, ms))[0] ?? null;
}

async function withPlaces(db: DbOrTx, villageId: number, ms: (typeof members.$inferSelect)[]): Promise<DeskMember[]> {
  if (ms.length === 0) return [];
  const gs = await db.select().from(groups).where(and(eq(groups.villageId, villageId), own(groups.code))).orderBy(asc(groups.code));
  const live = await db.select({ memberId: identities.memberId, n: count() }).from(identities)
    .where(and(inArray(identities.memberId, ms.map((m) => m.id)), isNull(identities.revokedAt))).groupBy(identities.memberId);
  const accounts = new Map(live.map((r) => [r.memberId, Number(r.n)]));
  return ms.map((m) => ({
    id: m.id, code: m.code, name: m.name, roles: m.roles, away: m.away, active: m.active, accounts: accounts.get(m.id) ?? 0,
    places: gs.flatMap((g) => [
      ...(g.leaderId === m.id ? [{ code: g.code, name: g.name, role: 'leader' as const }] : []),
      ...(g.deputyId === m.id ? [{ code: g.code, name: g.name, role: 'deputy' as const }] : []),
    ]),
  }));
}

/** The village's groups (not the service's own), in roster order. */
export async function villageGroups(db: DbOrTx, villageId: number): Promise<{ id: number; code: string; name: string }[]> {
  return db.select({ id: groups.id, code: groups.code, name: groups.name }).from(groups)
    .where(and(eq(groups.villageId, villageId), own(groups.code))).orderBy(asc(groups.code));
}

export interface AuditLine { at: Date; actor: string; action: string; details: Record<string, unknown> }

/** The audit log's entries about these targets, newest first. */
export async function auditOf(db: DbOrTx, targets: string[], limit = 50): Promise<AuditLine[]> {
  if (targets.length === 0) return [];
  // The actor by name where they were a member (the log keeps `s-01@village`, which people do not say).
  return db.select({ at: deskAudit.at, actor: sql<string>`coalesce(${members.name}, ${deskAudit.actor})`, action: deskAudit.action, details: deskAudit.details })
    .from(deskAudit).leftJoin(members, eq(members.id, deskAudit.memberId))
    .where(inArray(deskAudit.target, targets)).orderBy(desc(deskAudit.at), desc(deskAudit.id)).limit(limit);
}
