import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  boolean,
} from 'drizzle-orm/pg-core';
import type { Platform } from '../src/channels/channel.port.js';
import { groups, households, identities, members, villages } from './schema.core.js';
import type { DeliberationResult, DeliberationStatus } from '../src/domain/deliberation.machine.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A village's own tally rule (村规民约); absent → the default in src/domain/deliberation.rules.ts. */
export const villageTallyRules = pgTable('village_tally_rules', {
  villageId: integer('village_id')
    .references(() => villages.id)
    .primaryKey(),
  turnout: doublePrecision('turnout').notNull(),
  majority: doublePrecision('majority').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** One matter for the village to deliberate (村民议事), shown to people as `D12`. */
export const deliberations = pgTable(
  'deliberations',
  {
    id: serial('id').primaryKey(),
    villageId: integer('village_id')
      .notNull()
      .references(() => villages.id),
    title: text('title').notNull(),
    text: text('text').notNull(),
    options: text('options').array().notNull(),
    electorate: text('electorate').$type<'households' | 'representatives'>().notNull(),
    /** For a representatives' vote: the households whose representative votes (no roster flag yet). */
    representatives: integer('representatives').array(),
    status: text('status').$type<DeliberationStatus>().notNull(),
    result: text('result').$type<Exclude<DeliberationResult, null>>(),
    /** This matter's own rule fractions, over the village's. */
    quorum: jsonb('quorum').$type<{ turnout?: number; majority?: number }>(),
    /** Where the matter came from: a resident's proposal or a say-things topic (its request ref), or the secretary. */
    sourceRef: integer('source_ref'),
    createdBy: integer('created_by').references(() => members.id),
    closesAt: ts('closes_at').notNull(),
    /** Fixed when the ballot opens: the size of the electorate the turnout is measured against. */
    electorateSize: integer('electorate_size'),
    /** The tally as it stood when the ballot closed: households per option, in order. */
    finalCounts: integer('final_counts').array(),
    openedAt: ts('opened_at'),
    closedAt: ts('closed_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('deliberations_village').on(t.villageId, t.id),
    index('deliberations_closing').on(t.status, t.closesAt),
  ],
);

/** The stage record (台账) of a deliberation: each move with who, when and the notes. */
export const deliberationStages = pgTable(
  'deliberation_stages',
  {
    id: serial('id').primaryKey(),
    deliberationId: integer('deliberation_id')
      .notNull()
      .references(() => deliberations.id),
    move: text('move').notNull(),
    status: text('status').$type<DeliberationStatus>().notNull(),
    at: ts('at').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: integer('actor_id'),
    notes: text('notes'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('deliberation_stages_of').on(t.deliberationId, t.id)],
);

/**
 * One standing vote per household: the unique index is what makes a race between two accounts of one
 * household, or a retried message, count once. `in_person` votes were recorded by the secretary.
 */
export const deliberationVotes = pgTable(
  'deliberation_votes',
  {
    id: serial('id').primaryKey(),
    deliberationId: integer('deliberation_id')
      .notNull()
      .references(() => deliberations.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    option: integer('option').notNull(),
    channel: text('channel').$type<'chat' | 'in_person'>().notNull(),
    identityId: integer('identity_id').references(() => identities.id),
    recordedBy: integer('recorded_by').references(() => members.id),
    firstAt: ts('first_at').notNull(),
    at: ts('at').notNull(),
    /** How many times the household changed its vote before the ballot closed. */
    changes: integer('changes').notNull().default(0),
  },
  (t) => [uniqueIndex('deliberation_votes_household').on(t.deliberationId, t.householdId)],
);

/** The closing satisfaction survey (评事): one answer per household, the latest standing. */
export const deliberationEvaluations = pgTable(
  'deliberation_evaluations',
  {
    id: serial('id').primaryKey(),
    deliberationId: integer('deliberation_id')
      .notNull()
      .references(() => deliberations.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    rating: text('rating').notNull(),
    identityId: integer('identity_id').references(() => identities.id),
    at: ts('at').notNull(),
  },
  (t) => [uniqueIndex('deliberation_evaluations_household').on(t.deliberationId, t.householdId)],
);

/** An open village affairs notice (村务公开), shown as `G5`. */
export const notices = pgTable(
  'notices',
  {
    id: serial('id').primaryKey(),
    villageId: integer('village_id')
      .notNull()
      .references(() => villages.id),
    title: text('title').notNull(),
    text: text('text').notNull(),
    category: text('category').$type<'affairs' | 'finance' | 'decision' | 'other'>().notNull(),
    /** The groups whose linked chats got it; empty = every group of the village. */
    groupIds: integer('group_ids').array().notNull(),
    toResidents: boolean('to_residents').notNull(),
    /** A decision published from a deliberation. */
    deliberationId: integer('deliberation_id').references(() => deliberations.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('notices_village').on(t.villageId, t.id)],
);

/** Where a notice was queued: a linked group chat or a resident's account. */
export const noticeDeliveries = pgTable(
  'notice_deliveries',
  {
    id: serial('id').primaryKey(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    platform: text('platform').$type<Platform>().notNull(),
    address: text('address').notNull(),
    kind: text('kind').$type<'room' | 'resident'>().notNull(),
    groupId: integer('group_id').references(() => groups.id),
    householdId: integer('household_id').references(() => households.id),
    queuedAt: ts('queued_at').notNull(),
  },
  (t) => [uniqueIndex('notice_deliveries_unique').on(t.noticeId, t.platform, t.address)],
);

/** 已读: one row per account that pressed it (in a private chat or in a group chat). */
export const noticeReads = pgTable(
  'notice_reads',
  {
    id: serial('id').primaryKey(),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id),
    identityId: integer('identity_id')
      .notNull()
      .references(() => identities.id),
    householdId: integer('household_id').references(() => households.id),
    at: ts('at').notNull(),
  },
  (t) => [uniqueIndex('notice_reads_unique').on(t.noticeId, t.identityId)],
);

/** What a household said when the secretary invited comments on a matter (议事 D3 征求意见), in its own words. */
export const deliberationComments = pgTable(
  'deliberation_comments',
  {
    id: serial('id').primaryKey(),
    deliberationId: integer('deliberation_id')
      .notNull()
      .references(() => deliberations.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    identityId: integer('identity_id').references(() => identities.id),
    text: text('text').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('deliberation_comments_of').on(t.deliberationId, t.id)],
);
