import { and, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { groups, households, members, villages } from '../../db/schema.js';
import { badRequest } from '../errors.js';
import { describeIssues, type Roster, rosterSchema } from '../domain/roster.schema.js';

export interface ImportSummary {
  village: string;
  members: number;
  groups: number;
  households: number;
}

export function parseRoster(input: unknown): Roster {
  const parsed = rosterSchema.safeParse(input);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    throw badRequest('roster.invalid', `Invalid roster: ${issues.slice(0, 5).join('; ')}`, { issues });
  }
  return parsed.data;
}

/** Imports or updates one village by codes, in one transaction: a bad file changes nothing. */
export async function importRoster(db: Db, input: unknown): Promise<ImportSummary> {
  const roster = parseRoster(input);
  return db.transaction(async (tx) => {
    const [village] = await tx.insert(villages).values({
      code: roster.village.code, name: roster.village.name, town: roster.village.town ?? null,
      county: roster.village.county ?? null, sayThingsDay: roster.village.sayThingsDay, timezone: roster.village.timezone,
    }).onConflictDoUpdate({
      target: villages.code,
      set: { name: roster.village.name, town: roster.village.town ?? null, county: roster.village.county ?? null,
        sayThingsDay: roster.village.sayThingsDay, timezone: roster.village.timezone },
    }).returning();
    const villageId = village!.id;
    await assertBindCodesFree(tx, villageId, roster);

    const memberIds = new Map<string, number>();
    for (const m of roster.members) {
      const [row] = await tx.insert(members).values({ villageId, code: m.code, name: m.name, roles: m.roles, bindCode: m.bindCode, away: m.away })
        .onConflictDoUpdate({ target: [members.villageId, members.code], set: { name: m.name, roles: m.roles, bindCode: m.bindCode, away: m.away } })
        .returning({ id: members.id });
      memberIds.set(m.code, row!.id);
    }
    const groupIds = new Map<string, number>();
    for (const g of roster.groups) {
      const values = { name: g.name, leaderId: g.leader ? memberIds.get(g.leader)! : null, deputyId: g.deputy ? memberIds.get(g.deputy)! : null };
      const [row] = await tx.insert(groups).values({ villageId, code: g.code, ...values })
        .onConflictDoUpdate({ target: [groups.villageId, groups.code], set: values }).returning({ id: groups.id });
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
    return { village: roster.village.code, members: roster.members.length, groups: roster.groups.length, households: roster.households.length };
  });
}

const sqlExcluded = (column: string) => sql.raw(`excluded.${column}`);

/** Bind codes are unique across the whole deployment; another village's code is named, not overwritten. */
async function assertBindCodesFree(tx: Tx, villageId: number, roster: Roster): Promise<void> {
  const codes = [...roster.members.map((m) => m.bindCode), ...roster.households.map((h) => h.bindCode)];
  const taken = new Set<string>();
  for (let i = 0; i < codes.length; i += 500) {
    const chunk = codes.slice(i, i + 500);
    const m = await tx.select({ c: members.bindCode }).from(members).where(and(inArray(members.bindCode, chunk), ne(members.villageId, villageId)));
    const h = await tx.select({ c: households.bindCode }).from(households).where(and(inArray(households.bindCode, chunk), ne(households.villageId, villageId)));
    for (const row of [...m, ...h]) taken.add(row.c);
  }
  // Within this village a code may move between a member and a household; that is checked by the unique indexes.
  const issues: string[] = [];
  roster.members.forEach((m, i) => { if (taken.has(m.bindCode)) issues.push(`members.${i}.bindCode: bind code ${m.bindCode} belongs to another village`); });
  roster.households.forEach((h, i) => { if (taken.has(h.bindCode)) issues.push(`households.${i}.bindCode: bind code ${h.bindCode} belongs to another village`); });
  if (issues.length) throw badRequest('roster.invalid', `Invalid roster: ${issues.slice(0, 5).join('; ')}`, { issues });
}
