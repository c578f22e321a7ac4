import type { RequestKind, Urgency } from './classification.js';
import { atLocal, localParts } from './local-time.js';

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

/** Say-things topics and proposals have no clock: they are taken up at the next say-things day. */
export function deadlinesFor(kind: RequestKind, urgency: Urgency, from: Date, timezone: string, sla: SlaPolicy = defaultSla): Deadlines {
  if (kind === 'say_things' || kind === 'proposal' || kind === 'other') return { acceptBy: null, resolveBy: null };
  const after = (ms: number) => new Date(from.getTime() + ms);
  if (urgency === 'urgent') return { acceptBy: after(sla.urgentAcceptMs), resolveBy: after(sla.urgentResolveMs) };
  if (kind === 'dispute') return { acceptBy: after(sla.disputeAcceptMs), resolveBy: after(sla.disputeResolveMs) };
  const p = localParts(from, timezone);
  const acceptBy = p.hour >= sla.eveningFrom || p.hour < 6
    ? after(sla.eveningAcceptMs)
    : atLocal(timezone, p.year, p.month, p.day, sla.sameDayBy);
  return { acceptBy, resolveBy: after(sla.ordinaryResolveMs) };
}

/** The assignee is reminded a quarter of the window (at most an hour) before the deadline. */
export function reminderAt(assignedAt: Date, due: Date): Date {
  const lead = Math.min(HOUR, (due.getTime() - assignedAt.getTime()) / 4);
  return new Date(due.getTime() - lead);
}

