import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { platformTokens } from '../../db/schema.js';
import type { FreshToken, PlatformTokenStore, TokenInfo } from '../channels/tokens.js';
import type { Clock } from '../domain/clock.js';

/** A token this close to its end is refreshed: WeChat's old token stays valid for five minutes after a new one. */
const MARGIN_MS = 5 * 60_000;

/**
 * The database side of the token store. One instance refreshes at a time: a transaction-scoped
 * advisory lock on the key makes the others wait, and they then read the token it stored.
 */
export function createPlatformTokenStore(db: Db, clock: Clock): PlatformTokenStore {
  const fresh = (row: { expiresAt: Date } | undefined) => row !== undefined && row.expiresAt.getTime() - clock.now().getTime() > MARGIN_MS;
  const read = async (key: string, tx: Pick<Db, 'select'> = db) =>
    (await tx.select().from(platformTokens).where(eq(platformTokens.key, key)))[0];
  return {
    async get(key: string, refresh: () => Promise<FreshToken>): Promise<string> {
      const cached = await read(key);
      if (cached && fresh(cached)) return cached.value;
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`linli-token:${key}`}))`);
        const again = await read(key, tx);
        if (again && fresh(again)) return again.value;
        const got = await refresh();
        const now = clock.now();
        const row = { key, value: got.value, fetchedAt: now, expiresAt: new Date(now.getTime() + got.expiresInSec * 1000) };
        await tx.insert(platformTokens).values(row).onConflictDoUpdate({
          target: platformTokens.key, set: { value: row.value, fetchedAt: row.fetchedAt, expiresAt: row.expiresAt },
        });
        return got.value;
      });
    },
    async invalidate(key: string, value: string): Promise<void> {
      // Only the refused value: a token another instance fetched meanwhile stays.
      await db.update(platformTokens).set({ expiresAt: new Date(0) })
        .where(and(eq(platformTokens.key, key), eq(platformTokens.value, value)));
    },
    async info(key: string): Promise<TokenInfo | null> {
      const row = await read(key);
      return row ? { key, fetchedAt: row.fetchedAt, expiresAt: row.expiresAt } : null;
    },
  };
}
