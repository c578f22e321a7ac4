import { closeDraft, type DraftKind, type DraftRow, saveDraft } from '../data/drafts.repository.js';
import { findRequest } from '../data/requests.repository.js';
import { missingFact } from '../domain/clarify.js';
import { callbackData } from '../domain/commands.js';
import { policy, since } from '../domain/policy.js';
import { formatRef } from '../domain/reference.js';
import { MAYBE_SAME, SAME_MATTER } from '../domain/similarity.js';
import type { ResidentTurn } from '../messaging/turn.js';
import { createRequest, type Understood } from './create-request.js';
import { addResidentNote, follow, recentOwn, sameMatterInGroup } from './followers.js';

function ask(turn: ResidentTurn, text: string, c: Understood, missing: DraftKind, requestRef: number | null): Promise<void> {
  return saveDraft(turn.tx, {
    identityId: turn.actor.identity.id, text, classification: c, missing, requestRef,
    expiresAt: new Date(turn.now.getTime() + policy.draftTtlMs),
  }, turn.now);
}

/**
 * A resident's free text: a follow-up to what they just reported, the same matter another household
 * already reported, a report missing one fact (asked for), or a new request.
 */
export async function intake(turn: ResidentTurn, text: string, understood: Understood, opts: { skipFollowUp?: boolean } = {}): Promise<void> {
  const { now, t } = turn;
  // "说事：…" is how residents hand in a topic for say-things day, whatever it is about.
  const c: Understood = /^说事/.test(text) ? { ...understood, kind: 'say_things', urgency: 'normal' } : understood;
  if (!opts.skipFollowUp) {
    const own = await recentOwn(turn, text, c.location, since(now, policy.followUpWindowMs));
    if (own && own.score >= SAME_MATTER) {
      await addResidentNote(turn, own.r, text);
      return turn.reply(t.draft.followUpAdded(formatRef(own.r.ref)));
    }
    if (own && own.score >= MAYBE_SAME && c.kind !== 'other') {
      await ask(turn, text, c, 'followup', own.r.ref);
      return turn.reply(t.draft.followUpAsk(formatRef(own.r.ref)), [[
        { label: t.draft.addButton, data: callbackData.followUp('add') }, { label: t.draft.newButton, data: callbackData.followUp('new') },
      ]]);
    }
  }
  if (c.kind === 'other') return turn.reply(t.greeting);

  const same = await sameMatterInGroup(turn, c.kind, text, c.location, since(now, policy.sameMatterWindowMs));
  if (same && same.score >= SAME_MATTER) {
    await follow(turn, same.r);
    return turn.reply(t.draft.joined(formatRef(same.r.ref), same.r.summary));
  }

  const missing = missingFact(c.kind, c, text);
  if (!missing) {
    await createRequest(turn, text, c);
    return;
  }
  // An urgent hazard is never held back by a question: it goes out now, the answer follows as a note.
  const urgentNow = c.kind === 'hazard' && c.urgency === 'urgent' ? await createRequest(turn, text, c) : null;
  await ask(turn, text, c, missing, urgentNow?.ref ?? null);
  await turn.reply(t.ask[missing]);
}

/** The resident answers the question the bot asked (or picks "add to it" / "new matter"). */
export async function answerDraft(turn: ResidentTurn, draft: DraftRow, answer: string, choice: 'add' | 'new' | null, c: Understood | null): Promise<void> {
  const { tx, now, t } = turn;
  await closeDraft(tx, draft.id, now);
  const understood = draft.classification as unknown as Understood;
  if (draft.missing === 'followup') {
    const r = draft.requestRef !== null ? await findRequest(tx, draft.requestRef) : null;
    if (choice === 'add' && r) {
      await addResidentNote(turn, r, draft.text);
      return turn.reply(t.draft.followUpAdded(formatRef(r.ref)));
    }
    if (choice === 'new') return intake(turn, draft.text, understood, { skipFollowUp: true });
    // Neither answer: the resident moved on; handle what they wrote as a message of its own.
    return c ? intake(turn, answer, c) : turn.reply(t.helpResident);
  }
  const field = draft.missing as 'location' | 'parties' | 'when';
  const fact = answer.slice(0, 60);
  if (draft.requestRef !== null) {
    const r = await findRequest(tx, draft.requestRef);
    if (r) {
      await addResidentNote(turn, r, fact);
      return turn.reply(t.draft.followUpAdded(formatRef(r.ref)));
    }
  }
  await createRequest(turn, `${draft.text}（${fact}）`, { ...understood, [field]: fact });
}
