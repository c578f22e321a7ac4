/**
 * A village whose codes follow none of the demo's patterns (no h-0301, l-03, md-01): `bh-h2`, `zhang-3`,
 * `wang-li`. Two members share each of the names 李海生, 王丽 and 赵强 (王丽 and 赵强 are all mediators), so a
 * name alone is several people; households' heads share the surname 杨. A second village holds the
 * household coded `bh-h2`, which is nobody's name in the first.
 */
export const oddVillage = {
  village: { code: 'liutang', name: '柳塘村', town: '磁州镇', county: '磁县' },
  members: [
    { code: 'sec.liu', name: '刘春华', roles: ['secretary'], bindCode: '810001' },
    { code: 'guo.cs', name: '郭长顺', roles: ['mediator'], bindCode: '810101' },
    { code: 'mgz', name: '孟桂芝', roles: ['mediator'], bindCode: '810102' },
    { code: 'lhs-a', name: '李海生', roles: ['group_leader'], bindCode: '810201' },
    { code: 'li.hs', name: '李海生', roles: ['group_leader'], bindCode: '810202' },
    { code: 'wang-li', name: '王丽', roles: ['group_leader', 'mediator'], bindCode: '810203' },
    { code: 'wl.b', name: '王丽', roles: ['group_leader', 'mediator'], bindCode: '810204' },
    { code: 'zq-1', name: '赵强', roles: ['group_leader', 'mediator'], bindCode: '810205' },
    { code: 'zhao.q', name: '赵强', roles: ['group_leader', 'mediator'], bindCode: '810206' },
  ],
  groups: [
    { code: 'yi', name: '第一互助组', leader: 'lhs-a', deputy: 'wang-li' },
    { code: 'er', name: '第二互助组', leader: 'li.hs', deputy: 'wl.b' },
    { code: 'san', name: '第三互助组', leader: 'zq-1' },
    { code: 'si', name: '第四互助组', leader: 'zhao.q' },
  ],
  households: [
    { code: 'zhang-3', group: 'yi', head: '张建国', address: '一组1号', bindCode: 'LT0101' },
    { code: 'yang.2', group: 'yi', head: '杨志强', address: '一组2号', bindCode: 'LT0102' },
    { code: 'y9', group: 'er', head: '杨桂英', address: '二组1号', bindCode: 'LT0201' },
  ],
};

export const otherVillage = {
  village: { code: 'beihe2', name: '北河村', town: '磁州镇', county: '磁县' },
  members: [{ code: 'bs', name: '北河书记', roles: ['secretary'], bindCode: '890001' }],
  groups: [{ code: 'b1', name: '北河一组', leader: 'bs' }],
  households: [{ code: 'bh-h2', group: 'b1', head: '北河住户', address: '北河一组2号', bindCode: 'BH0102' }],
};

/** Every internal code of the odd village: none may appear in what a person reads. */
export const oddCodes = [
  ...oddVillage.members.map((m) => m.code),
  ...oddVillage.households.map((x) => x.code),
  'bh-h2',
];
