import type { Db } from '../data/database.js';
import { saveRoster } from '../data/roster.repository.js';
import { AppError } from '../domain/errors.js';
import { describeIssues, type Roster, rosterSchema } from '../domain/roster.schema.js';

export interface ImportSummary {
  village: string;
  members: number;
  groups: number;
  households: number;
}

const invalid = (issues: string[]) => new AppError('roster.invalid', `Invalid roster: ${issues.slice(0, 5).join('; ')}`, { issues });

export function parseRoster(input: unknown): Roster {
  const parsed = rosterSchema.safeParse(input);
  if (!parsed.success) throw invalid(describeIssues(parsed.error));
  return parsed.data;
}

/** Imports or updates one village by codes, in one transaction: a bad file changes nothing. */
export async function importRoster(db: Db, input: unknown): Promise<ImportSummary> {
  const roster = parseRoster(input);
  // Bind codes are unique across the whole deployment; another village's code is named, not overwritten.
  // Within this village a code may move between a member and a household; the unique indexes check that.
  await saveRoster(db, roster, (taken) => {
    const issues: string[] = [];
    roster.members.forEach((m, i) => { if (taken.has(m.bindCode)) issues.push(`members.${i}.bindCode: bind code ${m.bindCode} belongs to another village`); });
    roster.households.forEach((h, i) => { if (taken.has(h.bindCode)) issues.push(`households.${i}.bindCode: bind code ${h.bindCode} belongs to another village`); });
    if (issues.length) throw invalid(issues);
  });
  return { village: roster.village.code, members: roster.members.length, groups: roster.groups.length, households: roster.households.length };
}
