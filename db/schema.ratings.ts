import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Rating } from '../src/domain/commands.js';
// Villages, members, households, requests and events are not declared as foreign keys here, as in the other
// feature files: importing schema.ts back would make an import cycle.
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * 群众评党员, from the return visit: the requester's household's answer to 您满意吗？ is also its rating of the member
 * who handled the request. One per request, the latest answer standing.
 */
export const memberRequestRatings = pgTable(
  'member_request_ratings',
  {
    requestRef: integer('request_ref').primaryKey(),
    villageId: integer('village_id').notNull(),
    memberId: integer('member_id').notNull(),
    householdId: integer('household_id').notNull(),
    rating: text('rating').$type<Rating>().notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('member_request_ratings_member').on(t.villageId, t.memberId, t.at)],
);

/** A quarter's rating round the secretary opened: every household rates the members serving its group. */
export const ratingRounds = pgTable(
  'rating_rounds',
  {
    id: serial('id').primaryKey(),
    villageId: integer('village_id').notNull(),
    /** `2026-Q4`, in the village's time zone. */
    quarter: text('quarter').notNull(),
    openedBy: integer('opened_by'),
    openedAt: ts('opened_at').notNull(),
    closesAt: ts('closes_at').notNull(),
  },
  (t) => [uniqueIndex('rating_rounds_quarter').on(t.villageId, t.quarter)],
);

/**
 * One standing rating per household and member in a round: the unique index is what makes two phones of one
 * household (or a retried message) count once, as for votes.
 */
export const ratingRoundBallots = pgTable(
  'rating_round_ballots',
  {
    id: serial('id').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => ratingRounds.id),
    memberId: integer('member_id').notNull(),
    householdId: integer('household_id').notNull(),
    rating: text('rating').$type<Rating>().notNull(),
    identityId: integer('identity_id'),
    firstAt: ts('first_at').notNull(),
    at: ts('at').notNull(),
    changes: integer('changes').notNull().default(0),
  },
  (t) => [uniqueIndex('rating_round_ballots_household').on(t.roundId, t.memberId, t.householdId)],
);

/** A village's own points for each rule (党员积分); a rule without a row counts its default (src/domain/member-points.ts). */
export const pointRules = pgTable(
  'point_rules',
  {
    villageId: integer('village_id').notNull(),
    rule: text('rule').notNull(),
    points: integer('points').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('point_rules_village_rule').on(t.villageId, t.rule)],
);

/**
 * The points ledger: every point names the rule and the event it came from (`event:<request_events.id>`,
 * `case:<mediation_cases.id>`), so one event earns its points once and anyone can trace them back.
 */
export const memberPoints = pgTable(
  'member_points',
  {
    id: serial('id').primaryKey(),
    villageId: integer('village_id').notNull(),
    memberId: integer('member_id').notNull(),
    rule: text('rule').notNull(),
    points: integer('points').notNull(),
    source: text('source').notNull(),
    requestRef: integer('request_ref'),
    eventId: integer('event_id'),
    caseId: integer('case_id'),
    /** When the event happened (the quarter it counts in). */
    at: ts('at').notNull(),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [
    uniqueIndex('member_points_source').on(t.rule, t.source),
    index('member_points_member').on(t.villageId, t.memberId, t.at),
  ],
);

/** A quarter's star rating (星级) the secretary approved and published as a notice. */
export const starPublications = pgTable(
  'star_publications',
  {
    id: serial('id').primaryKey(),
    villageId: integer('village_id').notNull(),
    quarter: text('quarter').notNull(),
    noticeId: integer('notice_id').notNull(),
    approvedBy: integer('approved_by'),
    stars: jsonb('stars').$type<{ memberId: number; stars: number }[]>().notNull(),
    at: ts('at').notNull(),
  },
  (t) => [uniqueIndex('star_publications_quarter').on(t.villageId, t.quarter)],
);
