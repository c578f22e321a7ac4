import { and, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { drafts, requests } from '../../db/schema.js';
import { formatRef } from '../domain/reference.js';
import { identityAddress } from '../data/people.repository.js';
import { ratingButtons } from '../messaging/notify.js';
import { addEvent } from '../data/requests.repository.js';
import { deliver } from '../messaging/deliver.js';
import { villageOf } from './villages.js';

const DAY = 24 * 3600_000;

/** 回访: one more polite ask after a day without a rating; closed as unrated after three. */
export async function sweepReturnVisits(db: Db, now: Date): Promise<number> {
  let done = 0;
  const unrated = await db.select().from(requests)
    .where(and(eq(requests.status, 'resolved'), lte(requests.resolvedAt, new Date(now.getTime() - DAY))));
  for (const r of unrated) {
    const closing = r.resolvedAt!.getTime() <= now.getTime() - 3 * DAY;
    if (!closing && r.ratingRemindedAt) continue;
    done += await db.transaction(async (tx) => {
      const village = await villageOf(tx, r.villageId);
      const to = await identityAddress(tx, r.originIdentityId);
      if (closing) {
        const claimed = await tx.update(requests).set({ status: 'closed', closedAt: now, updatedAt: now })
          .where(and(eq(requests.ref, r.ref), eq(requests.status, 'resolved'))).returning({ ref: requests.ref });
        if (claimed.length === 0) return 0;
        await addEvent(tx, r.ref, now, 'closed', { kind: 'system', id: null }, { unrated: true });
        await deliver(tx, to, (t) => ({ text: t.rhythm.closedUnrated(formatRef(r.ref)) }), now, { quietHoursIn: village.timezone });
        return 1;
      }
      const claimed = await tx.update(requests).set({ ratingRemindedAt: now })
        .where(and(eq(requests.ref, r.ref), isNull(requests.ratingRemindedAt))).returning({ ref: requests.ref });
      if (claimed.length === 0) return 0;
      await deliver(tx, to, (t) => ({ text: t.rhythm.ratingReminder(formatRef(r.ref), r.summary), buttons: ratingButtons(t, r.ref) }), now,
        { quietHoursIn: village.timezone });
      return 1;
    });
  }
  return done;
}

/** A question nobody answered in half an hour is dropped, with a note, so nothing stays half-reported. */
export async function sweepDrafts(db: Db, now: Date): Promise<number> {
  const expired = await db.update(drafts).set({ closedAt: now })
    .where(and(isNull(drafts.closedAt), lte(drafts.expiresAt, now))).returning();
  for (const d of expired) {
    if (d.requestRef !== null) continue;
    const summary = String((d.classification as { summary?: string }).summary ?? d.text.slice(0, 20));
    await deliver(db, await identityAddress(db, d.identityId), (t) => ({ text: t.draft.expired(summary) }), now);
  }
  return expired.length;
}
