import { atLocal, localParts } from './local-time.js';

/** 21:00–07:00 village time nobody's phone should buzz for something that can wait. */
export const QUIET_FROM = 21;
export const QUIET_UNTIL = 7;

/** When a non-urgent message to a resident may be delivered: now, or 07:00 the next morning. */
export function deliverableAt(now: Date, timezone: string): Date {
  const p = localParts(now, timezone);
  if (p.hour >= QUIET_UNTIL && p.hour < QUIET_FROM) return now;
  const morning = atLocal(timezone, p.year, p.month, p.day, QUIET_UNTIL);
  return p.hour < QUIET_UNTIL ? morning : new Date(atLocal(timezone, p.year, p.month, p.day + 1, QUIET_UNTIL).getTime());
}
