import type { DraftRow } from '../data/drafts.repository.js';
import { draftSummary } from '../domain/clarify.js';
import type { Pending } from '../domain/conversation.machine.js';
import { formatRef } from '../domain/reference.js';
import type { Texts } from '../texts/index.js';

/** What the open draft row says the chat is waiting for. */
export function pendingOf(d: DraftRow | null): Pending {
  if (!d) return { state: 'idle' };
  const ref = d.requestRef ?? 0;
  switch (d.missing) {
    case 'location': case 'parties': case 'when': return { state: 'fact', fact: d.missing };
    case 'followup': return { state: 'followup', ref };
    case 'await_note': return { state: 'awaiting_text', action: 'note', ref };
    case 'await_resolve': return { state: 'awaiting_text', action: 'resolve', ref };
    case 'await_transfer': return { state: 'awaiting_text', action: 'transfer', ref };
    case 'rating_reason': return { state: 'rating_reason', ref };
    case 'kind_choice': return { state: 'kind_choice' };
    case 'same_matter': return { state: 'same_matter', ref: Number(d.classification.sameRef ?? 0) };
    case 'same_or_new': return { state: 'same_or_new' };
    default: return { state: 'idle' };
  }
}

/**
 * The word a person gets when the bot stops waiting for them: which report was dropped, which request
 * no longer waits for their text, which choice lapsed. Null when nothing was left hanging (a question
 * about a report already filed, a rating reason: the request stands either way).
 */
export function expiredWaitText(d: DraftRow, t: Texts): string | null {
  const p = pendingOf(d);
  if (p.state === 'awaiting_text') return t.conversation.awaitExpired(formatRef(p.ref));
  if (p.state === 'fact') return d.requestRef === null ? t.draft.expired(draftSummary(d)) : null;
  if (p.state === 'kind_choice' || p.state === 'same_matter' || p.state === 'followup' || p.state === 'same_or_new') return t.conversation.choiceExpired;
  return null;
}
