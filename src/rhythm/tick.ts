import type { Db } from '../data/database.js';
import type { Policies } from '../domain/policies.js';
import type { Log } from '../log.js';
import { sweepDeadlines } from './deadlines.sweep.js';
import { type MediaRetention, sweepMedia, sweepUploads } from './media-retention.sweep.js';
import { sweepMonthlyReports } from './monthly-report.sweep.js';
import { sweepDrafts, sweepReturnVisits } from './return-visit.sweep.js';
import { sweepSayThings } from './say-things.sweep.js';
import { sweepMediation } from '../mediation/reminders.sweep.js';
import { sweepBallots } from '../deliberation/ballots.sweep.js';
import { sweepCareVisits } from '../care/care.sweep.js';

export interface TickResult {
  drafts: number;
  deadlines: number;
  returnVisits: number;
  sayThings: number;
  reports: number;
  /** Attachments whose bytes retention deleted. */
  media: number;
  /** Web chat uploads no message named in time, deleted. */
  uploads: number;
  /** Mediation reminders: a case open 30 days, the judicial-confirmation window, the return visit. */
  mediation: number;
  /** Deliberation ballots closed and counted at their closing time. */
  ballots: number;
  /** Care visits due (the leader's task) and overdue (the secretary's). */
  careVisits: number;
}

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
  return {
    drafts: await guard('drafts', () => sweepDrafts(db, now)),
    deadlines: await guard('deadlines', () => sweepDeadlines(db, now, sla)),
    returnVisits: await guard('returnVisits', () => sweepReturnVisits(db, now)),
    sayThings: await guard('sayThings', () => sweepSayThings(db, now)),
    reports: await guard('reports', () => sweepMonthlyReports(db, now, sla)),
    media: media ? await guard('media', () => sweepMedia(db, now, media)) : 0,
    uploads: media ? await guard('uploads', () => sweepUploads(db, now, media)) : 0,
    mediation: await guard('mediation', () => sweepMediation(db, now)),
    ballots: await guard('ballots', () => sweepBallots(db, now)),
    careVisits: await guard('careVisits', () => sweepCareVisits(db, now)),
  };
}
