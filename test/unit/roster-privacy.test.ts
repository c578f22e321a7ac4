import { describe, expect, it } from 'vitest';
import { diffRoster } from '../../src/domain/roster.diff.js';
import { maskIdNumber, maskPhone, phoneFor } from '../../src/domain/roster.privacy.js';

describe('phones on the desk', () => {
  it('are masked to the first three and last four digits, short ones to the last four', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+8613812341234')).toBe('861****1234');
    expect(maskPhone('3101234')).toBe('***1234');
    expect(maskPhone(null)).toBeNull();
    expect(maskIdNumber('130427199001011234')).toBe('1304**********1234');
  });
  it("are read in full by the secretary and the household's own group leader only", () => {
    const h = { groupId: 3, phone: '13812341234' };
    expect(phoneFor({ secretary: true, ledGroupIds: [] }, h)).toBe('13812341234');
    expect(phoneFor({ secretary: false, ledGroupIds: [3] }, h)).toBe('13812341234');
    expect(phoneFor({ secretary: false, ledGroupIds: [1] }, h)).toBe('138****1234');
  });
});

describe('a roster file compared with what the village holds', () => {
  const held = {
    groups: [{ code: 'g1', name: '一组', leader: 'l-01', deputy: null }],
    households: [
      { code: 'h-01', group: 'g1', head: '赵大', address: '一组1号', phone: '13900001111' },
      { code: 'h-02', group: 'g1', head: '钱二', address: null, phone: null },
    ],
    members: [
      { code: 'l-01', name: '王组长', roles: ['group_leader' as const], away: false },
      { code: 'm-01', name: '老调解', roles: ['mediator' as const], away: false },
    ],
  };
  it('lists rows added, changed field by field, and removed; a phone left out is no change', () => {
    const d = diffRoster(held, {
      groups: [{ code: 'g1', name: '一组', leader: 'l-01' }],
      households: [
        { code: 'h-01', group: 'g1', head: '赵大', address: '一组1号' },
        { code: 'h-02', group: 'g1', head: '钱二', address: '一组2号', phone: '13900002222' },
        { code: 'h-03', group: 'g1', head: '孙三' },
      ],
      members: [{ code: 'l-01', name: '王组长', roles: ['group_leader', 'mediator'] }],
    });
    expect(d.households.added).toEqual([{ code: 'h-03', name: '孙三' }]);
    expect(d.households.changed).toEqual([
      {
        code: 'h-02',
        name: '钱二',
        changes: [
          { field: 'address', before: null, after: '一组2号' },
          { field: 'phone', before: null, after: '13900002222' },
        ],
      },
    ]);
    expect(d.members.changed).toEqual([
      {
        code: 'l-01',
        name: '王组长',
        changes: [{ field: 'roles', before: ['group_leader'], after: ['group_leader', 'mediator'] }],
      },
    ]);
    expect(d.members.removed).toEqual([{ code: 'm-01', name: '老调解' }]);
    expect(d.groups.changed).toEqual([]);
  });
});
