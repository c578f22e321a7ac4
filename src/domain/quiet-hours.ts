import { atLocal, localParts } from './local-time.js';

/** 21:00–07:00 village time nobody's phone should buzz for something that can wait. */
export const QUIET_FROM = 21;
export const QUIET_UNTIL = 7;

/** A village's quiet hours (its settings: roster file or desk); the defaults when it set none. */
export interface QuietHours {
  timezone: string;
  from?: number | null;
  until?: number | null;
}

export function quietHoursOf(village: {
  timezone: string;
  quietFrom?: number | null;
  quietUntil?: number | null;
}): QuietHours {
  return { timezone: village.timezone, from: village.quietFrom ?? null, until: village.quietUntil ?? null };
}

/**
 * When a non-urgent message to a resident may be delivered: now, or the end of the quiet hours (07:00
 * the next morning by default). Quiet hours may run over midnight (21–7) or not (0–6); from = until means none.
 */
export function deliverableAt(now: Date, quiet: string | QuietHours): Date {
  const q = typeof quiet === 'string' ? { timezone: quiet } : quiet;
  const from = q.from ?? QUIET_FROM;
  const until = q.until ?? QUIET_UNTIL;
  if (from === until) return now;
  const p = localParts(now, q.timezone);
  const quietNow = from > until ? p.hour >= from || p.hour < until : p.hour >= from && p.hour < until;
  if (!quietNow) return now;
  // The end is today when it is still ahead of us (before midnight for a 0–6 window, after it for 21–7).
  return p.hour < until
    ? atLocal(q.timezone, p.year, p.month, p.day, until)
    : atLocal(q.timezone, p.year, p.month, p.day + 1, until);
}

/** When the quiet hours `at` lies in began, or null when `at` is not in quiet hours. */
export function quietStartOf(at: Date, quiet: string | QuietHours): Date | null {
  const q = typeof quiet === 'string' ? { timezone: quiet } : quiet;
  const from = q.from ?? QUIET_FROM;
  const until = q.until ?? QUIET_UNTIL;
  if (deliverableAt(at, q).getTime() === at.getTime()) return null;
  const p = localParts(at, q.timezone);
  // Over midnight (21–7), the small hours belong to the quiet hours that began the evening before.
  return from > until && p.hour < until
    ? atLocal(q.timezone, p.year, p.month, p.day - 1, from)
    : atLocal(q.timezone, p.year, p.month, p.day, from);
}
