import { describe, expect, it } from 'vitest';
import type { MemberRow, VillageRow } from '../../src/data/people.repository.js';
import { scopeOf } from '../../src/desk/desk.session.js';

const village = { id: 7, town: '磁州镇', county: '磁县' } as VillageRow;
const member = (roles: string[]) => ({ id: 1, roles }) as unknown as MemberRow;

describe("the scope a desk login gets from the member's roles", () => {
  it('the widest role decides', () => {
    expect(scopeOf(member(['group_leader']), village, [3, 4])).toEqual({
      kind: 'groups',
      villageId: 7,
      groupIds: [3, 4],
    });
    expect(scopeOf(member(['group_leader', 'secretary']), village, [3])).toEqual({ kind: 'village', villageId: 7 });
    expect(scopeOf(member(['mediator']), village, [])).toEqual({ kind: 'village', villageId: 7 });
    expect(scopeOf(member(['town_staff']), village, [])).toEqual({ kind: 'town', town: '磁州镇' });
    expect(scopeOf(member(['town_staff', 'county_staff']), village, [])).toEqual({ kind: 'county', county: '磁县' });
  });

  it('town or county staff of a roster without a town or county see their own village, never everything', () => {
    const bare = { id: 9, town: null, county: null } as VillageRow;
    expect(scopeOf(member(['town_staff']), bare, [])).toEqual({ kind: 'village', villageId: 9 });
    expect(scopeOf(member(['county_staff']), bare, [])).toEqual({ kind: 'village', villageId: 9 });
  });

  it('a group leader with no group sees no group', () => {
    expect(scopeOf(member(['group_leader']), village, [])).toEqual({ kind: 'groups', villageId: 7, groupIds: [] });
  });
});
