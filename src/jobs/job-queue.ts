import PgBoss from 'pg-boss';
import type { Database } from '../data/database.js';
import type { Log } from '../log.js';

export const TICK_QUEUE = 'linli-tick';

export interface JobQueue {
  /** Asks for a tick now (e.g. at startup) instead of waiting for the next minute. */
  tickNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Timed work rides on pg-boss: a cron schedule puts one tick job in the queue each minute, for the
 * whole deployment however many instances run, and one instance takes it. On the embedded database
 * pg-boss talks to PGlite through the same connection the app uses.
 */
export async function startJobQueue(database: Database, log: Log, onTick: () => Promise<void>): Promise<JobQueue> {
  const boss = database.url
    ? new PgBoss({ connectionString: database.url, max: 3, application_name: 'linli-jobs' })
    : new PgBoss({ db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) } });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();
  await boss.createQueue(TICK_QUEUE, {
    name: TICK_QUEUE,
    policy: 'singleton',
    retryLimit: 2,
    expireInSeconds: 300,
  } as never);
  await boss.schedule(TICK_QUEUE, '* * * * *', {}, { tz: 'UTC' });
  await boss.work(TICK_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    await onTick();
  });
  return {
    tickNow: async () => {
      await boss.send(TICK_QUEUE, {});
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
