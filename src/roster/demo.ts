import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../data/database.js';
import { demoVillages, removeDemoVillages, type RemovedVillage } from '../data/demo.repository.js';
import { villageByCode } from '../data/people.repository.js';
import { AppError } from '../domain/errors.js';
import { importRoster, type ImportSummary } from './roster.import.js';

export const demoRosterPath = fileURLToPath(new URL('../../db/demo/xiaoyingdian.json', import.meta.url));

export type DemoStart =
  | { kind: 'loaded'; summary: ImportSummary }
  | { kind: 'present'; village: string }
  /** A real village has the demo's code, or holds one of its codes: the demo is not loaded beside it. */
  | { kind: 'blocked'; village: string };

/**
 * Demo mode (LINLI_DEMO=true or `--demo`) only: the demo village, created marked as the demo unless one is
 * there. It never takes the place of a real village, nor any of a real village's codes.
 */
export async function ensureDemoVillage(db: Db): Promise<DemoStart> {
  const present = await demoVillages(db);
  if (present.length) return { kind: 'present', village: present[0]!.code };
  const roster = JSON.parse(readFileSync(demoRosterPath, 'utf8')) as { village: { code: string } };
  if (await villageByCode(db, roster.village.code)) return { kind: 'blocked', village: roster.village.code };
  try {
    return { kind: 'loaded', summary: await importRoster(db, roster, { demo: true }) };
  } catch (err) {
    if (err instanceof AppError && err.code === 'roster.invalid')
      return { kind: 'blocked', village: roster.village.code };
    throw err;
  }
}

/** `linli demo remove`: the demo village and everything of it, gone. */
export async function removeDemo(db: Db): Promise<RemovedVillage[]> {
  return removeDemoVillages(db);
}

export { demoVillages, type RemovedVillage };
