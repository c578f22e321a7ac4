import { and, desc, eq, gte, inArray, isNull, lte, type SQLWrapper, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { drafts } from '../../db/schema.js';

export type DraftRow = typeof drafts.$inferSelect;
/**
 * What the bot waits for (see src/domain/conversation.machine.ts): a missing fact, a follow-up choice,
 * the leader's text after a button (`requestRef` is the request), a rating reason, a kind choice, or
 * whether a report is the same matter as another household's request.
 */
export type DraftKind = 'location' | 'parties' | 'when' | 'followup'
  | 'await_note' | 'await_resolve' | 'await_transfer' | 'rating_reason' | 'kind_choice' | 'same_matter' | 'same_or_new'
  /** A case's record after its button (`classification.command` says which); a party's text that may be about their case. */
  | 'await_med' | 'case_or_new'
  /** A matter written soon after the say-things reminder: for the day, or now? */
  | 'say_or_now';

/** The resident's one open draft, if any: a question the bot asked and is waiting to hear back on. */
/** An account's open drafts: what openDraft and the read that starts a turn (turn-start.repository) both ask. */
export const openDraftsOf = (identityId: number | SQLWrapper) => and(eq(drafts.identityId, identityId), isNull(drafts.closedAt));

export async function openDraft(db: DbOrTx, identityId: number): Promise<DraftRow | null> {
  const [row] = await db.select().from(drafts)
    .where(openDraftsOf(identityId)).orderBy(desc(drafts.id)).limit(1);
  return row ?? null;
}

export interface NewDraft {
  identityId: number;
  text: string;
  classification: object;
  missing: DraftKind;
  requestRef: number | null;
  expiresAt: Date;
}

export async function saveDraft(db: DbOrTx, draft: NewDraft, now: Date): Promise<void> {
  // A new question replaces any older one: residents answer the last thing they were asked. One statement: the
  // update's snapshot does not hold the row the insert adds, so only the older ones are closed.
  await db.execute(sql`with closed as (
      update drafts set closed_at = ${now.toISOString()}::timestamptz where identity_id = ${draft.identityId} and closed_at is null)
    insert into drafts (identity_id, text, classification, missing, request_ref, created_at, expires_at)
    values (${draft.identityId}, ${draft.text}, ${JSON.stringify(draft.classification)}::jsonb, ${draft.missing}, ${draft.requestRef},
      ${now.toISOString()}::timestamptz, ${draft.expiresAt.toISOString()}::timestamptz)`);
}

export async function closeDraft(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db.update(drafts).set({ closedAt: now }).where(eq(drafts.id, id));
}

/** Closes every draft whose time ran out; returns them. */
export async function expireDrafts(db: DbOrTx, now: Date): Promise<DraftRow[]> {
  return db.update(drafts).set({ closedAt: now }).where(and(isNull(drafts.closedAt), lte(drafts.expiresAt, now))).returning();
}


/** The person's latest question of these kinds that lapsed unanswered (closed when its time ran out) since `since`. */
export async function lastLapsedDraft(db: DbOrTx, identityId: number, kinds: DraftKind[], since: Date): Promise<DraftRow | null> {
  const [row] = await db.select().from(drafts)
    .where(and(eq(drafts.identityId, identityId), inArray(drafts.missing, kinds), gte(drafts.closedAt, drafts.expiresAt), gte(drafts.createdAt, since)))
    .orderBy(desc(drafts.id)).limit(1);
  return row ?? null;
}
