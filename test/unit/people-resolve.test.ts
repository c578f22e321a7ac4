import { describe, expect, it } from 'vitest';
import { parseCallback, parseCommand, textFormOfButton } from '../../src/domain/commands.js';
import {
  byId,
  byIds,
  fold,
  resolveHousehold,
  resolveMember,
  splitPeople,
  type VillageRoster,
} from '../../src/domain/people.resolve.js';

// Codes on purpose unlike the demo's (no `h-0301`, `l-03`): only the roster says what a code is.
const roster: VillageRoster = {
  groups: [
    { id: 1, code: 'east', name: '第一互助组', leaderId: 10, deputyId: 11 },
    { id: 2, code: 'bh', name: '第二互助组', leaderId: 12, deputyId: null },
    { id: 5, code: 'west5', name: '第五互助组', leaderId: 13, deputyId: 14 },
  ],
  members: [
    { id: 10, code: 'm.zhao', name: '赵德福', roles: ['group_leader'], bindCode: '810001', active: true },
    { id: 11, code: 'm.wang', name: '王二虎', roles: ['group_leader'], bindCode: '810002', active: true },
    { id: 12, code: 'lhs-a', name: '李海生', roles: ['group_leader'], bindCode: '810003', active: true },
    { id: 13, code: 'x9', name: '孙长河', roles: ['group_leader'], bindCode: '810004', active: true },
    { id: 14, code: 'lhs-b', name: '李海生', roles: ['group_leader', 'mediator'], bindCode: '810005', active: true },
    { id: 15, code: 'm.guo', name: '郭长顺', roles: ['mediator'], bindCode: '810006', active: true },
    { id: 16, code: 'gone', name: '郭长林', roles: ['mediator'], bindCode: '810007', active: false },
  ],
  households: [
    { id: 100, code: 'bh-h2', head: '齐秀英', address: '一组2号', groupId: 1 },
    { id: 101, code: 'zhang-3', head: '杨志强', address: '三组1号', groupId: 2 },
    { id: 102, code: 'zz', head: '杨志强', address: '二组7号', groupId: 2 },
    { id: 103, code: 'wgl', head: '王桂兰', address: '二组3号', groupId: 2 },
  ],
};

const one = (r: ReturnType<typeof resolveMember> | ReturnType<typeof resolveHousehold>) =>
  r.kind === 'one' ? r.item.id : r.kind;

describe('who a person means', () => {
  it('folds numerals and full-width forms the way people write addresses', () => {
    expect(fold('一组2号')).toBe('1组2号');
    expect(fold('１组２号')).toBe('1组2号');
    expect(fold('三组一号')).toBe('3组1号');
    expect(fold('第二互助组')).toBe('2组');
  });

  it('finds a member by code, by name, and by name with group or place', () => {
    expect(one(resolveMember(roster, 'm.guo'))).toBe(15);
    expect(one(resolveMember(roster, 'M.GUO'))).toBe(15);
    expect(one(resolveMember(roster, '郭长顺'))).toBe(15);
    expect(one(resolveMember(roster, '二组 李海生'))).toBe(12);
    expect(one(resolveMember(roster, '李海生（五组，副组长）'))).toBe(14);
    expect(one(resolveMember(roster, '五组李海生'))).toBe(14);
    expect(one(resolveMember(roster, byId(12)))).toBe(12);
  });

  it('several of one name are several, unless only one may do the thing', () => {
    const r = resolveMember(roster, '李海生');
    expect(r.kind === 'many' && r.items.map((m) => m.id)).toEqual([12, 14]);
    expect(one(resolveMember(roster, '李海生', (m) => m.roles.includes('mediator')))).toBe(14);
  });

  it('nobody: says who is close, never an inactive member', () => {
    const r = resolveMember(roster, '郭长林');
    expect(r.kind).toBe('none');
    expect(r.kind === 'none' && r.close.map((m) => m.id)).toEqual([15]);
    expect(resolveMember(roster, 'bh-h2').kind).toBe('none');
  });

  it('finds a household by code, address as people say it, head, or both', () => {
    expect(one(resolveHousehold(roster, 'bh-h2'))).toBe(100);
    expect(one(resolveHousehold(roster, '一组2号'))).toBe(100);
    expect(one(resolveHousehold(roster, '1组2号'))).toBe(100);
    expect(one(resolveHousehold(roster, '三组1号 杨志强家'))).toBe(101);
    expect(one(resolveHousehold(roster, '三组1号杨志强家'))).toBe(101);
    expect(one(resolveHousehold(roster, '二组 王桂兰'))).toBe(103);
    expect(resolveHousehold(roster, '杨志强家').kind).toBe('many');
    expect(resolveHousehold(roster, '九组9号').kind).toBe('none');
  });

  it('splits several people typed in one line, keeping a group with its name', () => {
    expect(splitPeople(roster, '郭长顺 五组 李海生')).toEqual(['郭长顺', '五组 李海生']);
    expect(splitPeople(roster, '李海生（五组，副组长） 郭长顺').map((p) => one(resolveMember(roster, p)))).toEqual([
      14, 15,
    ]);
    expect(splitPeople(roster, 'm.guo lhs-a')).toEqual(['m.guo', 'lhs-a']);
  });
});

describe('buttons that name a person carry the row id, and type back as the label', () => {
  const arg = { note: '内容', resolve: '处理结果', member: '姓名' };
  it('parses them', () => {
    expect(parseCallback('trf:12:~45')).toEqual({ type: 'transfer', ref: 12, memberCode: '~45' });
    expect(parseCallback('ta:12:~45')).toEqual({ type: 'topic_assign', ref: 12, memberCode: '~45' });
    expect(parseCallback('bc:~45')).toEqual({
      type: 'decide_binding',
      decision: 'confirm',
      requestId: null,
      memberCode: '~45',
    });
    expect(parseCallback('mdp:12:~4,~5')).toEqual({ type: 'med_preside', ref: 12, memberCodes: ['~4', '~5'] });
    expect(parseCallback('mdh:12:~7')).toEqual({ type: 'med_party', ref: 12, party: '~7' });
    // A name several share, still to be asked after the one chosen, rides along as the rows to choose from.
    expect(parseCallback('mdp:12:~4,~12|~14')).toEqual({
      type: 'med_preside',
      ref: 12,
      memberCodes: ['~4', '~12|~14'],
    });
    expect(parseCallback('mdq:12:~7')).toBeNull();
    expect(parseCallback('ip:3:~7:同意')).toEqual({
      type: 'deliberation',
      action: { move: 'in_person', id: 3, household: '~7', option: '同意' },
    });
  });
  it('WeChat shows the words to type, never the id', () => {
    expect(textFormOfButton({ label: '李海生（五组，副组长）', data: 'trf:12:~45' }, true, arg)).toBe(
      '转派 #12 李海生（五组，副组长）',
    );
    expect(textFormOfButton({ label: '杨志强家（三组1号）', data: 'mdh:12:~7' }, true, arg)).toBe(
      '对方 #12 杨志强家（三组1号）',
    );
    expect(textFormOfButton({ label: '吴永红（一组，组长）', data: 'ta:12:~45' }, true, arg)).toBe(
      '说事 #12 转办 吴永红（一组，组长）',
    );
    expect(textFormOfButton({ label: '杨志强家（三组1号）', data: 'ip:3:~7:同意' }, true, arg)).toBe(
      '议事 D3 代投 杨志强家（三组1号） 同意',
    );
  });
  it('rows still to choose from are several again; one left is that one', () => {
    const r = resolveMember(roster, byIds([12, 14]));
    expect(r.kind === 'many' && r.items.map((m) => m.id)).toEqual([12, 14]);
    expect(one(resolveMember(roster, byIds([14, 99])))).toBe(14);
    expect(one(resolveMember(roster, byIds([98, 99])))).toBe('none');
    expect(one(resolveMember(roster, '~12|李海生'))).toBe('none');
  });
  it('what WeChat shows resolves to the same person', () => {
    expect(one(resolveMember(roster, '李海生（五组，副组长）'))).toBe(14);
    expect(parseCommand('转派 #12 二组 李海生')).toEqual({ type: 'transfer', ref: 12, memberCode: '二组 李海生' });
    expect(parseCommand('说事 #12 转办 五组 李海生')).toEqual({
      type: 'topic_assign',
      ref: 12,
      memberCode: '五组 李海生',
    });
    expect(parseCommand('议事 D3 代投 三组1号 杨志强家 同意')).toEqual({
      type: 'deliberation',
      action: { move: 'in_person', id: 3, household: '三组1号 杨志强家', option: '同意' },
    });
  });
});
