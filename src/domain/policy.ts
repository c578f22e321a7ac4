/**
 * Every time window of the village's practice, in one place. Response deadlines per kind are in
 * deadlines.ts (a deployment may override them); these are fixed by how the return visit and the
 * conversation work.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const policy = {
  /**
   * Work an instance claims (a stored message, an outbox batch) is leased for this long and the lease
   * renewed every `leaseRenewEveryMs` while the work goes on: a crashed instance's work is taken over
   * within seconds, a slow one's never.
   */
  leaseMs: 15_000,
  leaseRenewEveryMs: 5_000,
  /** An account's last use is written at most this often (its latest account gets a member's messages). */
  touchEveryMs: MINUTE,
  /** A question the bot asked is dropped, with a note, when nobody answers it within this. */
  draftTtlMs: 30 * MINUTE,
  /** A similar message from the same resident within this is a follow-up to their last report. */
  followUpWindowMs: 10 * MINUTE,
  /** Another household of the group reporting the same matter within this follows the first request. */
  sameMatterWindowMs: 14 * DAY,
  /** 回访: a resolved request not rated within this gets one more polite ask… */
  ratingReminderAfterMs: 1 * DAY,
  /** …and is closed as unrated after this. */
  closeUnratedAfterMs: 3 * DAY,
  /** A bare `1` may still re-rate a request rated within this. */
  reRateWindowMs: 1 * DAY,
  /** `重办 #12` is possible within this of closing. */
  reopenWindowMs: 7 * DAY,
} as const;

/** Whether `at` lies more than `windowMs` before `now`. */
export const olderThan = (at: Date, windowMs: number, now: Date): boolean => now.getTime() - at.getTime() > windowMs;
export const since = (now: Date, windowMs: number): Date => new Date(now.getTime() - windowMs);
