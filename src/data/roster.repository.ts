import { and, count, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { groups, households, members, villages } from '../../db/schema.js';
import type { Roster } from '../domain/roster.schema.js';

export async function villageCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(villages);
  return Number(row?.n ?? 0);
}

const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

/** Bind codes of this roster that another village already uses. */
async function codesOfOtherVillages(tx: Tx, villageId: number, codes: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < codes.length; i += 500) {
    const chunk = codes.slice(i, i + 500);
    const m = await tx.select({ c: members.bindCode }).from(members).where(and(inArray(members.bindCode, chunk), ne(members.villageId, villageId)));
    const h = await tx.select({ c: households.bindCode }).from(households).where(and(inArray(households.bindCode, chunk), ne(households.villageId, villageId)));
    for (const row of [...m, ...h]) taken.add(row.c);
  }
  return taken;
}

/**
 * Writes one village by codes, in one transaction: `check` sees the codes other villages hold and may
 * throw, in which case nothing is written.
 */
export async function saveRoster(db: Db, roster: Roster, check: (takenElsewhere: Set<string>) => void): Promise<void> {
  await db.transaction(async (tx) => {
    const v = roster.village;
    const values = { name: v.name, town: v.town ?? null, county: v.county ?? null, sayThingsDay: v.sayThingsDay, timezone: v.timezone };
    const [village] = await tx.insert(villages).values({ code: v.code, ...values })
      .onConflictDoUpdate({ target: villages.code, set: values }).returning();
    const villageId = village!.id;
    check(await codesOfOtherVillages(tx, villageId, [...roster.members.map((m) => m.bindCode), ...roster.households.map((h) => h.bindCode)]));

    const memberIds = new Map<string, number>();
    for (const m of roster.members) {
      const [row] = await tx.insert(members).values({ villageId, code: m.code, name: m.name, roles: m.roles, bindCode: m.bindCode, away: m.away })
        .onConflictDoUpdate({ target: [members.villageId, members.code], set: { name: m.name, roles: m.roles, bindCode: m.bindCode, away: m.away } })
        .returning({ id: members.id });
      memberIds.set(m.code, row!.id);
    }
    const groupIds = new Map<string, number>();
    for (const g of roster.groups) {
      const set = { name: g.name, leaderId: g.leader ? memberIds.get(g.leader)! : null, deputyId: g.deputy ? memberIds.get(g.deputy)! : null };
      const [row] = await tx.insert(groups).values({ villageId, code: g.code, ...set })
        .onConflictDoUpdate({ target: [groups.villageId, groups.code], set }).returning({ id: groups.id });
      groupIds.set(g.code, row!.id);
    }
    for (let i = 0; i < roster.households.length; i += 200) {
      const chunk = roster.households.slice(i, i + 200).map((h) => ({
        villageId, groupId: groupIds.get(h.group)!, code: h.code, head: h.head, address: h.address ?? null, bindCode: h.bindCode,
      }));
      await tx.insert(households).values(chunk).onConflictDoUpdate({
        target: [households.villageId, households.code],
        set: { groupId: sqlExcluded('group_id'), head: sqlExcluded('head'), address: sqlExcluded('address'), bindCode: sqlExcluded('bind_code') },
      });
    }
  });
}
