import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { households, members } from './schema.core.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One-use binding tokens behind a card's QR code (the Official Account's parametric QR): scanning the
 * code is typing the card's code, once. Only a hash of the token is kept, like a password.
 */
export const bindingTokens = pgTable(
  'binding_tokens',
  {
    id: serial('id').primaryKey(),
    /** sha256 of the token, hex. */
    tokenHash: text('token_hash').notNull().unique(),
    householdId: integer('household_id').references(() => households.id),
    memberId: integer('member_id').references(() => members.id),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at'),
    usedAt: ts('used_at'),
  },
  (t) => [index('binding_tokens_household').on(t.householdId), index('binding_tokens_member').on(t.memberId)],
);

/**
 * The nonces of signed pushes (the Official Account's and WeCom's) while their timestamp is within the
 * freshness window: a nonce comes back only as the platform's own redelivery of the same message
 * (`fingerprint`, sha256 of the message). Rows past `expires_at` are purged as new ones come in.
 */
export const pushNonces = pgTable(
  'push_nonces',
  {
    platform: text('platform').notNull(),
    nonce: text('nonce').notNull(),
    timestampSec: bigint('timestamp_sec', { mode: 'number' }).notNull(),
    fingerprint: text('fingerprint').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.nonce, t.timestampSec] }), index('push_nonces_expires').on(t.expiresAt)],
);

/**
 * One-time subscriptions (订阅通知) a person accepted on a WeChat page (WeChat's subscribe_msg_popup_event):
 * each allows exactly one subscribe/bizsend of that template to them, taken by setting `used_at`.
 */
export const mpSubscriptions = pgTable(
  'mp_subscriptions',
  {
    id: serial('id').primaryKey(),
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    templateId: text('template_id').notNull(),
    acceptedAt: ts('accepted_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [
    index('mp_subscriptions_open')
      .on(t.platform, t.userId, t.templateId)
      .where(sql`${t.usedAt} IS NULL`),
  ],
);
