import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { MediationStatus } from '../src/domain/mediation.machine.js';
import type { DisputeType, Referral } from '../src/domain/mediation.rules.js';
// Ids of requests, villages, households, members and accounts are not declared as foreign keys here: importing
// schema.ts back would make an import cycle (schema.ts re-exports this file).
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A people's mediation case (人民调解案件), opened from a dispute request; numbered per village and year. */
export const mediationCases = pgTable(
  'mediation_cases',
  {
    id: serial('id').primaryKey(),
    requestRef: integer('request_ref').notNull(),
    villageId: integer('village_id').notNull(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    /** （2026）小营店人调字第 12 号 */
    caseNo: text('case_no').notNull(),
    status: text('status').$type<MediationStatus>().notNull(),
    disputeType: text('dispute_type').$type<DisputeType>().notNull(),
    /** 'applied' (a resident's request) or 'found' (the committee came across it). */
    source: text('source').notNull(),
    /** The facts as registered: the resident's own words. */
    facts: text('facts').notNull(),
    openedBy: integer('opened_by').notNull(),
    presidingId: integer('presiding_id'),
    assistantIds: integer('assistant_ids').array().notNull().default([]),
    acceptedAt: ts('accepted_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    agreedAt: ts('agreed_at'),
    failedAt: ts('failed_at'),
    failReason: text('fail_reason'),
    referral: text('referral').$type<Referral>(),
    returnVisitDueAt: ts('return_visit_due_at'),
    followedUpAt: ts('followed_up_at'),
    /** Each reminder goes out once: claimed by setting these. */
    overdueRemindedAt: ts('overdue_reminded_at'),
    confirmationRemindedAt: ts('confirmation_reminded_at'),
    returnVisitRemindedAt: ts('return_visit_reminded_at'),
  },
  (t) => [
    uniqueIndex('mediation_cases_request').on(t.requestRef),
    uniqueIndex('mediation_cases_number').on(t.villageId, t.year, t.seq),
    index('mediation_cases_status').on(t.status),
  ],
);

/** The parties: the applicant household, other households of the village, or people from outside (name only). */
export const mediationParties = pgTable(
  'mediation_parties',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => mediationCases.id),
    /** 'applicant' or 'respondent'. */
    role: text('role').notNull(),
    householdId: integer('household_id'),
    name: text('name').notNull(),
    address: text('address'),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [
    // NULLs are distinct: any number of outside persons, each household once.
    uniqueIndex('mediation_parties_household').on(t.caseId, t.householdId),
    index('mediation_parties_case').on(t.caseId, t.id),
  ],
);

/** Every step and record of the case (受理, 主持, 调查, 告知, 调解, 协议, 确认, 回访, reminders): the timeline and the file. */
export const mediationEvents = pgTable(
  'mediation_events',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => mediationCases.id),
    at: ts('at').notNull(),
    type: text('type').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: integer('actor_id'),
    text: text('text'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('mediation_events_case').on(t.caseId, t.id)],
);

/** The agreement text put to the parties; a revised text is a new row and earlier confirmations lapse. */
export const mediationAgreements = pgTable(
  'mediation_agreements',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => mediationCases.id),
    text: text('text').notNull(),
    proposedBy: integer('proposed_by').notNull(),
    proposedAt: ts('proposed_at').notNull(),
    /** When the last bound party confirmed: the agreement took effect. */
    effectiveAt: ts('effective_at'),
  },
  (t) => [index('mediation_agreements_case').on(t.caseId, t.id)],
);

/** A party's answer to an agreement: the account that gave it and when (the electronic signature). One per party. */
export const mediationConfirmations = pgTable(
  'mediation_confirmations',
  {
    id: serial('id').primaryKey(),
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => mediationAgreements.id),
    partyId: integer('party_id')
      .notNull()
      .references(() => mediationParties.id),
    identityId: integer('identity_id').notNull(),
    /** 'confirmed' or 'declined' (a declined party may confirm later, which replaces it). */
    decision: text('decision').notNull(),
    reason: text('reason'),
    at: ts('at').notNull(),
  },
  (t) => [uniqueIndex('mediation_confirmations_party').on(t.agreementId, t.partyId)],
);
