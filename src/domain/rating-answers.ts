/**
 * The three answers of a rating as a feature's command takes them — the button's number or the label it shows
 * (1 满意 · 2 基本满意 · 3 不满意) — and back to the number. A request's own rating (commands.ts) takes more words.
 */
export type RatingAnswer = 'satisfied' | 'basic' | 'unsatisfied';

// A Map, not an object: "constructor" typed as the answer is no answer.
const answers: ReadonlyMap<string, RatingAnswer> = new Map([
  ['1', 'satisfied'],
  ['满意', 'satisfied'],
  ['2', 'basic'],
  ['基本满意', 'basic'],
  ['3', 'unsatisfied'],
  ['不满意', 'unsatisfied'],
]);

export const ratingAnswerOf = (word: string): RatingAnswer | null => answers.get(word.trim()) ?? null;

export const ratingAnswerNumber: Readonly<Record<RatingAnswer, 1 | 2 | 3>> = { satisfied: 1, basic: 2, unsatisfied: 3 };
