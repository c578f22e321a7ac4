import { asc, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { requests } from '../../db/schema.js';
import { type RequestKind, requestKinds, type Urgency } from '../domain/classification.js';
import { maskPersonalNumbers } from '../domain/masking.js';

/** A kind a resident picked when the classifier was unsure, in the shape of a row of the labelled data. */
export interface ConfirmedLabel {
  id: string;
  text: string;
  kind: RequestKind;
  urgency: Urgency;
  split: 'train';
  /** What the model had guessed, and how sure it was: the misses worth learning from. */
  guessed: RequestKind | null;
  confidence: number | null;
}

/**
 * Every kind confirmed by a resident (details.confirmedKind), oldest first. Phone and ID numbers are
 * masked: the file is meant to join the training data, which is committed.
 */
export async function confirmedLabels(db: DbOrTx): Promise<ConfirmedLabel[]> {
  const confirmed = sql<string | null>`${requests.details}->>'confirmedKind'`;
  const rows = await db.select({ ref: requests.ref, text: requests.text, urgency: requests.urgency, details: requests.details })
    .from(requests).where(isNotNull(confirmed)).orderBy(asc(requests.ref));
  const isKind = (k: unknown): k is RequestKind => typeof k === 'string' && (requestKinds as readonly string[]).includes(k);
  return rows.flatMap((r) => {
    const kind = r.details.confirmedKind;
    if (!isKind(kind)) return [];
    const guessed = r.details.guessedKind;
    const confidence = r.details.guessedConfidence;
    return [{
      id: `confirmed-${r.ref}`, text: maskPersonalNumbers(r.text), kind, urgency: r.urgency, split: 'train' as const,
      guessed: isKind(guessed) ? guessed : null, confidence: typeof confidence === 'number' ? confidence : null,
    }];
  });
}
