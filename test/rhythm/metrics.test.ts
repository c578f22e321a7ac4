import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findActor } from '../../src/data/people.repository.js';
import { insertRequest } from '../../src/data/requests.repository.js';
import { atLocal } from '../../src/domain/local-time.js';
import { metricsTable, monthMetrics } from '../../src/rhythm/metrics.js';
import { textsFor } from '../../src/texts/index.js';
import {
  adminApi,
  type ApiRequest,
  type Harness,
  manualClock,
  startHarness,
  type TelegramUser,
} from '../support/harness.js';
import { TestVillage } from '../support/test-data.js';

const at = (m: number, d: number, h = 0, min = 0) => atLocal('Asia/Shanghai', 2026, m, d, h, min);
const clock = manualClock(at(10, 1, 9));
let h: Harness;
const refs: Record<string, number> = {};
let greetingReply: string[] = [];

/**
 * One month of a village, made through the service itself: people bind with their cards, report,
 * accept, resolve and rate over the fake Telegram, each at the instant the clock is set to. No timed
 * work runs (no ticks), so nothing is reminded, escalated or closed behind the test's back. The rates
 * are worked out by hand below.
 */
beforeAll(async () => {
  h = await startHarness({ clock });
  const v = new TestVillage(h, clock);
  const p1 = await v.bind('607949', at(10, 1, 9), 'p1'); // household h-0101, group g1
  const p3 = await v.bind('483920', at(10, 1, 9, 5), 'p3'); // household h-0301, group g3
  const l01 = await v.bind('700301', at(10, 1, 9, 10), '赵德福'); // leader of g1
  const l03 = await v.bind('700303', at(10, 1, 9, 15), '吴永红'); // leader of g3
  const s01 = await v.bind('700001', at(10, 1, 9, 20), '韩守义'); // the secretary

  // R5: October (reported 23:00 on the 31st): does not count in November.
  refs.R5 = await v.report(p3, '俺家厨房的水龙头坏了，关不上', at(10, 31, 23), { kind: 'repair', assignee: 'l-03' });
  // R1: accepted in time (due 20:00), resolved next day, 满意.
  refs.R1 = await v.report(p3, '俺家的水管冻裂了，往外冒水', at(11, 2, 9), { kind: 'repair', assignee: 'l-03' });
  await v.accept(l03, refs.R1, at(11, 2, 10));
  await v.resolve(l03, refs.R1, at(11, 3, 9), '换了一截水管');
  await v.rate(p3, refs.R1, 1, at(11, 3, 10));
  // A greeting creates nothing; a stored request of kind "other" (older data, or an extractor's verdict)
  // does not count either — the service never files one itself, so it is written through the repository.
  greetingReply = await v.say(p3, '你好', at(11, 3, 7, 59));
  await otherKindRequest(p3, at(11, 3, 8));
  // R2: accepted late (21:00 > 20:00), 不满意 at first, 基本满意 after it was done again.
  refs.R2 = await v.report(p3, '俺家的电表箱老跳闸', at(11, 5, 10), { kind: 'repair', assignee: 'l-03' });
  await v.accept(l03, refs.R2, at(11, 5, 21));
  await v.resolve(l03, refs.R2, at(11, 6, 10), '换了空气开关');
  await v.rate(p3, refs.R2, 3, at(11, 6, 11));
  await v.accept(l03, refs.R2, at(11, 7, 9));
  await v.resolve(l03, refs.R2, at(11, 7, 10), '重新接了线');
  await v.rate(p3, refs.R2, 2, at(11, 7, 11));
  // R3: reported at 18:00 (evening: 12 h, due 06:00), accepted 05:00, never rated.
  refs.R3 = await v.report(p1, '明天上午想找人帮忙送俺娘去县医院看病', at(11, 10, 18), {
    kind: 'help',
    assignee: 'l-01',
  });
  await v.accept(l01, refs.R3, at(11, 11, 5));
  await v.resolve(l01, refs.R3, at(11, 11, 12), '已送到医院');
  // R4: a say-things topic: no deadline, so not in the response rate; its outcome recorded on the 20th, 满意.
  refs.R4 = await v.report(p1, '说事 想问问今年低保名单是怎么定的', at(11, 12, 10), {
    kind: 'say_things',
    assignee: 's-01',
  });
  // R6: urgent hazard (to the leader, the secretary copied), never accepted.
  refs.R6 = await v.report(p3, '三组12号门口的电线冒火花了，吓死人', at(11, 15, 10), {
    kind: 'hazard',
    urgency: 'urgent',
    assignee: 'l-03',
  });
  await v.recordOutcome(s01, refs.R4, at(11, 20, 10), '低保名单按户评议后张榜公示');
  await v.rate(p1, refs.R4, 1, at(11, 20, 12));
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function otherKindRequest(user: TelegramUser, when: Date): Promise<void> {
  const actor = await findActor(h.database.db, 'telegram', String(user.id));
  if (actor.kind !== 'resident') throw new Error('expected a bound resident');
  await insertRequest(h.database.db, {
    villageId: actor.village.id,
    householdId: actor.household.id,
    residentId: actor.residentId,
    originIdentityId: actor.identity.id,
    kind: 'other',
    urgency: 'normal',
    summary: '你好',
    text: '你好',
    status: 'submitted',
    createdAt: when,
    updatedAt: when,
  });
}

const expectedTotals = {
  requests: 5,
  assigned: 4,
  acceptedInTime: 2,
  responseRate: 0.5,
  rated: 3,
  solved: 2,
  resolutionRate: 0.667,
  satisfied: 3,
  satisfactionRate: 1,
  medianAcceptMinutes: 660,
  medianResolveMinutes: 1440,
};

describe('the three rates', () => {
  it('rest on the ledger the service wrote for the month', async () => {
    expect(greetingReply).toHaveLength(1);
    expect(greetingReply[0]).not.toMatch(/#\d+/);
    // R1–R6 and the "other" one: the greeting filed nothing.
    expect((await adminApi<{ total: number }>(h, 'GET', '/api/v1/requests?village=xiaoyingdian')).body.total).toBe(7);
    const request = async (ref: number) => (await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${ref}`)).body;
    const types = async (ref: number) => (await request(ref)).events.map((e) => e.type);
    expect(await types(refs.R2!)).toEqual([
      'submitted',
      'assigned',
      'accepted',
      'resolved',
      'rated',
      'reopened',
      'accepted',
      'resolved',
      'rated',
      'closed',
    ]);
    expect(await types(refs.R6!)).toEqual(['submitted', 'assigned', 'copied']);
    const r4 = await request(refs.R4!);
    expect(r4.events.map((e) => e.type)).not.toContain('accepted');
    expect(r4.events.find((e) => e.type === 'resolved')?.at).toBe(at(11, 20, 10).toISOString());
  });

  it('match the values worked out by hand for the month', async () => {
    const mm = (await monthMetrics(h.database.db, 'xiaoyingdian', '2026-11'))!;
    // Accept minutes: R1 60, R2 660, R3 660 (R4 has no accept step, R6 none): median 660.
    // Resolve minutes (first resolution): R1 1440, R2 1440, R3 1080, R4 11520: median 1440.
    expect(mm.totals).toEqual(expectedTotals);
    const g1 = mm.groups.find((g) => g.code === 'g1')!;
    const g3 = mm.groups.find((g) => g.code === 'g3')!;
    expect(g1).toMatchObject({
      requests: 2,
      assigned: 1,
      responseRate: 1,
      rated: 1,
      resolutionRate: 1,
      satisfactionRate: 1,
    });
    expect(g3).toMatchObject({
      requests: 3,
      assigned: 3,
      acceptedInTime: 1,
      responseRate: 0.333,
      rated: 2,
      resolutionRate: 0.5,
      satisfactionRate: 1,
    });
    expect(mm.groups.map((g) => g.code)).toEqual(['g1', 'g3']);
    expect(mm.leaders.map((l) => [l.code, l.requests])).toEqual([
      ['l-01', 1],
      ['l-03', 3],
      ['s-01', 1],
    ]);
    expect(metricsTable(mm, textsFor('zh'))).toContain('全村：5件 响应50% 解决67% 满意100%');
  });

  it('answers the same figures through GET /api/v1/metrics', async () => {
    type Metrics = { totals: Record<string, unknown> };
    const res = await adminApi<Metrics>(h, 'GET', '/api/v1/metrics?village=xiaoyingdian&month=2026-11');
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject(expectedTotals);
    const october = await adminApi<Metrics>(h, 'GET', '/api/v1/metrics?village=xiaoyingdian&month=2026-10');
    expect(october.body.totals).toMatchObject({
      requests: 1,
      assigned: 1,
      acceptedInTime: 0,
      responseRate: 0,
      rated: 0,
    });
  });

  it('reports an empty month without dividing by zero', async () => {
    const mm = (await monthMetrics(h.database.db, 'xiaoyingdian', '2026-09'))!;
    expect(mm.totals).toMatchObject({
      requests: 0,
      responseRate: null,
      resolutionRate: null,
      satisfactionRate: null,
      medianAcceptMinutes: null,
    });
  });
});
