import { bigint, index, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Backups the service made or was asked for: the desk shows the last finished one and warns when it is
 * old or failed. A nightly one claims its night (village time) by inserting the row, so two instances
 * (or a retried tick) never both write one.
 */
export const backups = pgTable(
  'backups',
  {
    id: serial('id').primaryKey(),
    /** 'nightly' (the service's own job) or 'manual' (npm run linli -- backup). */
    kind: text('kind').$type<'nightly' | 'manual'>().notNull(),
    /** The night a nightly backup is for, YYYY-MM-DD; null for a manual one. */
    night: text('night'),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    file: text('file'),
    bytes: bigint('bytes', { mode: 'number' }),
    sha256: text('sha256'),
    schemaTag: text('schema_tag'),
    error: text('error'),
  },
  (t) => [uniqueIndex('backups_night').on(t.night), index('backups_finished').on(t.finishedAt)],
);
