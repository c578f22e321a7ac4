import { sql } from 'drizzle-orm';
import { type DbOrTx, homeOf } from '../../db/client.js';

/**
 * The roster (members, groups, households) changes a few times a month and is read on every report:
 * routing, task cards and receipts read it from here instead of the database. Kept per database (found
 * from any of its transactions); every roster write clears it in this process at once, and through
 * NOTIFY (ROSTER_CHANNEL, delivered after the writer commits) in every instance on the database — also
 * this one, for reads that raced the write before it committed.
 */
export const ROSTER_CHANNEL = 'linli_roster';

/** Each kind of entry stops growing at this many (a county's worth of households); past it, that map starts again. */
const MAX_ENTRIES = 20_000;

interface Cache { generation: number; maps: Map<string, Map<number, unknown>> }

const caches = new WeakMap<object, Cache>();
// One counter for the process: a write clears every database's cache (tests open many; over-clearing is harmless).
let generation = 0;

/** Forgets every cached roster read in this process. */
export function rosterChanged(): void {
  generation++;
}

/** Called by every repository write to members, groups, households or villages, inside its transaction. */
export async function announceRosterChange(db: DbOrTx): Promise<void> {
  rosterChanged();
  await db.execute(sql`select pg_notify(${ROSTER_CHANNEL}, '')`);
}

/** A cached read: `load` runs on a miss; its result is kept only if no roster write happened meanwhile. */
export async function cachedRoster<T>(db: DbOrTx, kind: string, key: number, load: () => Promise<T>): Promise<T> {
  const home = homeOf(db);
  let cache = caches.get(home);
  if (!cache || cache.generation !== generation) {
    cache = { generation, maps: new Map() };
    caches.set(home, cache);
  }
  let map = cache.maps.get(kind);
  if (map?.has(key)) return map.get(key) as T;
  const started = generation;
  const value = await load();
  if (started === generation) {
    if (!map || map.size >= MAX_ENTRIES) cache.maps.set(kind, map = new Map());
    map.set(key, value);
  }
  return value;
}
