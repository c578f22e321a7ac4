import { bindLock } from './binding.js';

/**
 * The desk login's throttles. A wrong code locks the address it came from (for everyone it tries, and
 * sooner for the one member it tried), never the member: a stranger's guesses only slow the member's
 * logins from addresses the member never used, and each further guess waits twice as long as the last.
 */
export interface LoginPolicy {
  /** Wrong codes from one address (any member) in `sourceMs` before that address waits. */
  sourceMax: number;
  sourceMs: number;
  /** Wrong codes for one member from one address in `subjectMs` before that address waits for that member. */
  subjectHereMax: number;
  /** Wrong codes for one member from anywhere in `subjectMs` after which each attempt from an unknown address waits. */
  subjectSlowAfter: number;
  subjectMs: number;
  /** The first wait of the slowdown; it doubles with each wrong code, up to `slowMaxMs`. */
  slowBaseMs: number;
  slowMaxMs: number;
  /** Code requests from one address in an hour (any member, existing or not). */
  requestsPerSource: number;
  /** Code requests for one member from one address in an hour (an address the member logged in from is not held by this). */
  requestsPerSubjectHere: number;
  /** Codes sent to one member in an hour, not counting addresses the member logged in from before. */
  codesPerMember: number;
}

export const defaultLoginPolicy: LoginPolicy = {
  sourceMax: 10,
  sourceMs: 10 * 60_000,
  subjectHereMax: 5,
  subjectSlowAfter: 5,
  subjectMs: 60 * 60_000,
  slowBaseMs: 60_000,
  slowMaxMs: 30 * 60_000,
  requestsPerSource: 30,
  requestsPerSubjectHere: 3,
  codesPerMember: 10,
};

export type LoginVerdict = { allowed: true; left: number } | { allowed: false; why: 'locked' | 'slow'; retryAt: Date };

/**
 * Whether a code typed from this address is checked at all. A waiting address is refused even the right
 * code, so guessing is never confirmed by a success; `known` is an address the member logged in from
 * before, which the member-wide slowdown does not hold back.
 */
export function loginVerdict(
  f: { source: readonly Date[]; subjectHere: readonly Date[]; subject: readonly Date[] },
  known: boolean,
  now: Date,
  p: LoginPolicy = defaultLoginPolicy,
): LoginVerdict {
  for (const [dates, max, ms] of [
    [f.source, p.sourceMax, p.sourceMs],
    [f.subjectHere, p.subjectHereMax, p.subjectMs],
  ] as const) {
    const lock = bindLock(dates, now, max, ms);
    if (lock.locked) return { allowed: false, why: 'locked', retryAt: lock.retryAt! };
  }
  const recent = f.subject
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - p.subjectMs)
    .sort((a, b) => b - a);
  if (!known && recent.length >= p.subjectSlowAfter) {
    const wait = Math.min(p.slowMaxMs, p.slowBaseMs * 2 ** (recent.length - p.subjectSlowAfter));
    const until = recent[0]! + wait;
    if (until > now.getTime()) return { allowed: false, why: 'slow', retryAt: new Date(until) };
  }
  const inWindow = (ds: readonly Date[], ms: number) => ds.filter((d) => d.getTime() > now.getTime() - ms).length;
  return {
    allowed: true,
    left: Math.min(
      p.sourceMax - inWindow(f.source, p.sourceMs),
      p.subjectHereMax - inWindow(f.subjectHere, p.subjectMs),
    ),
  };
}
