import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSla } from '../../src/domain/deadlines.js';
import { atLocal } from '../../src/domain/local-time.js';
import { monthsMetrics, monthsMetricsCached } from '../../src/rhythm/metrics.js';
import { type Harness, manualClock, startHarness, type TelegramUser } from '../support/harness.js';
import { TestVillage } from '../support/test-data.js';

// The desk's rates page reads ended months from a cache (migration 0028). Whatever lands after a month was
// stored — a rating of one of its requests, a deadline passing, a leader renamed — the page shows what a
// computation from the requests themselves shows at that moment.
const at = (m: number, d: number, h = 0, min = 0) => atLocal('Asia/Shanghai', 2026, m, d, h, min);
const clock = manualClock(at(10, 1, 9));
const months = ['2026-09', '2026-10', '2026-11'];
let h: Harness;
let v: TestVillage;
const people: Record<string, TelegramUser> = {};
const refs: Record<string, number> = {};

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  v = new TestVillage(h, clock);
  people.p1 = await v.bind('607949', at(10, 1, 9), 'p1'); // household h-0101, group g1
  people.p3 = await v.bind('483920', at(10, 1, 9, 5), 'p3'); // household h-0301, group g3
  people.l01 = await v.bind('700301', at(10, 1, 9, 10), '赵德福'); // leader of g1
  people.l03 = await v.bind('700303', at(10, 1, 9, 15), '吴永红'); // leader of g3
  refs.R1 = await v.report(people.p3!, '俺家的水管冻裂了，往外冒水', at(10, 10, 10), {
    kind: 'repair',
    assignee: 'l-03',
  });
  await v.accept(people.l03!, refs.R1, at(10, 10, 11));
  await v.resolve(people.l03!, refs.R1, at(10, 11, 9), '换了一截水管');
  await v.rate(people.p3!, refs.R1, 1, at(10, 11, 10));
  refs.R2 = await v.report(people.p1!, '明天上午想找人帮忙送俺娘去县医院看病', at(10, 25, 10), {
    kind: 'help',
    assignee: 'l-01',
  });
  await v.accept(people.l01!, refs.R2, at(10, 25, 11));
  await v.resolve(people.l01!, refs.R2, at(10, 26, 9), '已送到医院');
  // Reported at 23:00 on the last day (evening: accept within 12 h, by 11:00 on 1 November), never accepted.
  refs.R3 = await v.report(people.p3!, '俺家厨房的水龙头坏了，关不上', at(10, 31, 23), {
    kind: 'repair',
    assignee: 'l-03',
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const stored = async () =>
  (await h.database.executeSql('select month, valid_until from rates_months order by month')).rows as {
    month: string;
    valid_until: string | Date | null;
  }[];

/** The desk's months at `now`, checked against the same months computed from the requests; answers October's. */
async function october(now: Date) {
  const shown = await monthsMetricsCached(h.database.db, 'xiaoyingdian', months, defaultSla, now);
  expect(shown).toEqual(await monthsMetrics(h.database.db, 'xiaoyingdian', months, defaultSla, now));
  return shown![1]!;
}

describe("the rates page's ended months", () => {
  it('are stored once ended, and shown as computed after a deadline passes, a late rating or a roster change', async () => {
    const first = await october(at(11, 1, 9));
    expect(first.totals).toMatchObject({ requests: 3, assigned: 2, acceptedInTime: 2, rated: 1 });
    // September and October ended; October's figures hold until R3's accept deadline; November is still running.
    const rows = await stored();
    expect(rows.map((r) => r.month)).toEqual(['2026-09', '2026-10']);
    expect(new Date(rows[1]!.valid_until!).getTime()).toBe(at(11, 1, 11).getTime());

    expect(await october(at(11, 1, 10))).toEqual(first);
    // R3's deadline passed unaccepted: it counts as a miss now.
    const afterDeadline = await october(at(11, 1, 12));
    expect(afterDeadline.totals).toMatchObject({ assigned: 3, acceptedInTime: 2, rated: 1 });

    // An October request rated in November.
    await v.rate(people.p1!, refs.R2!, 2, at(11, 2, 10));
    expect(await stored()).toEqual([expect.objectContaining({ month: '2026-09' })]);
    const afterRating = await october(at(11, 2, 11));
    expect(afterRating.totals).toMatchObject({ rated: 2, solved: 2, satisfied: 2 });

    // The leader renamed in the roster: the stored month is not the one shown.
    await october(at(11, 2, 12));
    await h.database.executeSql(`update members set name = '吴永红（三组）' where code = 'l-03'`);
    const renamed = await october(at(11, 2, 13));
    expect(renamed.leaders.map((l) => l.name)).toContain('吴永红（三组）');

    // Accepted late, a month after: October's response rate changes with it.
    await v.accept(people.l03!, refs.R3!, at(11, 3, 9));
    expect((await october(at(11, 3, 10))).totals).toMatchObject({ assigned: 3, acceptedInTime: 2 });
    expect((await october(at(11, 3, 10))).leaders.find((l) => l.code === 'l-03')).toMatchObject({ requests: 2 });
  });
});
