import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { count } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { villages } from '../../db/schema.js';
import { importRoster, type ImportSummary } from './roster.import.js';

export const demoRosterPath = fileURLToPath(new URL('../../db/demo/xiaoyingdian.json', import.meta.url));

/** A newcomer gets a village to talk to; a database that already has one is left alone. */
export async function importDemoIfEmpty(db: Db): Promise<ImportSummary | null> {
  const [row] = await db.select({ n: count() }).from(villages);
  if (Number(row?.n ?? 0) > 0) return null;
  return importRoster(db, JSON.parse(readFileSync(demoRosterPath, 'utf8')));
}
