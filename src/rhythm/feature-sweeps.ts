import type { Db } from '../data/database.js';
import { sweepCareVisits } from '../care/care.sweep.js';
import { sweepBallots } from '../deliberation/ballots.sweep.js';
import { sweepMediation } from '../mediation/reminders.sweep.js';

/** A feature's sweep: claims what is due at `now` and says how many it did. */
export type FeatureSweep = (db: Db, now: Date) => Promise<number>;

/**
 * The features' sweeps, one line each: the tick (tick.ts) runs them after the core's, in this order, each
 * guarded, and reports each count under its key.
 */
export const featureSweeps = {
  /** Mediation reminders: a case open 30 days, the judicial-confirmation window, the return visit. */
  mediation: (db, now) => sweepMediation(db, now),
  /** Deliberation ballots closed and counted at their closing time. */
  ballots: sweepBallots,
  /** Care visits due (the leader's task) and overdue (the secretary's). */
  careVisits: sweepCareVisits,
} satisfies Record<string, FeatureSweep>;
