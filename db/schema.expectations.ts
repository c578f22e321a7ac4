import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { ExpectedAnswer } from '../src/domain/expectations.js';
// The household is not declared as a foreign key, as in the other feature files (no import back into schema.ts).
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * What a household was invited to answer (a notice's 已读, a ballot, an agreement, a case, a rating…):
 * any of its accounts may answer, until the expectation expires or is answered.
 */
export const expectations = pgTable(
  'expectations',
  {
    id: serial('id').primaryKey(),
    householdId: integer('household_id').notNull(),
    kind: text('kind').notNull(),
    /** The notice, deliberation or request ref the answer is about. */
    scope: integer('scope').notNull(),
    answers: jsonb('answers').$type<ExpectedAnswer[]>().notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('expectations_open').on(t.householdId, t.closedAt, t.expiresAt),
    index('expectations_scope').on(t.kind, t.scope),
  ],
);
