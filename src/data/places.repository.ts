import { and, desc, eq, gte, isNull, type SQLWrapper } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { loosePlaces, requests } from '../../db/schema.js';
import type { Place } from '../domain/place.js';
import type { RequestRow } from './requests.repository.js';

/** A request's point, or null when nobody shared one. */
export function placeOf(r: Pick<RequestRow, 'lat' | 'long' | 'placeLabel' | 'placeDatum'>): Place | null {
  if (r.lat === null || r.long === null) return null;
  return { lat: r.lat, long: r.long, label: r.placeLabel, datum: r.placeDatum ?? 'gcj02' };
}

/** The columns a place fills on a request (for insertRequest and updates). */
export const placeColumns = (p: Place) => ({ lat: p.lat, long: p.long, placeLabel: p.label, placeDatum: p.datum });

export async function setRequestPlace(db: DbOrTx, ref: number, p: Place): Promise<RequestRow> {
  const [row] = await db.update(requests).set(placeColumns(p)).where(eq(requests.ref, ref)).returning();
  return row!;
}

/** Keeps a point nobody's request took yet: the report that follows takes it along. */
export async function keepLoosePlace(db: DbOrTx, identityId: number, p: Place, now: Date): Promise<void> {
  await db.insert(loosePlaces).values({ identityId, lat: p.lat, long: p.long, label: p.label, datum: p.datum, createdAt: now });
}

/** The newest point this account shared since `since` that no request took yet. */
/** An account's points no request took since `since`: what loosePlaceOf and the read that starts a turn both ask. */
export const loosePlacesOf = (identityId: number | SQLWrapper, since: Date) =>
  and(eq(loosePlaces.identityId, identityId), isNull(loosePlaces.requestRef), gte(loosePlaces.createdAt, since));

export async function loosePlaceOf(db: DbOrTx, identityId: number, since: Date): Promise<Place | null> {
  const [row] = await db.select().from(loosePlaces)
    .where(loosePlacesOf(identityId, since))
    .orderBy(desc(loosePlaces.id)).limit(1);
  return row ? { lat: row.lat, long: row.long, label: row.label, datum: row.datum } : null;
}

/** The account's points no request took are this request's now (the newest is its place; older ones are spent too). */
export async function fileLoosePlaces(db: DbOrTx, identityId: number, ref: number): Promise<void> {
  await db.update(loosePlaces).set({ requestRef: ref }).where(and(eq(loosePlaces.identityId, identityId), isNull(loosePlaces.requestRef)));
}
