import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoardFilter, boardRows, requestsMark } from '../../src/data/desk-board.repository.js';
import { foldTallies } from '../../src/data/request-tallies.repository.js';
import { villageByCode } from '../../src/data/people.repository.js';
import type { Scope } from '../../src/domain/scope.js';
import { atLocal } from '../../src/domain/local-time.js';
import { importRoster } from '../../src/roster/roster.import.js';
import { type Harness, manualClock, startHarness, type TelegramUser } from '../support/harness.js';
import { TestVillage } from '../support/test-data.js';
import { otherVillages } from './desk-support.js';

// The board's status counts (and the live board's mark) come from per-village tallies the database keeps beside every status change
// (migration 0027); here they are checked against a count of the requests themselves after each step of
// requests' lives, made through the service: filed, accepted, resolved, rated unsatisfied (reopened), done
// again and closed, withdrawn, invalidated, in two villages of one town and a third of another town.
const at = (m: number, d: number, h = 0, min = 0) => atLocal('Asia/Shanghai', 2026, m, d, h, min);
const clock = manualClock(at(11, 2, 9));
let h: Harness;
let v: TestVillage;
let scopes: [string, Scope, BoardFilter][] = [];
const people: Record<string, TelegramUser> = {};

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  for (const roster of otherVillages()) await importRoster(h.database.db, roster);
  v = new TestVillage(h, clock);
  people.p3 = await v.bind('483920', at(11, 2, 9), 'p3'); // 小营店村 h-0301, group g3
  people.p1 = await v.bind('607949', at(11, 2, 9, 1), 'p1'); // 小营店村 h-0101, group g1
  people.l03 = await v.bind('700303', at(11, 2, 9, 2), '吴永红'); // leader of g3
  people.s01 = await v.bind('700001', at(11, 2, 9, 3), '韩守义'); // the secretary
  people.b1 = await v.bind('810501', at(11, 2, 9, 4), '北关住户'); // 北关村, the same town
  people.bl = await v.bind('810301', at(11, 2, 9, 5), '北关组长');
  people.n1 = await v.bind('820501', at(11, 2, 9, 6), '南庄住户'); // 南庄村, another town
  const xiaoyingdian = (await villageByCode(h.database.db, 'xiaoyingdian'))!;
  scopes = [
    ['village', { kind: 'village', villageId: xiaoyingdian.id }, {}],
    ['town', { kind: 'town', town: '磁州镇' }, {}],
    ['town, one village', { kind: 'town', town: '磁州镇' }, { village: 'beiguan' }],
    ['county', { kind: 'county', county: '磁县' }, {}],
    ['county, repairs, all statuses', { kind: 'county', county: '磁县' }, { kind: 'repair', status: 'all' }],
    ['everything', { kind: 'all' }, { status: 'closed' }],
  ];
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** What the counts must be: the requests themselves, counted. */
async function truth(scope: Scope, f: BoardFilter): Promise<Record<string, number>> {
  const where: string[] = ['true'];
  const values: unknown[] = [];
  const is = (column: string, value: unknown) => {
    values.push(value);
    where.push(`${column} = $${values.length}`);
  };
  if (scope.kind === 'village') is('v.id', scope.villageId);
  if (scope.kind === 'town') is('v.town', scope.town);
  if (scope.kind === 'county') is('v.county', scope.county);
  if (f.village) is('v.code', f.village);
  if (f.kind) is('r.kind', f.kind);
  const { rows } = await h.database.executeSql(
    `select r.status, count(*) as n from requests r join villages v on v.id = r.village_id where ${where.join(' and ')} group by r.status`,
    values,
  );
  return Object.fromEntries((rows as { status: string; n: string }[]).map((r) => [r.status, Number(r.n)]));
}

const marks = () => Promise.all(scopes.map(([, scope]) => requestsMark(h.database.db, scope)));

async function expectCountsRight(step: string): Promise<void> {
  for (const [name, scope, f] of scopes) {
    const { counts } = await boardRows(h.database.db, scope, f, clock.now());
    expect(counts, `${step}: ${name}`).toEqual(await truth(scope, f));
  }
}

describe("the board's status counts", () => {
  it('stay right through filing, accepting, resolving, reopening, closing, withdrawing and invalidating', async () => {
    await expectCountsRight('nothing filed');
    let before = await marks();
    const changed = async (step: string, expected: boolean[]) => {
      const now = await marks();
      expect(
        now.map((m, i) => m !== before[i]),
        `${step}: which scopes' live boards hear it`,
      ).toEqual(expected);
      before = now;
    };

    const r1 = await v.report(people.p3!, '俺家的水管冻裂了，往外冒水', at(11, 2, 10), {
      kind: 'repair',
      assignee: 'l-03',
    });
    await expectCountsRight('filed');
    await changed('filed in 小营店村', [true, true, true, true, true, true]);
    const b1 = await v.report(people.b1!, '俺家的电表箱老跳闸', at(11, 2, 10, 30), {
      kind: 'repair',
      assignee: 'l-01',
    });
    await changed('filed in 北关村', [false, true, true, true, true, true]);
    const n1 = await v.report(people.n1!, '俺家的水管冻裂了，厨房全是水', at(11, 2, 11), {
      kind: 'repair',
      assignee: 'l-01',
    });
    await changed('filed in 南庄村', [false, false, false, true, true, true]);
    await expectCountsRight('three villages filed');

    await v.accept(people.l03!, r1, at(11, 2, 12));
    await expectCountsRight('accepted');
    await v.resolve(people.l03!, r1, at(11, 3, 9), '换了一截水管');
    await expectCountsRight('resolved');
    await v.rate(people.p3!, r1, 3, at(11, 3, 10));
    await expectCountsRight('rated unsatisfied: reopened');
    await v.accept(people.l03!, r1, at(11, 3, 11));
    await v.resolve(people.l03!, r1, at(11, 3, 12), '重新接了一截');
    await v.rate(people.p3!, r1, 1, at(11, 3, 13));
    await expectCountsRight('done again and closed');
    await changed('closed in 小营店村', [true, true, true, true, true, true]);

    // A fold (the tick's) changes neither a count nor any board's mark.
    expect(await foldTallies(h.database.db)).toBeGreaterThan(0);
    await expectCountsRight('folded');
    await changed('folded', [false, false, false, false, false, false]);

    await v.accept(people.bl!, b1, at(11, 4, 9));
    const r2 = await v.report(people.p1!, '明天上午想找人帮忙送俺娘去县医院看病', at(11, 4, 10), {
      kind: 'help',
      assignee: 'l-01',
    });
    await expectCountsRight('accepted in 北关村, a help request in 小营店村');
    const withdrawn = await v.say(people.p1!, `撤回 #${r2}`, at(11, 4, 11));
    expect(withdrawn.join('\n')).toMatch(/已撤回/);
    await v.expectStatus(r2, 'withdrawn');
    await expectCountsRight('withdrawn');
    const r3 = await v.report(people.p3!, '俺家厨房的水龙头坏了，关不上', at(11, 4, 12), {
      kind: 'repair',
      assignee: 'l-03',
    });
    await v.say(people.s01!, `作废 #${r3} 重复报的`, at(11, 4, 12, 30));
    await v.expectStatus(r3, 'invalid');
    await expectCountsRight('invalidated');
    before = await marks();
    await v.say(people.n1!, `撤回 #${n1}`, at(11, 4, 13));
    await v.expectStatus(n1, 'withdrawn');
    await expectCountsRight('withdrawn in 南庄村');
    await changed('withdrawn in 南庄村', [false, false, false, true, true, true]);
    await foldTallies(h.database.db);
    await expectCountsRight('folded again');
  });
});
