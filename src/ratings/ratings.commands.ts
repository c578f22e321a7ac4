/**
 * The chat forms of 群众评党员: the secretary's `群众评党员` opens the quarter's round; a household answers
 * `评党员 R3-12 满意` (round 3, member 12) or presses the button `mr:3:12:1`.
 */
import type { ChatFeature } from '../domain/chat-feature.js';
import { ratingAnswerNumber, ratingAnswerOf, type RatingAnswer as Rating } from '../domain/rating-answers.js';

export type MemberRatingCommand =
  { type: 'open_rating_round' } | { type: 'rate_member'; round: number; memberId: number; rating: Rating };

const MAX_ID = 2_147_483_647;
const safe = (n: number) => (n <= MAX_ID ? n : 0);

export function parseMemberRatingCommand(text: string): MemberRatingCommand | null {
  if (/^(?:群众评党员|开始评党员|\/rateround)$/i.test(text)) return { type: 'open_rating_round' };
  const m = /^(?:评党员|\/ratemember)\s*[Rr]\s*(\d{1,10})\s*-\s*(\d{1,10})\s+(\S+)$/.exec(text);
  const rating = m ? ratingAnswerOf(m[3]!) : null;
  return m && rating ? { type: 'rate_member', round: safe(Number(m[1])), memberId: safe(Number(m[2])), rating } : null;
}

/** `mr:<round>:<member>:<1-3>`; undefined when the data is not this family's. */
export function parseMemberRatingCallback(data: string): MemberRatingCommand | null | undefined {
  if (!data.startsWith('mr:')) return undefined;
  const m = /^mr:(\d{1,10}):(\d{1,10}):([123])$/.exec(data);
  if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0) return null;
  return {
    type: 'rate_member',
    round: safe(Number(m[1])),
    memberId: safe(Number(m[2])),
    rating: ratingAnswerOf(m[3]!)!,
  };
}

export const memberRatingCallback = (round: number, memberId: number, rating: Rating): string =>
  `mr:${round}:${memberId}:${ratingAnswerNumber[rating]}`;

/** What WeChat shows to type instead of the button: `评党员 R3-12 1`. */
export function memberRatingButtonText(b: { data: string }, zh: boolean): string | null {
  const m = /^mr:(\d+):(\d+):([123])$/.exec(b.data);
  if (!m) return null;
  return zh ? `评党员 R${m[1]}-${m[2]} ${m[3]}` : `/ratemember R${m[1]}-${m[2]} ${m[3]}`;
}

export const memberRatingFeature: ChatFeature<MemberRatingCommand> = {
  specs: {
    // The use case checks that the member is a secretary of the village.
    open_rating_round: { who: 'member', inRoom: false },
    rate_member: { who: 'resident', inRoom: false },
  },
  parse: (text) => parseMemberRatingCommand(text),
  parseCallback: parseMemberRatingCallback,
  buttonText: memberRatingButtonText,
};

declare module '../domain/chat-feature.js' {
  interface FeatureCommands {
    memberRating: MemberRatingCommand;
  }
}
