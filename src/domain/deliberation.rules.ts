/**
 * The tally rule of a village vote. The default follows the common village practice: the vote is valid
 * when at least half of the electorate voted, and the matter passes when more than half of the valid
 * votes chose the first option. A village (or one deliberation) may set its own fractions, e.g. two
 * thirds turnout for a representatives' meeting (村民委员会组织法 §26).
 */
import type { DeliberationResult } from './deliberation.machine.js';

export interface TallyRule {
  /** Share of the electorate that must vote for the result to count (inclusive: 0.5 = at least half). */
  turnout: number;
  /** Share of the valid votes the first option must exceed (exclusive: 0.5 = more than half). */
  majority: number;
}

export const defaultTallyRule: TallyRule = { turnout: 0.5, majority: 0.5 };

export const defaultOptions: readonly string[] = ['同意', '反对', '弃权'];

/** A village's own rule, then a deliberation's own override, over the default. */
export function ruleOf(...layers: (Partial<TallyRule> | null | undefined)[]): TallyRule {
  return Object.assign(
    {},
    defaultTallyRule,
    ...layers.map((l) => Object.fromEntries(Object.entries(l ?? {}).filter(([, v]) => v !== undefined))),
  );
}

export interface Tally {
  /** Households per option, in the options' order. */
  counts: number[];
  voted: number;
  electorate: number;
  quorumMet: boolean;
  result: DeliberationResult;
}

// A fraction written with a few decimals (2/3 as 0.6667, 0.666667) must not miss by a rounding: a margin
// far below one household out of any village's count.
const EPS = 1e-4;

/** Counts one vote per household (the caller passes each household's standing choice: an option index). */
export function tally(choices: readonly number[], optionCount: number, electorate: number, rule: TallyRule): Tally {
  const counts = Array.from({ length: optionCount }, () => 0);
  for (const c of choices) if (c >= 0 && c < optionCount) counts[c]! += 1;
  const voted = counts.reduce((a, b) => a + b, 0);
  const quorumMet = electorate > 0 && voted / electorate >= rule.turnout - EPS;
  const result: DeliberationResult = !quorumMet
    ? null
    : counts[0]! / voted > rule.majority + EPS
      ? 'passed'
      : 'rejected';
  return { counts, voted, electorate, quorumMet, result };
}
