import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { Platform } from '../src/channels/channel.port.js';
import type { AttachmentKind } from '../src/domain/media.js';
import { inboundMessages, requests } from './schema.core.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Why an attachment has no bytes: refused (too large, not what it claims), the fetch gave up, or retention deleted them. */
export type AttachmentState = 'stored' | 'refused' | 'failed' | 'deleted';
export type AttachmentRefusal = 'too_large' | 'not_media' | 'empty' | 'failed';

/**
 * A photo, voice note or file a person sent. It is written when its message is handled (the bytes
 * fetched from the platform and stored first) and joins a request when one is made from it, or when it
 * follows the person's own report; until then it is loose.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: serial('id').primaryKey(),
    inboundId: integer('inbound_id')
      .notNull()
      .references(() => inboundMessages.id),
    /** Its place among the message's attachments. */
    position: integer('position').notNull(),
    requestRef: integer('request_ref').references(() => requests.ref),
    platform: text('platform').$type<Platform>().notNull(),
    /** The sender's account on the platform: loose attachments are found by it. */
    platformUserId: text('platform_user_id').notNull(),
    /** The platform's own id (Telegram file_id, WeChat MediaId, a web upload's key): resent by id on the same platform. */
    platformId: text('platform_id').notNull(),
    kind: text('kind').$type<AttachmentKind>().notNull(),
    mime: text('mime'),
    size: integer('size'),
    durationSec: integer('duration_sec'),
    fileName: text('file_name'),
    /** The media store's key; null when the bytes are not kept (see state). */
    storageKey: text('storage_key'),
    state: text('state').$type<AttachmentState>().notNull(),
    /** Why it was refused or not fetched, for the person's answer and the API. */
    refusal: text('refusal').$type<AttachmentRefusal>(),
    /** Voice: the words, from the platform's recognition or a transcription. */
    transcript: text('transcript'),
    createdAt: ts('created_at').notNull(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [
    uniqueIndex('attachments_inbound_position').on(t.inboundId, t.position),
    index('attachments_request').on(t.requestRef),
    index('attachments_loose').on(t.platform, t.platformUserId, t.createdAt),
    index('attachments_storage_key').on(t.storageKey),
  ],
);

/**
 * A photo uploaded by the web chat before a message names it. Its bytes are removed when no message
 * attached it within minutes (LINLI_UPLOAD_UNATTACHED_MINUTES), and its size counts against the
 * uploader's and the deployment's upload budgets while the row lasts.
 */
export const webUploads = pgTable(
  'web_uploads',
  {
    id: serial('id').primaryKey(),
    /** The web user id that uploaded it. */
    owner: text('owner').notNull(),
    storageKey: text('storage_key').notNull(),
    size: integer('size').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('web_uploads_owner_key').on(t.owner, t.storageKey),
    index('web_uploads_created').on(t.createdAt),
    index('web_uploads_key').on(t.storageKey),
  ],
);
