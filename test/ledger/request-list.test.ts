import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLocal } from '../../src/domain/local-time.js';
import { adminApi, type Harness, manualClock, startHarness } from '../support/harness.js';
import { TestVillage } from '../support/test-data.js';

const at = (m: number, d: number, h = 0, min = 0) => atLocal('Asia/Shanghai', 2026, m, d, h, min);
const clock = manualClock(at(11, 2, 8));
let h: Harness;
const refs: number[] = [];
let accepted = 0;
const list = async (q: string) => adminApi<any>(h, 'GET', `/api/v1/requests?${q}`);

beforeAll(async () => {
  h = await startHarness({ clock });
  const v = new TestVillage(h, clock, 8300);
  const p3 = await v.bind('483920', at(11, 2, 8, 1));
  const p1 = await v.bind('607949', at(11, 2, 8, 2));
  const l03 = await v.bind('700303', at(11, 2, 8, 3));
  const texts = ['俺家水管漏水了', '俺家电表箱老跳闸', '俺家院门锁坏了', '俺家屋顶漏雨了', '俺家下水道堵了'];
  for (const [i, text] of texts.entries()) {
    refs.push(
      await v.report(i % 2 === 0 ? p3 : p1, text, at(11, 3 + i, 9), {
        kind: 'repair',
        assignee: i % 2 === 0 ? 'l-03' : 'l-01',
      }),
    );
  }
  accepted = refs[2]!;
  await v.accept(l03, accepted, at(11, 5, 10));
  clock.set(at(11, 7, 12));
});
afterAll(async () => {
  await h?.close();
});

describe('GET /api/v1/requests', () => {
  it('gives each item its group, running deadline and whether it is overdue', async () => {
    const { status, body } = await list('village=xiaoyingdian&pageSize=10');
    expect(status).toBe(200);
    expect(body.items.map((i: any) => i.ref)).toEqual([...refs].reverse());
    const byRef = new Map(body.items.map((i: any) => [i.ref, i]));
    const first: any = byRef.get(refs[0]!);
    expect(first.group).toEqual({ code: 'g3', name: '第三互助组' });
    // Reported 09:00 on 3 Nov: to be accepted the same day by 20:00, now long past.
    expect(first.deadline).toEqual({ stage: 'accept', due: at(11, 3, 20).toISOString() });
    expect(first.overdue).toBe(true);
    const acc: any = byRef.get(accepted);
    expect(acc.status).toBe('accepted');
    expect(acc.deadline.stage).toBe('resolve');
    expect(acc.overdue).toBe(false);
    const today: any = byRef.get(refs[4]!);
    expect(today.overdue).toBe(false);
    expect(today.deadline).toEqual({ stage: 'accept', due: at(11, 7, 20).toISOString() });
  });

  it('filters by status=open, several statuses, group, overdue and a date range', async () => {
    expect((await list('status=open')).body.total).toBe(5);
    expect((await list('status=accepted')).body.items.map((i: any) => i.ref)).toEqual([accepted]);
    expect((await list('status=assigned,accepted')).body.total).toBe(5);
    expect((await list('status=accepted&status=closed')).body.total).toBe(1);
    expect((await list('status=closed')).body.total).toBe(0);
    expect((await list('group=g1')).body.items.map((i: any) => i.ref)).toEqual([refs[3], refs[1]]);
    const overdue = await list('overdue=true');
    expect(overdue.body.items.map((i: any) => i.ref).sort()).toEqual([refs[0], refs[1], refs[3]].sort());
    expect(overdue.body.items.every((i: any) => i.overdue)).toBe(true);
    expect((await list('from=2026-11-04&to=2026-11-05')).body.items.map((i: any) => i.ref)).toEqual([refs[2], refs[1]]);
    expect((await list(`from=${encodeURIComponent(at(11, 6, 0).toISOString())}`)).body.total).toBe(2);
    const bad = await list('status=open,sleeping');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('status');
    expect((await list('from=yesterday')).body.error.message).toContain('from');
  });

  it('pages with a cursor up to 500 at a time', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = await list(`pageSize=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(5);
      seen.push(...page.body.items.map((i: any) => i.ref));
      cursor = page.body.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...refs].reverse());
    expect((await list('pageSize=500')).body.items).toHaveLength(5);
    expect((await list('pageSize=500')).body.next).toBeNull();
    const tooMany = await list('pageSize=501');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('pageSize');
    expect((await list('cursor=abc')).status).toBe(400);
  });

  it('metrics default to the current month in the village', async () => {
    const now = await adminApi<any>(h, 'GET', '/api/v1/metrics?village=xiaoyingdian');
    expect(now.status).toBe(200);
    expect(now.body.month).toBe('2026-11');
    expect(now.body.totals.requests).toBe(5);
    const explicit = await adminApi<any>(h, 'GET', '/api/v1/metrics?village=xiaoyingdian&month=2026-11');
    expect(explicit.body).toEqual(now.body);
    // At 23:30 UTC on 30 November it is already December in the village.
    clock.set(new Date('2026-11-30T23:30:00Z'));
    expect((await adminApi<any>(h, 'GET', '/api/v1/metrics?village=xiaoyingdian')).body.month).toBe('2026-12');
    expect((await adminApi<any>(h, 'GET', '/api/v1/metrics?village=nowhere')).status).toBe(404);
    clock.set(at(11, 7, 12));
  });
});
