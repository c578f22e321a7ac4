import type { Db } from '../data/database.js';

/** A feature's sweep: claims what is due at `now` and says how many it did. */
export type FeatureSweep = (db: Db, now: Date) => Promise<number>;

/**
 * The features' sweeps, by the name each count is reported under: the tick (tick.ts) runs them after the core's,
 * in the order of the one feature list (src/features.ts), which installs them here when it is loaded.
 */
export const featureSweeps: Record<string, FeatureSweep> = {};

export function installSweeps(sweeps: readonly Readonly<Record<string, FeatureSweep>>[]): void {
  for (const name of Object.keys(featureSweeps)) Reflect.deleteProperty(featureSweeps, name);
  Object.assign(featureSweeps, ...sweeps);
}
