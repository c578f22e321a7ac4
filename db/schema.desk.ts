import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// Member ids are not declared as foreign keys here: importing schema.ts back would make an import cycle.
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A one-time code sent to a member's chat accounts to open a desk session; only its hash is kept. */
export const deskLoginCodes = pgTable(
  'desk_login_codes',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    /** The address the code was asked from: only there is it accepted. */
    source: text('source'),
  },
  (t) => [
    index('desk_login_codes_member').on(t.memberId, t.createdAt),
    index('desk_login_codes_source').on(t.memberId, t.source),
  ],
);

/** Wrong login codes, kept to throttle guessing per member and per address. */
export const deskLoginFailures = pgTable(
  'desk_login_failures',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id'),
    source: text('source').notNull(),
    /** Whom the code was for as typed (a member's id, or the typed code when nobody has it), so both are counted alike. */
    subject: text('subject'),
    at: ts('at').notNull(),
  },
  (t) => [
    index('desk_login_failures_member').on(t.memberId, t.at),
    index('desk_login_failures_source').on(t.source, t.at),
    index('desk_login_failures_subject').on(t.subject, t.at),
  ],
);

/** Every request for a login code, existing member or not: codes asked are budgeted per address and per member. */
export const deskLoginRequests = pgTable(
  'desk_login_requests',
  {
    id: serial('id').primaryKey(),
    subject: text('subject').notNull(),
    source: text('source').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    index('desk_login_requests_source').on(t.source, t.at),
    index('desk_login_requests_subject').on(t.subject, t.at),
  ],
);

/** A desk session: the cookie carries a random id, the table its hash; revoked or expired is refused. */
export const deskSessions = pgTable(
  'desk_sessions',
  {
    id: serial('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    /** Null for the deployment admin (logged in with the admin token). */
    memberId: integer('member_id'),
    admin: boolean('admin').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    ip: text('ip'),
  },
  (t) => [uniqueIndex('desk_sessions_token').on(t.tokenHash)],
);

/** Every desk action: who, what, when, from which address. */
export const deskAudit = pgTable(
  'desk_audit',
  {
    id: serial('id').primaryKey(),
    at: ts('at').notNull(),
    sessionId: integer('session_id'),
    memberId: integer('member_id'),
    /** `admin`, or the member's code and village (`s-01@xiaoyingdian`). */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    /** What it was done to: `#1024`, a village code. */
    target: text('target'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
  },
  (t) => [index('desk_audit_at').on(t.at), index('desk_audit_target').on(t.target, t.at)],
);
