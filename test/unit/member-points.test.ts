import { describe, expect, it } from 'vitest';
import { parseCallback, parseCommand, textFormOfButton } from '../../src/domain/commands.js';
import { defaultPoints, pointsTable, quarterOf, quarterRange, starsOf } from '../../src/domain/member-points.js';

const arg = { note: '内容', resolve: '结果', member: '成员' };

describe('党员积分 and 星级 rules', () => {
  it("puts an instant in the village's quarter, and a quarter between its two first days", () => {
    // 2026-12-31 17:00 UTC is already 2027-01-01 01:00 in Shanghai.
    expect(quarterOf(new Date('2026-12-31T17:00:00Z'), 'Asia/Shanghai')).toBe('2027-Q1');
    expect(quarterOf(new Date('2026-12-31T15:00:00Z'), 'Asia/Shanghai')).toBe('2026-Q4');
    const q = quarterRange('2026-Q4', 'Asia/Shanghai');
    expect(q.from.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(q.to.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it("takes the village's own points where set and the defaults elsewhere; visit has a key of its own", () => {
    expect(
      pointsTable([
        { rule: 'resolved', points: 5 },
        { rule: 'unknown', points: 9 },
      ]),
    ).toEqual({ ...defaultPoints, resolved: 5 });
    expect(defaultPoints.visit).toBeGreaterThan(0);
  });

  it('gives stars from points against the best and from ratings, and none to a member with neither', () => {
    const none = { satisfied: 0, basic: 0, unsatisfied: 0 };
    const stars = starsOf([
      { memberId: 1, points: 20, ratings: { satisfied: 4, basic: 0, unsatisfied: 0 } },
      { memberId: 2, points: 10, ratings: { satisfied: 0, basic: 2, unsatisfied: 0 } },
      { memberId: 3, points: 0, ratings: { satisfied: 0, basic: 0, unsatisfied: 3 } },
      { memberId: 4, points: 0, ratings: none },
    ]);
    expect([...stars.entries()]).toEqual([
      [1, 5],
      [2, 3],
      [3, 1],
      [4, null],
    ]);
  });

  it("reads the round's buttons and typed forms, and WeChat shows the typed form for a button", () => {
    expect(parseCallback('mr:3:12:2')).toEqual({ type: 'rate_member', round: 3, memberId: 12, rating: 'basic' });
    expect(parseCallback('mr:3:12:9')).toBeNull();
    expect(parseCommand('评党员 R3-12 满意')).toEqual({
      type: 'rate_member',
      round: 3,
      memberId: 12,
      rating: 'satisfied',
    });
    expect(parseCommand('群众评党员')).toEqual({ type: 'open_rating_round' });
    // A word that names something on every object is no rating.
    expect(parseCommand('评党员 R3-12 constructor')).not.toMatchObject({ type: 'rate_member' });
    expect(textFormOfButton({ label: '不满意', data: 'mr:3:12:3' }, true, arg)).toBe('评党员 R3-12 3');
    expect(parseCommand(textFormOfButton({ label: '不满意', data: 'mr:3:12:3' }, true, arg))).toEqual({
      type: 'rate_member',
      round: 3,
      memberId: 12,
      rating: 'unsatisfied',
    });
  });
});
