import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { pushNonces } from '../../db/schema.js';
import type { NonceClaim, PushNonceStore } from '../channels/push-nonces.js';
import type { Clock } from '../domain/clock.js';
import { PUSH_WINDOW_MS } from '../domain/push-freshness.js';

/**
 * The database side of the nonce store. The primary key makes the first instance to insert a nonce
 * the one that takes it; the others read what it stored. A row is needed only while its timestamp could
 * still pass the freshness check, so each claim also deletes the rows past that (an index on expires_at
 * keeps this a short range delete), and the table stays at a few minutes of pushes.
 */
export function createPushNonceStore(db: Db, clock: Clock): PushNonceStore {
  return {
    async claim({ platform, nonce, timestampSec, fingerprint }): Promise<NonceClaim> {
      const now = clock.now();
      await db.delete(pushNonces).where(lt(pushNonces.expiresAt, now));
      const inserted = await db.insert(pushNonces)
        .values({ platform, nonce, timestampSec, fingerprint, expiresAt: new Date(timestampSec * 1000 + PUSH_WINDOW_MS) })
        .onConflictDoNothing().returning({ nonce: pushNonces.nonce });
      if (inserted.length > 0) return 'first';
      const [seen] = await db.select({ fingerprint: pushNonces.fingerprint }).from(pushNonces)
        .where(and(eq(pushNonces.platform, platform), eq(pushNonces.nonce, nonce), eq(pushNonces.timestampSec, timestampSec)));
      // Purged between the insert and this read: it was past the window, so whoever asks is refused as late.
      if (!seen) return 'conflict';
      return seen.fingerprint === fingerprint ? 'repeat' : 'conflict';
    },
  };
}
