/**
 * Writes the demo village (modelled on 小营店村 in 磁县): 8 mutual-aid groups of ~50 households,
 * a branch secretary, three mediators, a leader and a deputy per group, one town contact.
 * Deterministic, so the cards printed in the README stay valid: `npm run demo:generate`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let seed = 20240310;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const surnames = ['王', '李', '张', '刘', '赵', '马', '孙', '杨', '陈', '吴', '郭', '董', '齐', '高', '周'];
const given = [
  '守仁',
  '长林',
  '丙辰',
  '凤芝',
  '秀英',
  '建国',
  '桂兰',
  '志强',
  '玉梅',
  '海生',
  '春花',
  '德福',
  '小军',
  '淑珍',
  '永红',
  '国庆',
  '翠萍',
  '二虎',
  '满仓',
  '红霞',
];
const groupNames = ['一', '二', '三', '四', '五', '六', '七', '八'];
const name = () => pick(surnames) + pick(given);

const members: object[] = [
  { code: 's-01', name: '韩守义', roles: ['secretary'], bindCode: '700001' },
  { code: 'md-01', name: '郭长顺', roles: ['mediator'], bindCode: '700101' },
  { code: 'md-02', name: '孟桂芝', roles: ['mediator'], bindCode: '700102' },
  { code: 'md-03', name: '史福来', roles: ['mediator'], bindCode: '700103' },
  { code: 't-01', name: '磁州镇综治中心', roles: ['town_staff'], bindCode: '700901' },
];
const groups: object[] = [];
const households: object[] = [];
const used = new Set<string>(['483920']);
const code6 = () => {
  for (;;) {
    const c = String(100000 + Math.floor(rand() * 599999));
    if (!used.has(c)) {
      used.add(c);
      return c;
    }
  }
};

groupNames.forEach((cn, gi) => {
  const g = gi + 1;
  members.push({ code: `l-0${g}`, name: name(), roles: ['group_leader'], bindCode: `70030${g}` });
  members.push({ code: `d-0${g}`, name: name(), roles: ['group_leader'], bindCode: `70040${g}` });
  groups.push({ code: `g${g}`, name: `第${cn}互助组`, leader: `l-0${g}`, deputy: `d-0${g}` });
  const count = 46 + Math.floor(rand() * 7);
  for (let h = 1; h <= count; h++) {
    const code = `h-${String(g).padStart(2, '0')}${String(h).padStart(2, '0')}`;
    households.push({
      code,
      group: `g${g}`,
      head: name(),
      address: `${cn}组${h}号`,
      bindCode: code === 'h-0301' ? '483920' : code6(),
    });
  }
});

const roster = {
  village: {
    code: 'xiaoyingdian',
    name: '小营店村',
    town: '磁州镇',
    county: '磁县',
    sayThingsDay: 10,
    timezone: 'Asia/Shanghai',
  },
  members,
  groups,
  households,
};
const out = fileURLToPath(new URL('./xiaoyingdian.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(roster, null, 1)}\n`);
console.log(`wrote ${out}: ${households.length} households in ${groups.length} groups, ${members.length} members`);
