import { boolean, index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { households, members, villages } from './schema.core.js';

export type CareAlertStage = 'checkin' | 'task' | 'escalated' | 'town';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** 入户走访: a member's visit to a care household, with what they found; a matter found is filed as request_ref. */
export const careVisits = pgTable(
  'care_visits',
  {
    id: serial('id').primaryKey(),
    villageId: integer('village_id')
      .notNull()
      .references(() => villages.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    /** Null for a check-in answered by the household itself (`checkin`), which stands in for a visit where the village allows it. */
    memberId: integer('member_id').references(() => members.id),
    at: ts('at').notNull(),
    note: text('note').notNull(),
    requestRef: integer('request_ref'),
    checkin: boolean('checkin').notNull().default(false),
  },
  (t) => [index('care_visits_household').on(t.householdId, t.at)],
);

/**
 * What the care sweep already did for one due visit: `checkin` (the household's accounts were asked how they are),
 * `task` (the leader was told), `escalated` (the secretary was) and `town` (the town contact was). The primary key is the claim: two instances ticking at once insert it once.
 */
export const careAlerts = pgTable(
  'care_alerts',
  {
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    dueAt: ts('due_at').notNull(),
    stage: text('stage').$type<CareAlertStage>().notNull(),
    memberId: integer('member_id'),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.dueAt, t.stage] })],
);

/** A 走访 / 代报 whose household was named ambiguously: its words wait here while the member picks the household by button. */
export const carePending = pgTable('care_pending', {
  id: serial('id').primaryKey(),
  memberId: integer('member_id')
    .notNull()
    .references(() => members.id),
  action: text('action').$type<'visit' | 'proxy'>().notNull(),
  text: text('text').notNull(),
  createdAt: ts('created_at').notNull(),
});
