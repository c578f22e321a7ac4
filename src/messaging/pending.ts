import type { DraftRow } from '../data/drafts.repository.js';
import type { OutButton } from '../channels/channel.port.js';
import { callbackData, type Command } from '../domain/commands.js';
import { mediationCallback, type MediationButton, type MediationCommand } from '../domain/mediation.commands.js';
import { draftSummary } from '../domain/clarify.js';
import { kindChoices, kindOfChoice, type Pending, yesNoOf } from '../domain/conversation.machine.js';
import { formatRef } from '../domain/reference.js';
import type { Texts } from '../texts/index.js';

/**
 * What the open draft row says the chat is waiting for. The one place a draft's `missing` is read: the chat,
 * the expiry word and its buttons all go through it (the intake's own questions, src/requests, read their facts).
 */
export function pendingOf(d: DraftRow | null): Pending {
  if (!d) return { state: 'idle' };
  const ref = d.requestRef ?? 0;
  switch (d.missing) {
    case 'location':
    case 'parties':
    case 'when':
      return { state: 'fact', fact: d.missing };
    case 'followup':
      return { state: 'followup', ref };
    case 'await_note':
      return { state: 'awaiting_text', action: 'note', ref };
    case 'await_resolve':
      return { state: 'awaiting_text', action: 'resolve', ref };
    case 'await_transfer':
      return { state: 'awaiting_text', action: 'transfer', ref };
    case 'await_med':
      return { state: 'awaiting_text', action: 'record', ref };
    case 'case_or_new':
      return { state: 'case_or_new', ref };
    case 'rating_reason':
      return { state: 'rating_reason', ref };
    case 'kind_choice':
      return { state: 'kind_choice' };
    case 'same_matter':
      return { state: 'same_matter', ref: Number(d.classification.sameRef ?? 0) };
    case 'same_or_new':
      return { state: 'same_or_new' };
    case 'say_or_now':
      return { state: 'say_or_now' };
    default:
      return { state: 'idle' };
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
  if (
    p.state === 'kind_choice' ||
    p.state === 'same_matter' ||
    p.state === 'followup' ||
    p.state === 'same_or_new' ||
    p.state === 'case_or_new' ||
    p.state === 'say_or_now'
  ) {
    return t.conversation.choiceExpired;
  }
  return null;
}

/** The choice a message stands for under a choice question: 补充 / 新的 (or 1 / 2), a kind (1…7), 是 / 不是. */
export type Choice = { yesNo: 'add' | 'new' | null; kind: number | null };

/** The choice a command stands for in a choice state: 补充 / 新的 (or 1 / 2), a kind (1…7), 是 / 不是. */
export function choiceOf(p: Pending, cmd: Command): Choice | null {
  if (p.state === 'say_or_now' && cmd.type === 'text') {
    // "说事日再说" / "现在就办" typed instead of pressed.
    if (/说事日|留着|当面|再说/.test(cmd.text)) return { yesNo: 'add', kind: null };
    if (/现在|马上|立刻|^now$/i.test(cmd.text.trim())) return { yesNo: 'new', kind: null };
  }
  if (
    p.state === 'followup' ||
    p.state === 'same_matter' ||
    p.state === 'same_or_new' ||
    p.state === 'case_or_new' ||
    p.state === 'say_or_now'
  ) {
    if (cmd.type === 'followup') return { yesNo: cmd.choice, kind: null };
    if (cmd.type === 'rate' && cmd.ref === null && cmd.rating !== 'unsatisfied')
      return { yesNo: cmd.rating === 'satisfied' ? 'add' : 'new', kind: null };
    // 是 / 对 / 好 and 不是 / 不对 answer the two-way question they were typed under.
    // "说事日还是现在？" is no yes-or-no question: a 好 under it would otherwise hold a matter back for the day unchosen.
    const yesNo = cmd.type === 'text' && p.state !== 'say_or_now' ? yesNoOf(cmd.text) : null;
    if (yesNo) return { yesNo, kind: null };
  }
  if (p.state === 'kind_choice') {
    if (cmd.type === 'choose_kind') return { yesNo: null, kind: cmd.choice };
    if (cmd.type === 'rate' && cmd.ref === null)
      return { yesNo: null, kind: cmd.rating === 'satisfied' ? 1 : cmd.rating === 'basic' ? 2 : 3 };
    if (cmd.type === 'text') {
      const k = kindOfChoice(cmd.text);
      if (k) return { yesNo: null, kind: kindChoices.indexOf(k) + 1 };
    }
  }
  return null;
}

/** The case command a wait for text (`awaiting_text` / `record`) was for, with the text that came. */
export function awaitedCaseCommand(draft: DraftRow, text: string): MediationCommand {
  const type = String(draft.classification.command) as Extract<MediationCommand, { text: string }>['type'];
  // The case keeps up to its own record length (src/mediation): the text goes whole.
  return { type, ref: draft.requestRef!, text };
}

/** A "这是议事 D3 的意见，还是另一件事？" question keeps its matter in the draft (a case's keeps its request). */
export function commentDraftOf(d: DraftRow): number | null {
  const id = (d.classification as { deliberation?: unknown }).deliberation;
  return d.missing === 'case_or_new' && typeof id === 'number' ? id : null;
}

const caseButton: Partial<Record<MediationButton, keyof Texts['mediation']['buttons']>> = {
  med_investigate: 'investigate',
  med_session: 'session',
  med_propose: 'propose',
  med_fail: 'fail',
  med_follow_up: 'followUp',
  med_decline: 'decline',
};

/** Under the word that a wait for text ended: the same button again, so the action is one press away. */
export function expiredWaitButtons(d: DraftRow, t: Texts): OutButton[][] | undefined {
  const ref = d.requestRef;
  const p = pendingOf(d);
  if (ref === null || p.state !== 'awaiting_text') return undefined;
  if (p.action === 'note') return [[{ label: t.buttons.note, data: callbackData.note(ref) }]];
  if (p.action === 'resolve') return [[{ label: t.buttons.resolve, data: callbackData.resolve(ref) }]];
  if (p.action === 'transfer') return [[{ label: t.buttons.transfer, data: callbackData.transfer(ref) }]];
  const command = String(d.classification.command) as MediationButton;
  const label = caseButton[command];
  return label ? [[{ label: t.mediation.buttons[label], data: mediationCallback(command, ref) }]] : undefined;
}
