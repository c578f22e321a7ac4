import type { Db } from '../data/database.js';
import { expireDrafts } from '../data/drafts.repository.js';
import { identityAddress } from '../data/people.repository.js';
import { claimRatingReminder, claimRequest, resolvedBefore } from '../data/requests.repository.js';
import { policy, since } from '../domain/policy.js';
import { mustTransition } from '../domain/request.machine.js';
import { raise } from '../messaging/notifiers.js';
import { expiredWaitButtons, expiredWaitText } from '../messaging/pending.js';
import { eventContext, outboxSender } from '../messaging/send.js';
import { textsFor } from '../texts/index.js';

/** 回访: one more polite ask after a day without a rating; closed as unrated after three. */
export async function sweepReturnVisits(db: Db, now: Date): Promise<number> {
  let done = 0;
  for (const r of await resolvedBefore(db, since(now, policy.ratingReminderAfterMs))) {
    const closing = r.resolvedAt! <= since(now, policy.closeUnratedAfterMs);
    if (!closing && r.ratingRemindedAt) continue;
    done += await db.transaction(async (tx) => {
      const ctx = eventContext(tx, now);
      if (closing) {
        const claimed = await claimRequest(
          tx,
          r.ref,
          { status: 'resolved' },
          { status: mustTransition(r.status, 'close_unrated'), closedAt: now, updatedAt: now },
        );
        if (!claimed) return 0;
        await raise(ctx, { type: 'closed', request: claimed, unrated: true });
        return 1;
      }
      if (!(await claimRatingReminder(tx, r.ref, now))) return 0;
      await raise(ctx, { type: 'rating_reminder', request: r });
      return 1;
    });
  }
  return done;
}

/**
 * A question nobody answered in time is dropped with a word, so nothing stays half-reported and nobody
 * types a note into a wait that has ended: the report dropped, the request that no longer waits, the choice.
 */
export async function sweepDrafts(db: Db, now: Date): Promise<number> {
  const expired = await expireDrafts(db, now);
  const send = outboxSender(db, now);
  for (const d of expired) {
    const to = await identityAddress(db, d.identityId);
    const t = to ? textsFor(to.language) : null;
    const text = t ? expiredWaitText(d, t) : null;
    const buttons = t ? expiredWaitButtons(d, t) : undefined;
    if (text) await send(to, () => ({ text, ...(buttons ? { buttons } : {}) }));
  }
  return expired.length;
}
