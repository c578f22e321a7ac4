import { addDays, atLocal, daysInMonth, isoDate, localParts } from './local-time.js';

/**
 * A village's say-things day is a day of the month (the 10th in 王店镇, the 15th in 古县). A month
 * shorter than that day holds it on its last day, so February still has one.
 */
export function sessionDateIn(year: number, month: number, day: number): string {
  return isoDate(year, month, Math.min(day, daysInMonth(year, month)));
}

/** The next session on or after today (village time): today's session is still "next" all day. */
/** The session a month after the one on `date` (YYYY-MM-DD): where a topic carried over by hand goes. */
export function followingSessionDate(date: string, day: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 12 ? sessionDateIn(y + 1, 1, day) : sessionDateIn(y, m + 1, day);
}

export function nextSessionDate(now: Date, timezone: string, day: number): string {
  const p = localParts(now, timezone);
  const thisMonth = sessionDateIn(p.year, p.month, day);
  if (thisMonth >= isoDate(p.year, p.month, p.day)) return thisMonth;
  const [y, m] = p.month === 12 ? [p.year + 1, 1] : [p.year, p.month + 1];
  return sessionDateIn(y, m, day);
}

export interface SessionMoments {
  /** Reminder N days before, at the reminder hour. */
  reminderBefore: Date;
  /** Reminder on the day, at the reminder hour. */
  reminderOnDay: Date;
  /** The agenda goes to the secretary at 18:00 the day before. */
  agenda: Date;
  /** After the day is over, open topics carry over to the next session. */
  dayOver: Date;
}

export function sessionMoments(date: string, timezone: string, daysBefore: number, hour: number): SessionMoments {
  const at = (d: string, h: number) => {
    const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
    return atLocal(timezone, y, m, dd, h);
  };
  return {
    reminderBefore: at(addDays(date, -daysBefore), hour),
    reminderOnDay: at(date, hour),
    agenda: at(addDays(date, -1), 18),
    dayOver: at(addDays(date, 1), 0),
  };
}

/** Whole days from `now`'s date (village time) to the session's: what a reminder says ("2 天后"), whatever lead was set. */
export function daysUntil(now: Date, timezone: string, date: string): number {
  const p = localParts(now, timezone);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(p.year, p.month - 1, p.day)) / 86_400_000);
}
