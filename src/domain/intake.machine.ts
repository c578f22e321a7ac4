/**
 * What becomes of a resident's free text, as a pure function of what is known about it and which of the
 * bot's questions the person has already answered about it. The use case (src/requests/intake.usecase.ts)
 * looks the facts up and acts; the rules live here so a table test can walk every path.
 *
 * Two promises, each kept by a rule below:
 *  - safety first: an urgent message is never held behind a question; it is filed now;
 *  - no loop: each question is asked at most once per message, because every answer is carried along
 *    (`Answered`) and a question already answered is never asked again.
 */
import type { MissingFact } from './clarify.js';

export interface IntakeFacts {
  /** `说事 …`: a topic for say-things day, whatever it is about. */
  topic: boolean;
  /** No matter in it (an acknowledgement, thanks, chatter): never a request. */
  noMatter: boolean;
  /** The classifier is below its confidence floor about the kind. */
  unsure: boolean;
  urgent: boolean;
  /** The person's own recent request: surely the same matter, maybe, or some other (any, for a fragment). */
  own: 'same' | 'maybe' | 'other' | null;
  /** A short text with no matter of its own ("村委会西边那盏"). */
  fragment: boolean;
  /** Another household's request of the same kind: the same matter and place, maybe (which one?), or none. */
  other: 'same' | 'maybe' | null;
  /** The one fact the request cannot be handled without, if missing. */
  missing: MissingFact | null;
}

/** The questions about this message the person already answered. */
export interface Answered {
  followUp: boolean;
  sameMatter: boolean;
  kind: boolean;
}

export const nothingAnswered: Answered = { followUp: false, sameMatter: false, kind: false };

export type IntakeStep =
  /** A note on the person's own recent request. */
  | { do: 'add_to_own' }
  /** "补充到 #12，还是新的事？" */
  | { do: 'ask_followup' }
  /** A short warm word; nothing is filed. */
  | { do: 'acknowledge' }
  /** "我没太明白这是哪类事，请选一个" */
  | { do: 'ask_kind' }
  /** Follow another household's request of the same matter. */
  | { do: 'join' }
  /** "是 #1002 说的那个（村委会西边）吗？" */
  | { do: 'ask_same_matter' }
  /** A new request; `ask` is the fact still asked afterwards, as a note (an urgent report is never held back). */
  | { do: 'file'; ask: MissingFact | null }
  /** Ask the missing fact before filing. */
  | { do: 'ask_fact'; fact: MissingFact };

export function intakeStep(f: IntakeFacts, a: Answered): IntakeStep {
  if (!a.followUp && !f.topic) {
    if (f.own === 'same') return { do: 'add_to_own' };
    if (!f.urgent && f.own !== null && ((f.own === 'maybe' && !f.noMatter) || f.fragment))
      return { do: 'ask_followup' };
  }
  if (f.noMatter && !f.topic && !a.kind) return { do: 'acknowledge' };
  if (f.unsure && !f.topic && !f.urgent && !a.kind) return { do: 'ask_kind' };
  if (!f.urgent && !a.sameMatter) {
    if (f.other === 'same') return { do: 'join' };
    if (f.other === 'maybe') return { do: 'ask_same_matter' };
  }
  if (!f.missing) return { do: 'file', ask: null };
  // Urgent: filed now; where it is still asked (the leader needs it), "when" is now.
  if (f.urgent) return { do: 'file', ask: f.missing === 'when' ? null : f.missing };
  return { do: 'ask_fact', fact: f.missing };
}

/**
 * The kind an urgent report is filed as when the model is unsure (or calls it no matter at all, which an
 * outside model may do): a danger, until someone corrects it.
 */
export function urgentKind<K extends string>(kind: K, unsure: boolean): K | 'hazard' {
  return unsure || kind === 'other' ? 'hazard' : kind;
}

export type ChoiceQuestion = 'followup' | 'kind_choice' | 'same_matter';
/** A choice answer: a kind picked, yes (补充 / 是), no (新的 / 不是), or something that answers neither. */
export type ChoiceAnswer = 'kind' | 'yes' | 'no' | 'neither';

export type AfterAnswer =
  | { do: 'add_to_own' }
  | { do: 'join' }
  /** Take the message through intake again, with this question answered. */
  | { do: 'again'; answered: Answered }
  /** The text is a message of its own; the question ends. */
  | { do: 'new_text' };

/** What an answer to one of the choice questions leads to. Every answer marks its question answered. */
export function afterAnswer(q: ChoiceQuestion, answer: ChoiceAnswer, a: Answered): AfterAnswer {
  if (q === 'kind_choice')
    return answer === 'kind' ? { do: 'again', answered: { ...a, kind: true, followUp: true } } : { do: 'new_text' };
  if (answer === 'yes') return q === 'followup' ? { do: 'add_to_own' } : { do: 'join' };
  if (answer === 'no') {
    return {
      do: 'again',
      answered: q === 'followup' ? { ...a, followUp: true } : { ...a, sameMatter: true, followUp: true },
    };
  }
  return { do: 'new_text' };
}
