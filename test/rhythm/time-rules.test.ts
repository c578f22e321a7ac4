import { describe, expect, it } from 'vitest';
import { deadlinesFor, reminderAt } from '../../src/domain/deadlines.js';
import { atLocal } from '../../src/domain/local-time.js';
import { deliverableAt } from '../../src/domain/quiet-hours.js';
import { daysUntil, nextSessionDate, sessionDateIn, sessionMoments } from '../../src/domain/say-things.js';

const tz = 'Asia/Shanghai';
const at = (y: number, m: number, d: number, h = 0, min = 0) => atLocal(tz, y, m, d, h, min);

describe('say-things day dates', () => {
  it('holds day 31 on the last day of shorter months, February included', () => {
    expect(sessionDateIn(2026, 4, 31)).toBe('2026-04-30');
    expect(sessionDateIn(2026, 2, 31)).toBe('2026-02-28');
    expect(sessionDateIn(2028, 2, 30)).toBe('2028-02-29');
    expect(sessionDateIn(2026, 1, 31)).toBe('2026-01-31');
  });

  it("is this month's day until it has passed, then next month's, across the year end", () => {
    expect(nextSessionDate(at(2026, 11, 21, 9), tz, 10)).toBe('2026-12-10');
    expect(nextSessionDate(at(2026, 12, 10, 23, 59), tz, 10)).toBe('2026-12-10');
    expect(nextSessionDate(at(2026, 12, 11, 0, 0), tz, 10)).toBe('2027-01-10');
    expect(nextSessionDate(at(2026, 1, 31, 12), tz, 31)).toBe('2026-01-31');
    expect(nextSessionDate(at(2026, 2, 1, 12), tz, 31)).toBe('2026-02-28');
  });

  it('uses the village time zone, not UTC, for "today"', () => {
    // 2026-12-10 17:30 UTC is already 11 December in 磁县.
    expect(nextSessionDate(new Date(Date.UTC(2026, 11, 10, 17, 30)), tz, 10)).toBe('2027-01-10');
  });

  it('places reminders, agenda and carry-over at local times, across a month end', () => {
    const m = sessionMoments('2026-03-01', tz, 3, 8);
    expect(m.reminderBefore).toEqual(at(2026, 2, 26, 8));
    expect(m.reminderOnDay).toEqual(at(2026, 3, 1, 8));
    expect(m.agenda).toEqual(at(2026, 2, 28, 18));
    expect(m.dayOver).toEqual(at(2026, 3, 2, 0));
  });
});

describe('how far the day is, as the reminder says it', () => {
  it('counts whole days in village time from when the reminder is read, whatever lead was set', () => {
    const tz = 'Asia/Shanghai';
    expect(daysUntil(atLocal(tz, 2026, 12, 7, 8), tz, '2026-12-10')).toBe(3);
    // Read on the 8th or the 9th: 2 and 1, not the lead of 3.
    expect(daysUntil(atLocal(tz, 2026, 12, 8, 23), tz, '2026-12-10')).toBe(2);
    expect(daysUntil(atLocal(tz, 2026, 12, 9, 0), tz, '2026-12-10')).toBe(1);
    expect(daysUntil(atLocal(tz, 2026, 12, 30, 8), tz, '2027-01-10')).toBe(11);
  });
});

describe('deadlines', () => {
  it('gives an urgent hazard two hours to be accepted', () => {
    expect(deadlinesFor('hazard', 'urgent', at(2026, 11, 21, 10), tz).acceptBy).toEqual(at(2026, 11, 21, 12));
  });

  it('wants ordinary matters accepted the same day (不过夜): by 20:00, or within 12 h when reported in the evening', () => {
    expect(deadlinesFor('repair', 'normal', at(2026, 11, 21, 9, 15), tz)).toEqual({
      acceptBy: at(2026, 11, 21, 20),
      resolveBy: at(2026, 11, 28, 9, 15),
    });
    expect(deadlinesFor('help', 'normal', at(2026, 11, 21, 19, 30), tz).acceptBy).toEqual(at(2026, 11, 22, 7, 30));
    expect(deadlinesFor('inquiry', 'normal', at(2026, 11, 21, 2), tz).acceptBy).toEqual(at(2026, 11, 21, 14));
  });

  it('gives disputes a day to accept and fifteen to resolve; say-things topics have no clock', () => {
    expect(deadlinesFor('dispute', 'normal', at(2026, 11, 21, 10), tz)).toEqual({
      acceptBy: at(2026, 11, 22, 10),
      resolveBy: at(2026, 12, 6, 10),
    });
    expect(deadlinesFor('say_things', 'normal', at(2026, 11, 21, 10), tz)).toEqual({ acceptBy: null, resolveBy: null });
  });

  it('reminds a quarter of the window before, at most an hour', () => {
    expect(reminderAt(at(2026, 11, 21, 10), at(2026, 11, 21, 12))).toEqual(at(2026, 11, 21, 11, 30));
    expect(reminderAt(at(2026, 11, 21, 9), at(2026, 11, 21, 20))).toEqual(at(2026, 11, 21, 19));
  });

  it("never falls inside the village's quiet hours: a deadline there moves to their end; urgent matters keep their clock", () => {
    // Reported at 17:40: twelve hours would end at 05:40, while the village sleeps (21–7).
    const evening = deadlinesFor('repair', 'normal', at(2026, 11, 21, 17, 40), tz);
    expect(evening.acceptBy).toEqual(at(2026, 11, 22, 7));
    expect(deliverableAt(evening.acceptBy!, tz)).toEqual(evening.acceptBy);
    // The village's own hours (22–6) are the ones that count.
    expect(
      deadlinesFor('repair', 'normal', at(2026, 11, 21, 17, 40), { timezone: tz, from: 22, until: 6 }).acceptBy,
    ).toEqual(at(2026, 11, 22, 6));
    expect(
      deadlinesFor('repair', 'normal', at(2026, 11, 21, 17, 40), { timezone: tz, from: 22, until: 5 }).acceptBy,
    ).toEqual(at(2026, 11, 22, 5, 40));
    // A resolve-by a week after a 22:30 report, and a dispute's day: moved out of the night too.
    expect(deadlinesFor('repair', 'normal', at(2026, 11, 21, 22, 30), tz).resolveBy).toEqual(at(2026, 11, 29, 7));
    expect(deadlinesFor('dispute', 'normal', at(2026, 11, 21, 23), tz).acceptBy).toEqual(at(2026, 11, 23, 7));
    expect(deadlinesFor('hazard', 'urgent', at(2026, 11, 21, 23), tz).acceptBy).toEqual(at(2026, 11, 22, 1));
    // Every hour and minute of a day gives an ordinary deadline outside the quiet hours.
    for (let m = 0; m < 24 * 60; m += 10) {
      const due = deadlinesFor('help', 'normal', at(2026, 11, 21, Math.floor(m / 60), m % 60), tz);
      expect(deliverableAt(due.acceptBy!, tz)).toEqual(due.acceptBy);
      expect(deliverableAt(due.resolveBy!, tz)).toEqual(due.resolveBy);
    }
  });

  it('does not wake the assignee for a reminder: one due in quiet hours comes before they begin', () => {
    // 17:40 report, due 07:00: not 06:00, but an hour before 21:00.
    expect(reminderAt(at(2026, 11, 21, 17, 40), at(2026, 11, 22, 7), tz)).toEqual(at(2026, 11, 21, 20));
    // Assigned after that moment (20:30): the fresh card is the reminder; none before the deadline.
    expect(reminderAt(at(2026, 11, 21, 20, 30), at(2026, 11, 22, 8, 30), tz)).toEqual(at(2026, 11, 22, 7, 30));
    expect(reminderAt(at(2026, 11, 21, 20, 50), at(2026, 11, 22, 7), tz)).toEqual(at(2026, 11, 22, 7));
    expect(reminderAt(at(2026, 11, 21, 9), at(2026, 11, 21, 20), tz)).toEqual(at(2026, 11, 21, 19));
  });
});

describe('quiet hours', () => {
  it('holds non-urgent messages from 21:00 to 07:00 village time', () => {
    expect(deliverableAt(at(2026, 11, 21, 20, 59), tz)).toEqual(at(2026, 11, 21, 20, 59));
    expect(deliverableAt(at(2026, 11, 21, 21, 0), tz)).toEqual(at(2026, 11, 22, 7));
    expect(deliverableAt(at(2026, 11, 30, 23, 30), tz)).toEqual(at(2026, 12, 1, 7));
    expect(deliverableAt(at(2026, 12, 31, 22), tz)).toEqual(at(2027, 1, 1, 7));
    expect(deliverableAt(at(2026, 11, 22, 6, 59), tz)).toEqual(at(2026, 11, 22, 7));
    expect(deliverableAt(at(2026, 11, 22, 7, 0), tz)).toEqual(at(2026, 11, 22, 7));
  });

  it("follows a village's own hours: over midnight, within a day, or none", () => {
    const late = { timezone: tz, from: 22, until: 6 };
    expect(deliverableAt(at(2026, 11, 21, 21, 30), late)).toEqual(at(2026, 11, 21, 21, 30));
    expect(deliverableAt(at(2026, 11, 21, 22, 0), late)).toEqual(at(2026, 11, 22, 6));
    expect(deliverableAt(at(2026, 11, 22, 5, 59), late)).toEqual(at(2026, 11, 22, 6));
    const night = { timezone: tz, from: 0, until: 6 };
    expect(deliverableAt(at(2026, 11, 21, 23, 30), night)).toEqual(at(2026, 11, 21, 23, 30));
    expect(deliverableAt(at(2026, 11, 22, 3, 0), night)).toEqual(at(2026, 11, 22, 6));
    expect(deliverableAt(at(2026, 11, 22, 3, 0), { timezone: tz, from: 5, until: 5 })).toEqual(at(2026, 11, 22, 3, 0));
  });
});
