import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeText, parseCommand } from '../../src/domain/commands.js';
import { pick } from './stats.js';

/** A simulated Telegram account: its user id is also its private chat id. */
export interface Person {
  userId: number;
  bindCode: string;
  kind: 'resident' | 'member';
  /** members: roster code (s-01, l-03 …); residents: household code. */
  code: string;
  village: number;
}

export interface Village {
  roster: Record<string, unknown>;
  residents: Person[];
  members: Person[];
}

export interface VillageOptions {
  villages: number;
  groups: number;
  /** Bound accounts per village; two accounts share a household (50 households per 100 residents). */
  residents: number;
  rand: () => number;
  /** The village's say-things day (default the 10th) and reminder hour (default the service's). */
  sayThingsDay?: number;
  reminderHour?: number;
  /** The villages' town and county (default 磁州镇, 磁县). */
  place?: { town: string; county: string };
  reminderDaysBefore?: number;
  /** Quiet hours, village time (equal: none); the service's default when absent. */
  quietFrom?: number;
  quietUntil?: number;
}

const surnames = ['王', '李', '张', '刘', '赵', '马', '孙', '杨', '陈', '吴', '郭', '董', '齐', '高', '周'];
const given = [
  '守仁',
  '长林',
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
  '二虎',
  '满仓',
];
const cn = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六'];

/**
 * Rosters in the format of db/demo/xiaoyingdian.json: per village a secretary, three mediators, a
 * town contact, a leader and a deputy per group, and residents/2 households spread over the groups.
 * Bind codes are unique across the deployment (`<village><serial>`), user ids are unique per person.
 */
export function generateVillages(opts: VillageOptions): Village[] {
  const out: Village[] = [];
  const name = () => pick(opts.rand, surnames) + pick(opts.rand, given);
  for (let v = 0; v < opts.villages; v++) {
    const prefix = String(11 + v);
    const members: Record<string, unknown>[] = [
      { code: 's-01', name: name(), roles: ['secretary'], bindCode: `${prefix}90001` },
      { code: 'md-01', name: name(), roles: ['mediator'], bindCode: `${prefix}90101` },
      { code: 'md-02', name: name(), roles: ['mediator'], bindCode: `${prefix}90102` },
      { code: 'md-03', name: name(), roles: ['mediator'], bindCode: `${prefix}90103` },
      { code: 't-01', name: '镇综治中心', roles: ['town_staff'], bindCode: `${prefix}90901` },
    ];
    const groups: Record<string, unknown>[] = [];
    for (let g = 1; g <= opts.groups; g++) {
      const gg = String(g).padStart(2, '0');
      members.push({ code: `l-${gg}`, name: name(), roles: ['group_leader'], bindCode: `${prefix}903${gg}` });
      members.push({ code: `d-${gg}`, name: name(), roles: ['group_leader'], bindCode: `${prefix}904${gg}` });
      groups.push({ code: `g${g}`, name: `第${cn[g - 1] ?? g}互助组`, leader: `l-${gg}`, deputy: `d-${gg}` });
    }
    const householdCount = Math.max(1, Math.ceil(opts.residents / 2));
    const households: Record<string, unknown>[] = [];
    for (let h = 0; h < householdCount; h++) {
      const g = (h % opts.groups) + 1;
      const n = Math.floor(h / opts.groups) + 1;
      households.push({
        code: `h-${String(g).padStart(2, '0')}${String(n).padStart(3, '0')}`,
        group: `g${g}`,
        head: name(),
        address: `${cn[g - 1] ?? g}组${n}号`,
        bindCode: `${prefix}${String(h + 1).padStart(5, '0')}`,
      });
    }
    const base = 100_000_000 * (v + 1);
    const residents: Person[] = [];
    for (let r = 0; r < opts.residents; r++) {
      const hh = households[Math.floor(r / 2) % householdCount]!;
      residents.push({
        userId: base + 1_000_000 + r,
        bindCode: String(hh.bindCode),
        kind: 'resident',
        code: String(hh.code),
        village: v,
      });
    }
    const memberPeople: Person[] = members.map((m, i) => ({
      userId: base + 9_000_000 + i,
      bindCode: String(m.bindCode),
      kind: 'member',
      code: String(m.code),
      village: v,
    }));
    out.push({
      roster: {
        village: {
          code: `bench-${v + 1}`,
          name: `压测${cn[v] ?? v + 1}村`,
          town: opts.place?.town ?? '磁州镇',
          county: opts.place?.county ?? '磁县',
          sayThingsDay: opts.sayThingsDay ?? 10,
          timezone: 'Asia/Shanghai',
          ...(opts.reminderHour !== undefined ? { reminderHour: opts.reminderHour } : {}),
          ...(opts.reminderDaysBefore !== undefined ? { reminderDaysBefore: opts.reminderDaysBefore } : {}),
          ...(opts.quietFrom !== undefined && opts.quietUntil !== undefined
            ? { quietFrom: opts.quietFrom, quietUntil: opts.quietUntil }
            : {}),
        },
        members,
        groups,
        households,
      },
      residents,
      members: memberPeople,
    });
  }
  return out;
}

/**
 * Realistic report texts: the labelled village messages of kinds that go to a group leader, and the
 * titles and details (≤ 300 characters) of the city message board. Normalised as the service does,
 * and only texts the service reads as free text (not a command).
 */
export function loadCorpus(
  repoRoot: string,
  govPath = '/work/shared/data/gov-messages/messages.jsonl',
): { texts: string[]; sources: Record<string, number> } {
  const texts: string[] = [];
  const sources: Record<string, number> = { labelled: 0, govTitle: 0, govDetail: 0 };
  const add = (raw: unknown, source: string) => {
    if (typeof raw !== 'string') return;
    const text = normalizeText(raw).slice(0, 300).trim();
    if (text.length < 4 || parseCommand(text).type !== 'text') return;
    texts.push(text);
    sources[source]!++;
  };
  const lines = (path: string) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const row of lines(join(repoRoot, 'src/classify/data/labelled.jsonl'))) {
    if (['repair', 'help', 'hazard', 'inquiry'].includes(String(row.kind))) add(row.text, 'labelled');
  }
  if (existsSync(govPath)) {
    for (const row of lines(govPath)) {
      add(row.title, 'govTitle');
      add(row.detail, 'govDetail');
    }
  }
  if (texts.length === 0) throw new Error('no report texts found');
  return { texts, sources };
}
