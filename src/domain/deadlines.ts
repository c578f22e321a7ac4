import type { RequestKind, Urgency } from './classification.js';
import { atLocal, localParts } from './local-time.js';
import { deliverableAt, type QuietHours, quietStartOf } from './quiet-hours.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Response windows, configurable per deployment; "不过夜": ordinary matters are accepted the same day. */
export interface SlaPolicy {
  urgentAcceptMs: number;
  urgentResolveMs: number;
  /** Same-day acceptance: by this local hour… */
  sameDayBy: number;
  /** …unless reported from this local hour on, then within eveningAcceptMs. */
  eveningFrom: number;
  eveningAcceptMs: number;
  ordinaryResolveMs: number;
  disputeAcceptMs: number;
  disputeResolveMs: number;
}

export const defaultSla: SlaPolicy = {
  urgentAcceptMs: 2 * HOUR,
  urgentResolveMs: 1 * DAY,
  sameDayBy: 20,
  eveningFrom: 17,
  eveningAcceptMs: 12 * HOUR,
  ordinaryResolveMs: 7 * DAY,
  disputeAcceptMs: 1 * DAY,
  disputeResolveMs: 15 * DAY,
};

export interface Deadlines {
  acceptBy: Date | null;
  resolveBy: Date | null;
}

/**
 * Say-things topics and proposals have no clock: they are taken up at the next say-things day.
 * `village` is its time zone, or its quiet hours (the village's settings; a bare time zone means the
 * default 21–7). Deadlines run in the village's working time: one that would fall inside its quiet
 * hours (a 12-hour window from 17:40 ends at 05:40) moves to their end (07:00), since nobody is asked
 * to act, or is blamed for not acting, while the village sleeps. Urgent matters keep their clock.
 */
export function deadlinesFor(
  kind: RequestKind,
  urgency: Urgency,
  from: Date,
  village: string | QuietHours,
  sla: SlaPolicy = defaultSla,
): Deadlines {
  if (kind === 'say_things' || kind === 'proposal' || kind === 'other') return { acceptBy: null, resolveBy: null };
  const after = (ms: number) => new Date(from.getTime() + ms);
  if (urgency === 'urgent') return { acceptBy: after(sla.urgentAcceptMs), resolveBy: after(sla.urgentResolveMs) };
  const working = (d: Date) => deliverableAt(d, village);
  if (kind === 'dispute')
    return { acceptBy: working(after(sla.disputeAcceptMs)), resolveBy: working(after(sla.disputeResolveMs)) };
  const timezone = typeof village === 'string' ? village : village.timezone;
  const p = localParts(from, timezone);
  const acceptBy =
    p.hour >= sla.eveningFrom || p.hour < 6
      ? after(sla.eveningAcceptMs)
      : atLocal(timezone, p.year, p.month, p.day, sla.sameDayBy);
  return { acceptBy: working(acceptBy), resolveBy: working(after(sla.ordinaryResolveMs)) };
}

/**
 * The assignee is reminded a quarter of the window (at most an hour) before the deadline. Given the
 * village's quiet hours, a reminder that would wake someone (06:00 for a 07:00 deadline) comes the
 * same lead before the quiet hours begin instead; when that is before the request was even assigned,
 * its fresh card is reminder enough and none comes before the deadline.
 */
export function reminderAt(assignedAt: Date, due: Date, quiet?: string | QuietHours): Date {
  const lead = Math.min(HOUR, (due.getTime() - assignedAt.getTime()) / 4);
  const at = new Date(due.getTime() - lead);
  const start = quiet ? quietStartOf(at, quiet) : null;
  if (!start) return at;
  const early = new Date(start.getTime() - lead);
  return early > assignedAt ? early : due;
}
