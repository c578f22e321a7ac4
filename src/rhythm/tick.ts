import type { Db } from '../data/database.js';
import { foldTallies } from '../data/request-tallies.repository.js';
import type { Policies } from '../domain/policies.js';
import type { Log } from '../log.js';
import { sweepDeadlines } from './deadlines.sweep.js';
import { type MediaRetention, sweepMedia, sweepUploads } from './media-retention.sweep.js';
import { sweepMonthlyReports } from './monthly-report.sweep.js';
import { sweepDrafts, sweepReturnVisits } from './return-visit.sweep.js';
import { sweepSayThings } from './say-things.sweep.js';
import { type FeatureSweep, featureSweeps } from './feature-sweeps.js';

export interface CoreTickResult {
  drafts: number;
  deadlines: number;
  returnVisits: number;
  sayThings: number;
  reports: number;
  /** Attachments whose bytes retention deleted. */
  media: number;
  /** Web chat uploads no message named in time, deleted. */
  uploads: number;
  /** Rows of the board's tallies folded into their village's (request-tallies.repository.ts). */
  tallies: number;
}

/** What the tick did: the core's counts, and each feature sweep's under its name (its feature's `sweeps`). */
export type TickResult = CoreTickResult & Record<string, number>;

/**
 * Everything time-driven, once a minute. Each sweep reads what is due from the database and claims it
 * with a conditional update, so a tick run twice (two instances, a retried job) does nothing twice.
 */
/** What the tick works with besides the database and the time: the deployment's policies, the log, media retention (none: kept). */
export interface TickContext {
  policies: Policies;
  log: Log;
  media?: MediaRetention;
}

export async function runTick(db: Db, now: Date, { policies, log, media }: TickContext): Promise<TickResult> {
  const { sla } = policies;
  const guard = async (name: string, sweep: () => Promise<number>) => {
    try {
      return await sweep();
    } catch (err) {
      log.error({ err, sweep: name }, 'sweep failed');
      return 0;
    }
  };
  const core: CoreTickResult = {
    drafts: await guard('drafts', () => sweepDrafts(db, now)),
    deadlines: await guard('deadlines', () => sweepDeadlines(db, now, sla)),
    returnVisits: await guard('returnVisits', () => sweepReturnVisits(db, now)),
    sayThings: await guard('sayThings', () => sweepSayThings(db, now)),
    reports: await guard('reports', () => sweepMonthlyReports(db, now, sla)),
    media: media ? await guard('media', () => sweepMedia(db, now, media)) : 0,
    uploads: media ? await guard('uploads', () => sweepUploads(db, now, media)) : 0,
    tallies: await guard('tallies', () => foldTallies(db)),
  };
  const features: Record<string, number> = {};
  for (const [name, sweep] of Object.entries(featureSweeps) as [string, FeatureSweep][])
    features[name] = await guard(name, () => sweep(db, now));
  return { ...core, ...features };
}
