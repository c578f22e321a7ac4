import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLocal } from '../../src/domain/local-time.js';
import { adminApi, type Harness, manualClock, settle, startHarness, TelegramUser } from '../support/harness.js';

/** Village time, set by hand: both villages hold say-things day on the 10th, both get requests in November. */
const at = (m: number, d: number, h = 0, min = 0) => atLocal('Asia/Shanghai', 2026, m, d, h, min);
const clock = manualClock(at(11, 3, 10));
const PHONE = '13812345678';

/** A second village with the same member, group and household codes as the demo village, and its own binding codes. */
const dongwang = {
  village: {
    code: 'dongwang',
    name: '东王村',
    town: '磁州镇',
    county: '磁县',
    sayThingsDay: 10,
    timezone: 'Asia/Shanghai',
  },
  members: [
    { code: 's-01', name: '王书记', roles: ['secretary'], bindCode: '820001' },
    { code: 'l-01', name: '王组长', roles: ['group_leader'], bindCode: '820101' },
  ],
  groups: [{ code: 'g1', name: '东王一组', leader: 'l-01', deputy: null }],
  households: [
    { code: 'h-0101', group: 'g1', head: '王大娘', address: '东王一组1号', bindCode: '820201' },
    { code: 'h-0102', group: 'g1', head: '王大爷', address: '东王一组2号', bindCode: '820202' },
  ],
};

let h: Harness;
const users: Record<string, TelegramUser> = {};
/** The refs each village's residents created: requests and say-things topics. */
const refs: Record<'xiaoyingdian' | 'dongwang', { requests: number[]; topics: number[] }> = {
  xiaoyingdian: { requests: [], topics: [] },
  dongwang: { requests: [], topics: [] },
};
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
const api = async (path: string) => {
  const res = await adminApi<any>(h, 'GET', path);
  expect(res.status, path).toBe(200);
  return res.body;
};

async function tickAt(d: Date) {
  clock.set(d);
  await h.app.linli.tick(d);
  h.app.linli.outbox.wake();
  await settle(h);
}

beforeAll(async () => {
  h = await startHarness({ clock });
  expect((await adminApi(h, 'POST', '/api/v1/roster', dongwang)).status).toBe(200);
  const people = [
    ['residentA', 5101, '483920'],
    ['secretaryA', 5102, '700001'],
    ['residentB', 5201, '820201'],
    ['secretaryB', 5202, '820001'],
    ['leaderB', 5203, '820101'],
  ] as const;
  for (const [name, id, code] of people) {
    users[name] = new TelegramUser(h, id, name);
    await users[name].say(`/start ${code}`);
    await users[name].expect(/绑定成功/);
  }
  const report = async (who: string, text: string, village: keyof typeof refs, what: 'requests' | 'topics') => {
    const u = users[who]!;
    // A quarter of an hour apart: a second message within minutes may be taken as more of the first.
    clock.advance(15 * 60_000);
    const before = u.inbox().length;
    await u.say(text);
    refs[village][what].push(refIn((await u.expect(what === 'topics' ? /支部说事日/ : /已收到，编号/, before)).text));
  };
  await report('residentA', '俺家的水管冻裂了，往外冒水', 'xiaoyingdian', 'requests');
  await report('residentB', '俺家的水管冻裂了，往外冒水，电话13812345678', 'dongwang', 'requests');
  await report('residentA', '说事 想问问今年低保名单是怎么定的', 'xiaoyingdian', 'topics');
  await report('residentB', `说事 村东头的排水沟堵了，联系${PHONE}`, 'dongwang', 'topics');
  await report('residentB', '说事 想商量修一下村里的小广场', 'dongwang', 'topics');
  await settle(h);
});
afterAll(async () => {
  await h?.close();
});

const villages = ['xiaoyingdian', 'dongwang'] as const;
const other = (v: (typeof villages)[number]) => (v === 'xiaoyingdian' ? 'dongwang' : 'xiaoyingdian');
const allOf = (v: (typeof villages)[number]) => [...refs[v].requests, ...refs[v].topics];

describe('two villages in one deployment', () => {
  it("lists only the village's own requests with ?village=", async () => {
    for (const v of villages) {
      const list = await api(`/api/v1/requests?village=${v}&pageSize=100`);
      const listed = list.items.map((x: { ref: number }) => x.ref);
      expect(list.items.every((x: { village: string }) => x.village === v)).toBe(true);
      expect(listed).toEqual(expect.arrayContaining(allOf(v)));
      for (const ref of allOf(other(v))) expect(listed).not.toContain(ref);
    }
  });

  it('masks phone numbers in the list, and shows them whole in one request', async () => {
    const list = await api('/api/v1/requests?village=dongwang&pageSize=100');
    expect(JSON.stringify(list)).not.toContain(PHONE);
    const ref = refs.dongwang.topics[0]!;
    const item = list.items.find((x: { ref: number }) => x.ref === ref);
    const one = await api(`/api/v1/requests/${ref}`);
    expect(one.text).toContain(PHONE);
    expect(one.summary).toContain(PHONE);
    expect(item.summary).toBe(one.summary.replace(PHONE, '138****5678'));
  });

  it("counts only the village's own requests, groups and leaders in the three rates", async () => {
    const a = await api('/api/v1/metrics?village=xiaoyingdian&month=2026-11');
    const b = await api('/api/v1/metrics?village=dongwang&month=2026-11');
    const listed = async (v: string) => (await api(`/api/v1/requests?village=${v}&pageSize=100`)).total;
    expect(a.totals.requests).toBe(await listed('xiaoyingdian'));
    expect(b.totals.requests).toBe(await listed('dongwang'));
    expect(b.totals.requests).toBe(allOf('dongwang').length);
    expect(b.groups.map((g: { code: string; name: string }) => g.name)).toEqual(['东王一组']);
    expect(a.groups.map((g: { name: string }) => g.name)).not.toContain('东王一组');
    expect(b.leaders.every((l: { name: string }) => l.name.startsWith('王'))).toBe(true);
    expect(a.leaders.map((l: { name: string }) => l.name)).not.toContain('王组长');
  });

  it("shows each village's say-things topics only to its own session and its own secretary's agenda", async () => {
    for (const v of villages) {
      const st = await api(`/api/v1/villages/${v}/say-things`);
      expect(st.next.date).toBe('2026-11-10');
      expect(st.next.topics.map((x: { ref: number }) => x.ref).sort()).toEqual([...refs[v].topics].sort());
    }
    for (const [secretary, v] of [
      ['secretaryA', 'xiaoyingdian'],
      ['secretaryB', 'dongwang'],
    ] as const) {
      const u = users[secretary]!;
      const before = u.inbox().length;
      await u.say('议程');
      const agenda = (await u.expect(/支部说事日议程/, before)).text;
      expect(agenda).toContain(`（共 ${refs[v].topics.length} 件）`);
      for (const ref of refs[v].topics) expect(agenda).toContain(`#${ref}【`);
      for (const ref of refs[other(v)].topics) expect(agenda).not.toContain(`#${ref}【`);
      // The agenda is passed round at the session: the phone number is masked.
      expect(agenda).not.toContain(PHONE);
      if (v === 'dongwang') expect(agenda).toContain('联系138****5678');
    }
  });

  it("carries each village's open topics over to its own next session, and lists them there only", async () => {
    await tickAt(at(11, 11, 0, 1));
    for (const v of villages) {
      const st = await api(`/api/v1/villages/${v}/say-things`);
      expect(st.next.date).toBe('2026-12-10');
      expect(st.next.topics.map((x: { ref: number }) => x.ref).sort()).toEqual([...refs[v].topics].sort());
      const nov = st.past.find((p: { date: string }) => p.date === '2026-11-10');
      const carried = nov.topics
        .filter((x: { status: string }) => x.status === 'carried_over')
        .map((x: { ref: number }) => x.ref);
      expect(carried.sort()).toEqual([...refs[v].topics].sort());
      for (const ref of refs[other(v)].topics) expect(nov.topics.map((x: { ref: number }) => x.ref)).not.toContain(ref);
    }
  });
});
