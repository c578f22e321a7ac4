import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../data/database.js';
import { villageCount } from '../data/roster.repository.js';
import { importRoster, type ImportSummary } from './roster.import.js';

export const demoRosterPath = fileURLToPath(new URL('../../db/demo/xiaoyingdian.json', import.meta.url));

/** A newcomer gets a village to talk to; a database that already has one is left alone. */
export async function importDemoIfEmpty(db: Db): Promise<ImportSummary | null> {
  if (await villageCount(db) > 0) return null;
  return importRoster(db, JSON.parse(readFileSync(demoRosterPath, 'utf8')));
}
