import { doublePrecision, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import type { Datum } from '../src/domain/place.js';
import { identities, requests } from './schema.core.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A point a resident shared when no request of theirs was being talked about: the bot asked what
 * happened there, and the report that follows (within the draft window) takes the point along, as a
 * photo sent before its words is taken along. Filed: request_ref set.
 */
export const loosePlaces = pgTable(
  'loose_places',
  {
    id: serial('id').primaryKey(),
    identityId: integer('identity_id')
      .notNull()
      .references(() => identities.id),
    lat: doublePrecision('lat').notNull(),
    long: doublePrecision('long').notNull(),
    label: text('label'),
    datum: text('datum').$type<Datum>().notNull(),
    requestRef: integer('request_ref').references(() => requests.ref),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('loose_places_identity').on(t.identityId, t.createdAt)],
);
