import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLocal } from '../../src/domain/local-time.js';
import { adminApi, type Harness, manualClock, startHarness } from '../support/harness.js';
import { TestVillage } from '../support/test-data.js';

const at = (m: number, d: number, h = 0, min = 0) => atLocal('Asia/Shanghai', 2026, m, d, h, min);
const clock = manualClock(at(11, 2, 8));
let h: Harness;
let v: TestVillage;

type Totals = { assigned: number; acceptedInTime: number; responseRate: number | null };
const totals = async () =>
  (await adminApi<{ totals: Totals }>(h, 'GET', '/api/v1/metrics?village=xiaoyingdian&month=2026-11')).body.totals;

beforeAll(async () => {
  h = await startHarness({ clock });
  v = new TestVillage(h, clock);
  const p1 = await v.bind('607949', at(11, 2, 8, 1), 'p1');
  const p3 = await v.bind('483920', at(11, 2, 8, 2), 'p3');
  const l03 = await v.bind('700303', at(11, 2, 8, 3), '吴永红');
  // Three ordinary matters reported in the morning: each must be accepted by 20:00 the same day.
  const r1 = await v.report(p3, '俺家的水管冻裂了，往外冒水', at(11, 2, 9), { kind: 'repair', assignee: 'l-03' });
  await v.report(p3, '俺家的电表箱老跳闸', at(11, 2, 9, 5), { kind: 'repair', assignee: 'l-03' });
  await v.report(p1, '明天上午想找人帮忙送俺娘去县医院看病', at(11, 2, 9, 10), { kind: 'help', assignee: 'l-01' });
  await v.accept(l03, r1, at(11, 2, 9, 20));
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('the response rate in a month still running', () => {
  it('counts only requests accepted or past their accept deadline: one accepted, two not yet due → 100 %', async () => {
    clock.set(at(11, 2, 9, 30));
    expect(await totals()).toMatchObject({ assigned: 1, acceptedInTime: 1, responseRate: 1 });
  });

  it('counts the two as misses once 20:00 has passed without anyone accepting them', async () => {
    clock.set(at(11, 2, 20, 1));
    expect(await totals()).toMatchObject({ assigned: 3, acceptedInTime: 1, responseRate: 0.333 });
  });
});
