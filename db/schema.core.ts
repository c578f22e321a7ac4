import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Platform } from '../src/channels/channel.port.js';
import type { RequestKind, Urgency } from '../src/domain/classification.js';
import type { CareReason } from '../src/domain/care.js';
import type { Rating } from '../src/domain/commands.js';
import type { Datum } from '../src/domain/place.js';
import type { RequestStatus } from '../src/domain/request.machine.js';
import type { MemberRole } from '../src/domain/routing.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const villages = pgTable('villages', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  town: text('town'),
  county: text('county'),
  sayThingsDay: integer('say_things_day').notNull().default(10),
  timezone: text('timezone').notNull().default('Asia/Shanghai'),
  /** Where say-things day is held, told in reminders. */
  sayThingsPlace: text('say_things_place'),
  /** When on that day it is held (local "9:00"), told in the receipt of a say-things topic; null when not set. */
  sayThingsTime: text('say_things_time'),
  reminderDaysBefore: integer('reminder_days_before').notNull().default(3),
  reminderHour: integer('reminder_hour').notNull().default(8),
  /** Quiet hours, local time: news to residents that can wait is held from quiet_from to quiet_until. */
  quietFrom: integer('quiet_from').notNull().default(21),
  quietUntil: integer('quiet_until').notNull().default(7),
  createdAt: ts('created_at').notNull().defaultNow(),
  /** The demo village (`--demo`): its codes are public, so they bind and its members log in only while the service runs in demo mode. */
  isDemo: boolean('is_demo').notNull().default(false),
  /** Days between visits of a care household, by reason, where the village differs from the defaults (src/domain/care.ts). */
  careCadence: jsonb('care_cadence').$type<Partial<Record<CareReason, number>>>().notNull().default({}),
  /** Whether a check-in message to a care household's own accounts, answered, stands in for a visit (set on the desk). */
  careCheckin: boolean('care_checkin').notNull().default(false),
});

export const members = pgTable(
  'members',
  {
    id: serial('id').primaryKey(),
    villageId: integer('village_id')
      .notNull()
      .references(() => villages.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    roles: text('roles')
      .array()
      .$type<MemberRole[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    bindCode: text('bind_code').notNull().unique(),
    away: boolean('away').notNull().default(false),
    /** False once a re-imported roster leaves the member out: their accounts can no longer act. */
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('members_village_code').on(t.villageId, t.code)],
);

export const groups = pgTable(
  'groups',
  {
    id: serial('id').primaryKey(),
    villageId: integer('village_id')
      .notNull()
      .references(() => villages.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    leaderId: integer('leader_id').references(() => members.id),
    deputyId: integer('deputy_id').references(() => members.id),
  },
  (t) => [uniqueIndex('groups_village_code').on(t.villageId, t.code)],
);

export const households = pgTable(
  'households',
  {
    id: serial('id').primaryKey(),
    villageId: integer('village_id')
      .notNull()
      .references(() => villages.id),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
    code: text('code').notNull(),
    head: text('head').notNull(),
    address: text('address'),
    bindCode: text('bind_code').notNull().unique(),
    /** Why the household is cared for (未诉先办: its group leader visits it on a cadence); null when it is not (src/domain/care.ts). */
    careReason: text('care_reason').$type<CareReason>(),
    /** When it became cared for: the first visit is due a cadence after it. */
    careSince: ts('care_since'),
    /** The household's contact phone (desk or roster file); shown in full only to the secretary and the household's group leader. */
    phone: text('phone'),
  },
  (t) => [uniqueIndex('households_village_code').on(t.villageId, t.code)],
);

export const residents = pgTable('residents', {
  id: serial('id').primaryKey(),
  householdId: integer('household_id')
    .notNull()
    .references(() => households.id),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** One row per platform account; a person may bind several platforms. */
export const identities = pgTable(
  'identities',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').$type<Platform>().notNull(),
    platformUserId: text('platform_user_id').notNull(),
    /** Where to send this person's private messages on that platform (Telegram: the private chat id). */
    address: text('address').notNull(),
    displayName: text('display_name'),
    language: text('language').notNull().default('zh'),
    residentId: integer('resident_id').references(() => residents.id),
    memberId: integer('member_id').references(() => members.id),
    boundAt: ts('bound_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    /** The card code this account bound with: a re-issued card revokes the accounts bound with the old one. */
    boundWithCode: text('bound_with_code'),
    /** A member's account receives task cards only once confirmed (by the member's own account or the secretary). */
    confirmedAt: ts('confirmed_at'),
    /** Set when the account was unbound (解绑, 不是我, an admin, a re-issued card): it is a stranger again. */
    revokedAt: ts('revoked_at'),
    /** A web chat account opened through the Official Account's web authorization: the identity it took its binding from. */
    adoptedFrom: integer('adopted_from'),
  },
  (t) => [uniqueIndex('identities_platform_user').on(t.platform, t.platformUserId)],
);

/** Wrong binding codes, kept to throttle guessing. */
export const bindAttempts = pgTable(
  'bind_attempts',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    platformUserId: text('platform_user_id').notNull(),
    /** Where the guess came from beyond the account (the web client's IP), so new accounts do not reset the count. */
    source: text('source'),
    at: ts('at').notNull(),
  },
  (t) => [
    index('bind_attempts_user').on(t.platform, t.platformUserId, t.at),
    index('bind_attempts_source').on(t.source, t.at),
    index('bind_attempts_at').on(t.at),
  ],
);

/** A second account asking to bind a member code that is already bound: waits for the member or the secretary. */
export const bindingRequests = pgTable(
  'binding_requests',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    /** The account asking (already stored, unconfirmed). */
    identityId: integer('identity_id')
      .notNull()
      .references(() => identities.id),
    createdAt: ts('created_at').notNull(),
    decidedAt: ts('decided_at'),
    /** 'confirmed' or 'refused', and by whom ('member' or 'secretary'). */
    decision: text('decision'),
    decidedBy: text('decided_by'),
  },
  (t) => [index('binding_requests_member_open').on(t.memberId, t.decidedAt)],
);

export const requests = pgTable(
  'requests',
  {
    /** The public reference shown to people as `#1024`. */
    ref: integer('ref').primaryKey().generatedAlwaysAsIdentity({ startWith: 1001 }),
    villageId: integer('village_id')
      .notNull()
      .references(() => villages.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    residentId: integer('resident_id')
      .notNull()
      .references(() => residents.id),
    /** The identity the resident wrote from: status messages go back there. */
    originIdentityId: integer('origin_identity_id')
      .notNull()
      .references(() => identities.id),
    kind: text('kind').$type<RequestKind>().notNull(),
    summary: text('summary').notNull(),
    text: text('text').notNull(),
    urgency: text('urgency').$type<Urgency>().notNull(),
    status: text('status').$type<RequestStatus>().notNull(),
    assigneeId: integer('assignee_id').references(() => members.id),
    classifier: text('classifier'),
    promptVersion: text('prompt_version'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    resolution: text('resolution'),
    rating: text('rating').$type<Rating>(),
    /** Deadlines (SLA) computed when assigned; escalation steps already taken. */
    acceptDueAt: ts('accept_due_at'),
    resolveDueAt: ts('resolve_due_at'),
    escalationLevel: integer('escalation_level').notNull().default(0),
    ratingRemindedAt: ts('rating_reminded_at'),
    /** The deadline the assignee was last reminded of, so a reminder goes out once per deadline. */
    remindedFor: ts('reminded_for'),
    /** The say-things session a topic is attached to. */
    sessionId: integer('session_id'),
    /** The point the resident shared on the map (src/domain/place.ts), when they did. */
    lat: doublePrecision('lat'),
    long: doublePrecision('long'),
    placeLabel: text('place_label'),
    placeDatum: text('place_datum').$type<Datum>(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    acceptedAt: ts('accepted_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('requests_village_status').on(t.villageId, t.status),
    index('requests_household').on(t.householdId),
    index('requests_assignee').on(t.assigneeId),
    // The minute's sweeps across all villages (resolved ones waiting for a rating, open ones with deadlines): without it a
    // scan of the whole history every minute.
    index('requests_status').on(t.status),
    // A village's requests of a period: the monthly rates, the ledger export, Open311 with dates, the board's from/to.
    index('requests_village_created').on(t.villageId, t.createdAt),
    // The board's order (urgent first, newest first): a town's or the county's first page without sorting their whole history.
    index('requests_board_order').on(sql`(case when ${t.urgency} = 'urgent' then 0 else 1 end)`, t.ref.desc()),
  ],
);

/** Append-only ledger (台账): every change with actor, time and details. */
export const requestEvents = pgTable(
  'request_events',
  {
    id: serial('id').primaryKey(),
    requestRef: integer('request_ref')
      .notNull()
      .references(() => requests.ref),
    at: ts('at').notNull(),
    type: text('type').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: integer('actor_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('request_events_ref').on(t.requestRef, t.id)],
);

/**
 * How many requests each village has per kind and status, for the board's counts and the live board's mark
 * without reading the history. Written only by the triggers of migration 0027: every insert, update or delete
 * of requests adds a row (+1 to the new status, -1 to the old, `changes` how many rows it touched), in the
 * statement's transaction, whichever code made it; the tick folds a village's rows into one per kind and status
 * (`foldTallies`). The sums are the counts; the sum of `changes` only grows.
 */
export const requestTallies = pgTable(
  'request_tallies',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    villageId: integer('village_id').notNull(),
    kind: text('kind').$type<RequestKind>().notNull(),
    status: text('status').$type<RequestStatus>().notNull(),
    n: integer('n').notNull(),
    changes: integer('changes').notNull(),
  },
  (t) => [index('request_tallies_village').on(t.villageId, t.kind, t.status)],
);

/**
 * A closed month's three rates of a village as the desk's rates page showed them (rhythm/metrics.ts,
 * `monthsMetricsCached`): the months before the current one are read from here instead of from their requests
 * and events. The triggers of migration 0028 delete a month's row when one of its requests or a counted event
 * of one is written; `basis` is a digest of what else the figures rest on (the roster's households, groups and
 * members, the village's time zone and quiet hours, the deadlines' policy): another digest, another computation.
 * `valid_until`: an accept deadline still to come when it was computed, after which the figures change.
 */
export const ratesMonths = pgTable(
  'rates_months',
  {
    villageId: integer('village_id').notNull(),
    /** YYYY-MM in the village's time zone; from/to the instants it spans. */
    month: text('month').notNull(),
    fromAt: ts('from_at').notNull(),
    toAt: ts('to_at').notNull(),
    basis: text('basis').notNull(),
    validUntil: ts('valid_until'),
    metrics: jsonb('metrics').$type<unknown>().notNull(),
    computedAt: ts('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.villageId, t.month], name: 'rates_months_pkey' })],
);

export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').$type<Platform>().notNull(),
    platformMessageId: text('platform_message_id').notNull(),
    /** Messages from one person are handled in the order they arrived. */
    platformUserId: text('platform_user_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: ts('received_at').notNull(),
    processedAt: ts('processed_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    lockedUntil: ts('locked_until'),
  },
  (t) => [
    uniqueIndex('inbound_platform_message').on(t.platform, t.platformMessageId),
    index('inbound_pending').on(t.processedAt, t.id),
    index('inbound_user').on(t.platform, t.platformUserId, t.id),
  ],
);

export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    channel: text('channel').$type<Platform>().notNull(),
    recipient: text('recipient').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
    failedAt: ts('failed_at'),
    /**
     * The platform takes nothing for this person until they write (the Official Account's 48-hour window):
     * neither retried nor failed; the person's next message releases it.
     */
    heldAt: ts('held_at'),
    /** Sent another way than the ordinary one: `template` (past the Official Account's window) or `subscribe`. */
    via: text('via'),
    /** The platform's id of what was sent that way (a template message's msgid), for its delivery report. */
    platformMsgId: text('platform_msg_id'),
    /** The platform's delivery report: `success`, `failed:user block`, `failed: system failed`. */
    delivery: text('delivery'),
    /**
     * One of a broadcast (the say-things reminder, a notice, a ballot): sent after what answers a person
     * (a reply, a receipt, a task card), which may overtake it, also for the same recipient.
     */
    bulk: boolean('bulk').notNull().default(false),
  },
  (t) => [
    index('outbox_due').on(t.sentAt, t.failedAt, t.nextAttemptAt),
    index('outbox_platform_msg').on(t.channel, t.platformMsgId),
    // A request page's template notices (noticesSentFor): only rows sent another way are indexed, so the hot path's inserts do not pay.
    index('outbox_notice_ref')
      .on(sql`((${t.payload} -> 'notice') ->> 'ref')`)
      .where(sql`${t.via} IS NOT NULL`),
    index('outbox_recipient').on(t.channel, t.recipient, t.id),
    index('outbox_claim')
      .on(t.channel, t.bulk, t.id)
      .where(sql`${t.sentAt} IS NULL AND ${t.failedAt} IS NULL`),
  ],
);

/** A group chat (WeChat room, Telegram group) linked by its leader to a mutual-aid group. */
export const chatLinks = pgTable(
  'chat_links',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').$type<Platform>().notNull(),
    chatId: text('chat_id').notNull(),
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id),
    linkedBy: integer('linked_by').references(() => members.id),
    linkedAt: ts('linked_at').notNull(),
  },
  (t) => [uniqueIndex('chat_links_platform_chat').on(t.platform, t.chatId)],
);

/** Households that reported the same matter: they hear what happens to the request they joined. */
export const requestFollowers = pgTable(
  'request_followers',
  {
    id: serial('id').primaryKey(),
    requestRef: integer('request_ref')
      .notNull()
      .references(() => requests.ref),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    identityId: integer('identity_id')
      .notNull()
      .references(() => identities.id),
    at: ts('at').notNull(),
  },
  (t) => [uniqueIndex('request_followers_unique').on(t.requestRef, t.householdId)],
);

/** A report waiting for one missing fact (where, with whom, when) before it becomes a request. */
export const drafts = pgTable(
  'drafts',
  {
    id: serial('id').primaryKey(),
    identityId: integer('identity_id')
      .notNull()
      .references(() => identities.id),
    text: text('text').notNull(),
    classification: jsonb('classification').$type<Record<string, unknown>>().notNull(),
    missing: text('missing').notNull(),
    /** Set when the draft already became a request (urgent hazards are never held back). */
    requestRef: integer('request_ref'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    closedAt: ts('closed_at'),
  },
  (t) => [index('drafts_identity_open').on(t.identityId, t.closedAt)],
);

/** One say-things day (支部说事日) of a village. */
export const sayThingsSessions = pgTable(
  'say_things_sessions',
  {
    id: serial('id').primaryKey(),
    villageId: integer('village_id')
      .notNull()
      .references(() => villages.id),
    /** The local date, YYYY-MM-DD in the village's time zone. */
    date: text('date').notNull(),
    place: text('place'),
    reminderBeforeSentAt: ts('reminder_before_sent_at'),
    reminderDaySentAt: ts('reminder_day_sent_at'),
    agendaSentAt: ts('agenda_sent_at'),
    /** When the secretary held the session (first outcome recorded). */
    heldAt: ts('held_at'),
    /** Set when the day is over and open topics were carried to the next session. */
    closedAt: ts('closed_at'),
  },
  (t) => [uniqueIndex('say_things_village_date').on(t.villageId, t.date)],
);

/** The monthly three-rates report, sent once per village and month. */
export const monthlyReports = pgTable(
  'monthly_reports',
  {
    id: serial('id').primaryKey(),
    villageId: integer('village_id')
      .notNull()
      .references(() => villages.id),
    month: text('month').notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [uniqueIndex('monthly_reports_village_month').on(t.villageId, t.month)],
);

/** Platform API access tokens, shared by every instance (src/channels/tokens.ts). */
export const platformTokens = pgTable('platform_tokens', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  fetchedAt: ts('fetched_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
});
