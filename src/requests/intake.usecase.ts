import { closeDraft, type DraftKind, type DraftRow, saveDraft } from '../data/drafts.repository.js';
import { findRequest, updateRequest } from '../data/requests.repository.js';
import { belowConfidenceFloor } from '../classify/offline.classifier.js';
import type { RequestKind } from '../domain/classification.js';
import { missingFact } from '../domain/clarify.js';
import { callbackData } from '../domain/commands.js';
import { kindChoices, ttlMs } from '../domain/conversation.machine.js';
import { afterAnswer, type Answered, intakeStep, nothingAnswered, urgentKind } from '../domain/intake.machine.js';
import { policy, since } from '../domain/policy.js';
import { formatRef } from '../domain/reference.js';
import { MAYBE_SAME, SAME_MATTER } from '../domain/similarity.js';
import type { ResidentTurn } from '../messaging/turn.js';
import { addLooseTo } from './attachments.usecase.js';
import { createRequest, sharedPlace, type Understood } from './create-request.js';
import { addResidentNote, cameBack, follow, sameMatterCandidates, samePlace } from './followers.js';
import { reopen } from './rating.usecase.js';

function ask(
  turn: ResidentTurn,
  text: string,
  c: object,
  missing: DraftKind,
  requestRef: number | null,
): Promise<void> {
  const ttl =
    missing === 'location' || missing === 'parties' || missing === 'when'
      ? policy.draftTtlMs
      : ttlMs({ state: 'kind_choice' });
  return saveDraft(
    turn.tx,
    {
      identityId: turn.actor.identity.id,
      text,
      classification: c,
      missing,
      requestRef,
      expiresAt: new Date(turn.now.getTime() + ttl),
    },
    turn.now,
  );
}

export interface IntakeOptions {
  /** The person already said it is a new matter. */
  skipFollowUp?: boolean;
  /** The person already said it is not another household's request. */
  skipSameMatter?: boolean;
  /** The kind the person chose when the classifier was unsure (stored with the request as a label). */
  confirmedKind?: { kind: RequestKind; guessed: RequestKind; confidence: number };
  /** A short fragment ("村委会西边那盏"): offered as a follow-up of the person's own recent report. */
  fragment?: boolean;
}

/**
 * A resident's free text: a follow-up to what they just reported, the same matter another household
 * already reported, a report missing one fact (asked for), a report whose kind is unclear (the person
 * chooses), or a new request.
 */
export async function intake(
  turn: ResidentTurn,
  text: string,
  said: Understood,
  opts: IntakeOptions = {},
): Promise<void> {
  const { now, t } = turn;
  // A point shared just before, when the bot asked what happened there, says where: "where?" is not asked again.
  const shared = said.location ? null : await sharedPlace(turn);
  const understood: Understood = shared ? { ...said, location: shared.label ?? t.place.unnamed } : said;
  // "说事：…" is how residents hand in a topic for say-things day, whatever it is about.
  const topic = /^说事/.test(text);
  const unsure = !topic && belowConfidenceFloor(understood);
  const urgent = !topic && understood.urgency === 'urgent';
  const c: Understood = topic
    ? { ...understood, kind: 'say_things', urgency: 'normal' }
    : // Safety first: an urgent report the model cannot place is filed as a danger now; the kind can be corrected later.
      urgent && !opts.confirmedKind
      ? { ...understood, kind: urgentKind(understood.kind, unsure) }
      : understood;
  const answered: Answered = {
    followUp: Boolean(opts.skipFollowUp),
    sameMatter: Boolean(opts.skipSameMatter),
    kind: Boolean(opts.confirmedKind),
  };
  const { own, group: same } = await sameMatterCandidates(
    turn,
    text,
    c.location,
    !answered.followUp && !topic ? { since: since(now, policy.followUpWindowMs) } : null,
    !answered.sameMatter && !urgent && c.kind !== 'other'
      ? { kind: c.kind, since: since(now, policy.sameMatterWindowMs) }
      : null,
  );
  // What the person already answered travels with any question asked next, so no question comes twice.
  const carried = { ...c, answered, ...(opts.confirmedKind ? { confirmedKind: opts.confirmedKind } : {}) };
  // "修完又漏了" a few days after the leader closed it: that request handled again, if the person says so.
  const back =
    !answered.followUp && !topic && !urgent && !own
      ? await cameBack(turn, text, c.location, since(now, policy.reopenWindowMs))
      : null;
  if (back) {
    await ask(turn, text, carried, 'followup', back.ref);
    return turn.reply(t.draft.cameBackAsk(formatRef(back.ref), back.summary), [
      [
        { label: t.draft.reopenButton, data: callbackData.followUp('add') },
        { label: t.draft.newButton, data: callbackData.followUp('new') },
      ],
    ]);
  }
  const theirs = same ? ((same.r.details.location as string | null) ?? null) : null;
  const match = samePlace(c.location, theirs);
  const missing = missingFact(c.kind, c, text);
  const step = intakeStep(
    {
      topic,
      urgent,
      unsure,
      missing,
      noMatter: c.kind === 'other',
      fragment: Boolean(opts.fragment),
      own: !own ? null : own.score >= SAME_MATTER ? 'same' : own.score >= MAYBE_SAME ? 'maybe' : 'other',
      other: !same
        ? null
        : same.score >= SAME_MATTER && (match === true || (match === null && theirs === null))
          ? 'same'
          : // The same kind of thing, but which one? Ask instead of linking two households' different lights.
            same.score >= MAYBE_SAME && c.location === null && theirs !== null
            ? 'maybe'
            : // Another place: a matter of its own.
              null,
    },
    answered,
  );

  switch (step.do) {
    case 'add_to_own': {
      await addResidentNote(turn, own!.r, text);
      await addLooseTo(turn, own!.r);
      return turn.reply(t.draft.followUpAdded(formatRef(own!.r.ref)));
    }
    case 'ask_followup': {
      await ask(turn, text, carried, 'followup', own!.r.ref);
      const shown = formatRef(own!.r.ref);
      return turn.reply(opts.fragment ? t.conversation.fragmentAsk(shown) : t.draft.followUpAsk(shown), [
        [
          { label: t.draft.addButton, data: callbackData.followUp('add') },
          { label: t.draft.newButton, data: callbackData.followUp('new') },
        ],
      ]);
    }
    case 'acknowledge':
      return turn.reply(understood.chatter ? t.conversation.chatterAck : t.greeting);
    case 'ask_kind': {
      // Below the confidence floor the bot does not guess (nor ask a clarifying question on a guess): the person chooses.
      await ask(turn, text, carried, 'kind_choice', null);
      const buttons = kindChoices.map((k, i) => ({
        label: t.conversation.kindButton(i + 1, t.kind[k]),
        data: callbackData.chooseKind(i + 1),
      }));
      return turn.reply(t.conversation.askKind, [buttons.slice(0, 4), buttons.slice(4)]);
    }
    case 'join':
      await follow(turn, same!.r);
      return turn.reply(t.draft.joined(formatRef(same!.r.ref), same!.r.summary));
    case 'ask_same_matter':
      await ask(turn, text, { ...carried, sameRef: same!.r.ref }, 'same_matter', null);
      return turn.reply(t.conversation.sameMatterAsk(formatRef(same!.r.ref), theirs!), [
        [
          { label: t.conversation.yesButton, data: callbackData.followUp('add') },
          { label: t.conversation.noButton, data: callbackData.followUp('new') },
        ],
      ]);
    case 'file': {
      const r = await createRequest(turn, text, c);
      await storeLabel(turn, r.ref, opts.confirmedKind);
      if (!step.ask) return;
      // An urgent report is never held back by a question: it went out, the answer follows as a note.
      await ask(turn, text, carried, step.ask, r.ref);
      return turn.reply(t.ask[step.ask]);
    }
    case 'ask_fact':
      await ask(turn, text, carried, step.fact, null);
      return turn.reply(t.ask[step.fact]);
  }
}

/** A kind the person chose is kept with the request, next to the classifier's guess, for later training. */
async function storeLabel(turn: ResidentTurn, ref: number, label: IntakeOptions['confirmedKind']): Promise<void> {
  if (!label) return;
  const r = await findRequest(turn.tx, ref);
  if (!r) return;
  await updateRequest(turn.tx, ref, {
    details: {
      ...r.details,
      confirmedKind: label.kind,
      guessedKind: label.guessed,
      guessedConfidence: label.confidence,
    },
  });
}

/** The resident answers the question the bot asked (or picks "add to it" / "new matter" / a kind / yes-no). */
export async function answerDraft(
  turn: ResidentTurn,
  draft: DraftRow,
  answer: string,
  choice: 'add' | 'new' | null,
  c: Understood | null,
  chosenKind: RequestKind | null = null,
): Promise<void> {
  const { tx, now, t } = turn;
  await closeDraft(tx, draft.id, now);
  const understood = draft.classification as unknown as Understood & {
    sameRef?: number;
    confirmedKind?: IntakeOptions['confirmedKind'];
    answered?: Answered;
  };
  if (draft.missing === 'kind_choice' || draft.missing === 'same_matter' || draft.missing === 'followup') {
    const { sameRef, confirmedKind, answered: before, ...rest } = understood;
    const given: Answered = { ...nothingAnswered, ...before, kind: Boolean(confirmedKind) };
    const next = afterAnswer(
      draft.missing,
      chosenKind ? 'kind' : choice === 'add' ? 'yes' : choice === 'new' ? 'no' : 'neither',
      given,
    );
    const r =
      next.do === 'join' && typeof sameRef === 'number'
        ? await findRequest(tx, sameRef)
        : next.do === 'add_to_own' && draft.requestRef !== null
          ? await findRequest(tx, draft.requestRef)
          : null;
    if (next.do === 'join' && r) {
      await follow(turn, r);
      return turn.reply(t.draft.joined(formatRef(r.ref), r.summary));
    }
    // The closed request the words said was back: handled again, the words as the reason on its card.
    if (next.do === 'add_to_own' && r?.status === 'closed') return reopen(turn, r.ref, draft.text);
    if (next.do === 'add_to_own' && r) {
      await addResidentNote(turn, r, draft.text);
      await addLooseTo(turn, r);
      return turn.reply(t.draft.followUpAdded(formatRef(r.ref)));
    }
    // Neither answer: the resident moved on; handle what they wrote as a message of its own.
    if (next.do === 'new_text') return c ? intake(turn, answer, c) : turn.reply(t.helpResident);
    const kind = chosenKind ? { kind: chosenKind, guessed: rest.kind, confidence: rest.confidence } : confirmedKind;
    if (chosenKind) await turn.reply(t.conversation.kindFiled(t.kind[chosenKind]));
    // A "yes" whose request is gone is taken as a new matter, like "no".
    const then = next.do === 'again' ? next : afterAnswer(draft.missing, 'no', given);
    const answered = then.do === 'again' ? then.answered : given;
    return intake(turn, draft.text, chosenKind ? { ...rest, kind: chosenKind } : rest, {
      skipFollowUp: answered.followUp,
      skipSameMatter: answered.sameMatter,
      confirmedKind: kind,
    });
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
  const { confirmedKind, answered: _answered, ...rest } = understood;
  const r = await createRequest(turn, `${draft.text}（${fact}）`, { ...rest, [field]: fact });
  await storeLabel(turn, r.ref, confirmedKind);
}
