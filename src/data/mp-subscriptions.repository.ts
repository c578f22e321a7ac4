import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { mpSubscriptions } from '../../db/schema.js';
import type { SubscriptionStore } from '../channels/adapter.js';

/**
 * The one-time subscriptions (订阅通知) people accepted: one row per acceptance, one send per row. Taking
 * one is a single statement (the oldest unused row, skip-locked), so two instances never spend the same one.
 */
export function createSubscriptionStore(db: DbOrTx): SubscriptionStore {
  return {
    async accepted(platform, userId, templateIds, at) {
      if (templateIds.length === 0) return;
      await db.insert(mpSubscriptions).values(templateIds.map((templateId) => ({ platform, userId, templateId, acceptedAt: at })));
    },
    async take(platform, userId, templateId, at) {
      const oldest = db.select({ id: mpSubscriptions.id }).from(mpSubscriptions)
        .where(and(eq(mpSubscriptions.platform, platform), eq(mpSubscriptions.userId, userId), eq(mpSubscriptions.templateId, templateId), isNull(mpSubscriptions.usedAt)))
        .orderBy(asc(mpSubscriptions.id)).limit(1).for('update', { skipLocked: true });
      const rows = await db.update(mpSubscriptions).set({ usedAt: at })
        .where(and(inArray(mpSubscriptions.id, oldest), isNull(mpSubscriptions.usedAt))).returning({ id: mpSubscriptions.id });
      return rows.length > 0;
    },
    async open(platform, userId) {
      const [row] = await db.select({ n: sql<number | string>`count(*)::int` }).from(mpSubscriptions)
        .where(and(eq(mpSubscriptions.platform, platform), eq(mpSubscriptions.userId, userId), isNull(mpSubscriptions.usedAt)));
      return Number(row?.n ?? 0);
    },
  };
}
