import type { DraftRow } from '../data/drafts.repository.js';
import type { OutButton } from '../channels/channel.port.js';
import { callbackData } from '../domain/commands.js';
import { mediationCallback, type MediationButton } from '../domain/mediation.commands.js';
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
    case 'await_med': return { state: 'awaiting_text', action: 'record', ref };
    case 'case_or_new': return { state: 'case_or_new', ref };
    case 'rating_reason': return { state: 'rating_reason', ref };
    case 'kind_choice': return { state: 'kind_choice' };
    case 'same_matter': return { state: 'same_matter', ref: Number(d.classification.sameRef ?? 0) };
    case 'same_or_new': return { state: 'same_or_new' };
    case 'say_or_now': return { state: 'say_or_now' };
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
  if (p.state === 'kind_choice' || p.state === 'same_matter' || p.state === 'followup' || p.state === 'same_or_new' || p.state === 'case_or_new' || p.state === 'say_or_now') {
    return t.conversation.choiceExpired;
  }
  return null;
}

const caseButton: Partial<Record<MediationButton, keyof Texts['mediation']['buttons']>> = {
  med_investigate: 'investigate', med_session: 'session', med_propose: 'propose', med_fail: 'fail', med_follow_up: 'followUp', med_decline: 'decline',
};

/** Under the word that a wait for text ended: the same button again, so the action is one press away. */
export function expiredWaitButtons(d: DraftRow, t: Texts): OutButton[][] | undefined {
  const ref = d.requestRef;
  if (ref === null) return undefined;
  if (d.missing === 'await_note') return [[{ label: t.buttons.note, data: callbackData.note(ref) }]];
  if (d.missing === 'await_resolve') return [[{ label: t.buttons.resolve, data: callbackData.resolve(ref) }]];
  if (d.missing === 'await_transfer') return [[{ label: t.buttons.transfer, data: callbackData.transfer(ref) }]];
  if (d.missing !== 'await_med') return undefined;
  const command = String(d.classification.command) as MediationButton;
  const label = caseButton[command];
  return label ? [[{ label: t.mediation.buttons[label], data: mediationCallback(command, ref) }]] : undefined;
}
