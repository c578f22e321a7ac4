import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { drafts } from '../../db/schema.js';
import { DRAFT_TTL_MS } from '../domain/clarify.js';
import type { Understood } from '../requests/create-request.js';

export type DraftRow = typeof drafts.$inferSelect;
export type DraftKind = 'location' | 'parties' | 'when' | 'followup';

/** The resident's one open draft, if any: a question the bot asked and is waiting to hear back on. */
export async function openDraft(db: DbOrTx, identityId: number): Promise<DraftRow | null> {
  const [row] = await db.select().from(drafts)
    .where(and(eq(drafts.identityId, identityId), isNull(drafts.closedAt))).orderBy(desc(drafts.id)).limit(1);
  return row ?? null;
}

export async function saveDraft(db: DbOrTx, identityId: number, text: string, c: Understood, missing: DraftKind, now: Date, requestRef: number | null = null): Promise<void> {
  // A new question replaces any older one: residents answer the last thing they were asked.
  await db.update(drafts).set({ closedAt: now }).where(and(eq(drafts.identityId, identityId), isNull(drafts.closedAt)));
  await db.insert(drafts).values({
    identityId, text, classification: c as unknown as Record<string, unknown>, missing, requestRef,
    createdAt: now, expiresAt: new Date(now.getTime() + DRAFT_TTL_MS),
  });
}

export async function closeDraft(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db.update(drafts).set({ closedAt: now }).where(eq(drafts.id, id));
}
