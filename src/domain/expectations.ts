/**
 * What a person may be answering. Every message that invites a reply (a notice's 已读, a ballot, an
 * agreement, a case, a rating, an evaluation) leaves an expectation for the household it went to; a
 * short reply is matched against the open ones before it can become a request. Pure.
 */
import { isAcknowledgement, normalizeReply } from './chat-words.js';
import type { Pending } from './conversation.machine.js';
import { saysItCameBack } from './similarity.js';

export type ExpectationKind =
  | 'notice_read'
  | 'ballot'
  | 'agreement'
  | 'case_party'
  | 'rating'
  | 'evaluation'
  | 'question'
  | 'confirmation'
  | 'say_things'
  | 'deliberation_comment'
  | 'care_checkin'
  | 'member_rating';

/**
 * What free text from a household in a conversation (a case it is a party to, a matter it was asked to comment on)
 * is to that conversation: its own words there, another matter (asked about), or urgent (filed at once: an urgent
 * matter is never held behind a question nor kept in a record, however unsure the model is of its kind).
 */
export type TalkFit = 'own' | 'other' | 'urgent';
/** The fit of one text to each conversation it could belong to; urgency is the same for both. */
export interface TalkFits {
  case: TalkFit;
  comment: TalkFit;
}
const OWN: TalkFits = { case: 'own', comment: 'own' };

/** One accepted answer: the words that give it (normalized), the button it stands for, how a button names it. */
export interface ExpectedAnswer {
  /** Normalized words (see `normalizeReply`); `*ack` stands for any acknowledgement (看了, 收到, 好的, ok…). */
  words: string[];
  /** The callback data of the button this answer is: the chat runs it as if pressed. */
  data: string;
  label: string;
}

export interface Expectation {
  id: number;
  kind: ExpectationKind;
  /** The notice id, deliberation id or request ref. */
  scope: number;
  answers: ExpectedAnswer[];
  createdAt: Date;
  expiresAt: Date;
}

export type Answered = { expectation: Expectation; answer: ExpectedAnswer };

export type ExpectationMatch =
  | { match: 'none' }
  /** The text answers this expectation: run the answer's button. */
  | ({ match: 'answer' } & Answered)
  /** A bare number that answers several: ask which, with a button naming each. */
  | { match: 'ambiguous'; options: Answered[] }
  /** A party of an open case speaks: the text is their statement on the case. */
  | { match: 'statement'; expectation: Expectation }
  /** A party of an open case writes about what looks like another matter: ask which. */
  | { match: 'ask_case'; expectation: Expectation }
  /** A household invited to comment on a matter (议事 D3 征求意见) speaks: the text is its comment. */
  | { match: 'comment'; expectation: Expectation }
  /** An invited household writes what looks like another matter: ask which. */
  | { match: 'ask_comment'; expectation: Expectation }
  /** 好 / 收到 after the say-things reminder: a warm word about the day. */
  | { match: 'say_things_ack'; expectation: Expectation }
  /** A matter written soon after the say-things reminder: for the day, or to be handled now? */
  | { match: 'ask_say_things'; expectation: Expectation };

const ACK = '*ack';

// What counts as an acknowledgement is the one table of chat words, shared with the classifier's small talk.
export { isAcknowledgement, normalizeReply };

/** Whether an answer takes this (normalized) reply. */
function takes(a: ExpectedAnswer, s: string, ack: boolean): boolean {
  return a.words.includes(s) || (ack && a.words.includes(ACK));
}

/**
 * Which open expectation a text answers. A pending question comes first (the conversation machine has
 * it); expired expectations count for nothing. The most recent expectation whose answers take the text
 * wins, except that a bare number taken by several, or by a ballot, is asked about. A case party's other text is their
 * statement, and an invited household's its comment on the matter, unless `fits` says it is another matter (asked
 * about) or urgent (answered by nothing here: safety first, it is filed at once). Soon after the say-things
 * reminder an acknowledgement is answered about the day, and a matter (`hasMatter`) asked about: for the day, or now?
 */
export function matchExpectation(
  pending: Pending,
  open: readonly Expectation[],
  text: string,
  now: Date,
  fits: TalkFits = OWN,
  hasMatter = false,
): ExpectationMatch {
  if (pending.state !== 'idle') return { match: 'none' };
  const live = open
    .filter((e) => e.expiresAt > now)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  const s = normalizeReply(text);
  if (!s && !text.trim()) return { match: 'none' };
  const ack = isAcknowledgement(text);
  const found: Answered[] = [];
  for (const expectation of live) {
    const answer = expectation.answers.find((a) => takes(a, s, ack));
    if (answer) found.push({ expectation, answer });
  }
  // A bare number is no word of its own: taken by several, or as a vote (never cast by a digit alone), it is asked about.
  if (/^\d{1,2}$/.test(s) && (found.length > 1 || found.some((f) => f.expectation.kind === 'ballot')))
    return { match: 'ambiguous', options: found.slice(0, 4) };
  if (found.length) return { match: 'answer', ...found[0]! };
  // Free text goes to the newest conversation it may belong to: an open case, or a matter the household was asked about.
  const talk = live.find(
    (e) =>
      (e.kind === 'case_party' && fits.case !== 'urgent') ||
      (e.kind === 'deliberation_comment' && fits.comment !== 'urgent'),
  );
  if (talk && !ack && s.length > 0) {
    if (talk.kind === 'case_party')
      return fits.case === 'other'
        ? { match: 'ask_case', expectation: talk }
        : { match: 'statement', expectation: talk };
    return fits.comment === 'other'
      ? { match: 'ask_comment', expectation: talk }
      : { match: 'comment', expectation: talk };
  }
  // A care check-in (关爱问候) takes any reply as the household's answer — never an urgent one: that is filed at once.
  const checkin = live.find((e) => e.kind === 'care_checkin');
  if (checkin?.answers[0] && fits.case !== 'urgent' && s.length > 0)
    return { match: 'answer', expectation: checkin, answer: checkin.answers[0] };
  // After the say-things reminder: 好 / 收到 acknowledge it; a matter (never an urgent one: the caller says) is asked about.
  const say = live.find((e) => e.kind === 'say_things');
  if (say && ack) return { match: 'say_things_ack', expectation: say };
  // "又漏了" / "还是不亮" is about a matter already reported, not a topic for the day: intake asks about that one.
  if (say && hasMatter && !saysItCameBack(text)) return { match: 'ask_say_things', expectation: say };
  return { match: 'none' };
}

// What each kind of message accepts. Words are stored normalized; the button data is the same the message's buttons carry.

const rate3 = [
  ['1', '满意', '非常满意', '很满意', 'satisfied'],
  ['2', '基本满意', '还行', '一般', 'basic'],
  ['3', '不满意', '不太满意', 'unsatisfied', 'notsatisfied'],
];
const rateLabels = ['满意', '基本满意', '不满意'];

export const expectedAnswers = {
  noticeRead: (noticeId: number): ExpectedAnswer[] => [
    { words: [ACK, '已读', '看了', 'read'], data: `nr:${noticeId}`, label: '已读' },
  ],
  ballot: (deliberationId: number, options: readonly string[]): ExpectedAnswer[] =>
    options.map((o, i) => ({
      words: [
        ...new Set([String(i + 1), normalizeReply(o), `投${normalizeReply(o)}`, `${normalizeReply(o)}票`]),
      ].filter(Boolean),
      data: `vt:${deliberationId}:${i + 1}`,
      label: o,
    })),
  agreement: (ref: number): ExpectedAnswer[] => [
    {
      words: ['同意', '我同意', '同意了', '同意协议', '同意调解协议', '没意见', '没有意见', 'agree', 'iagree'],
      data: `mdy:${ref}`,
      label: '同意',
    },
    {
      words: ['不同意', '我不同意', '不同意协议', 'disagree', 'idisagree', 'donotagree', 'dontagree'],
      data: `mdn:${ref}`,
      label: '不同意',
    },
  ],
  rating: (ref: number): ExpectedAnswer[] =>
    rate3.map((words, i) => ({ words, data: `rate:${ref}:${i + 1}`, label: rateLabels[i]! })),
  evaluation: (deliberationId: number): ExpectedAnswer[] =>
    rate3.map((words, i) => ({ words, data: `ev:${deliberationId}:${i + 1}`, label: rateLabels[i]! })),
  /** A case invitation takes free text (the party's statement), no word in particular. */
  caseParty: (): ExpectedAnswer[] => [],
  /** The say-things reminder takes 好 / 收到 and a matter soon after it, no word in particular. */
  sayThings: (): ExpectedAnswer[] => [],
  /** A rating round's message about one member (群众评党员): 1 / 2 / 3 or the words, as the return visit's question. */
  memberRating: (round: number, memberId: number, name: string): ExpectedAnswer[] =>
    rate3.map((words, i) => ({
      words,
      data: `mr:${round}:${memberId}:${i + 1}`,
      label: `${name} ${rateLabels[i]!}`,
    })),
  /** A care check-in takes any reply (matchExpectation): the one answer is the button it runs. */
  careCheckin: (householdId: number): ExpectedAnswer[] => [{ words: [ACK], data: `ck:${householdId}`, label: '好' }],
  /** An invitation to comment on a matter takes free text (the household's opinion), no word in particular. */
  deliberationComment: (): ExpectedAnswer[] => [],
};

/** How long each kind waits when the message sets no time of its own. */
export const expectationTtlMs: Record<ExpectationKind, number> = {
  notice_read: 7 * 86_400_000,
  ballot: 7 * 86_400_000,
  agreement: 14 * 86_400_000,
  case_party: 60 * 86_400_000,
  rating: 7 * 86_400_000,
  evaluation: 7 * 86_400_000,
  question: 30 * 60_000,
  confirmation: 86_400_000,
  say_things: 86_400_000,
  // Until the vote opens (which closes it), at most this long.
  deliberation_comment: 7 * 86_400_000,
  // No answer in a day: the leader gets the visit task.
  care_checkin: 86_400_000,
  // Until the round closes (the message sets it), at most this long.
  member_rating: 14 * 86_400_000,
};
