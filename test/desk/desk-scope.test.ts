import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { adminApi, type Harness, settle, startHarness, type TelegramUser } from '../support/harness.js';
import { bound, deskGet, loginCookie, otherVillages, report } from './desk-support.js';

let h: Harness;
let refs: { g3: number; g1: number; beiguan: number; nanzhuang: number };
const cookies: Record<string, string> = {};
let secretary: TelegramUser;

beforeAll(async () => {
  h = await startHarness();
  for (const roster of otherVillages()) await importRoster(h.database.db, roster);
  // A county official on the demo village's roster (the role this issue adds).
  await h.database.executeSql(
    `update members set roles = '{county_staff}' where code = 'md-03'; select pg_notify('linli_roster', '')`,
  );
  const r3 = await bound(h, 7001, '三组住户', '483920');
  const r1 = await bound(h, 7002, '一组住户', '607949');
  const rb = await bound(h, 7003, '北关住户', '810501');
  const rn = await bound(h, 7004, '南庄住户', '820501');
  secretary = await bound(h, 7100, '韩书记', '700001');
  const leader = await bound(h, 7101, '吴组长', '700303');
  const town = await bound(h, 7102, '镇干部', '700901');
  const mediator = await bound(h, 7103, '郭调解员', '700101');
  const county = await bound(h, 7104, '县干部', '700103');
  refs = {
    g3: await report(r3, '俺家壁挂炉坏了，不出热水'),
    g1: await report(r1, '俺家水管冻裂了，厨房全是水'),
    beiguan: await report(rb, '俺家壁挂炉坏了，屋里冷'),
    nanzhuang: await report(rn, '俺家水管冻裂了'),
  };
  await settle(h);
  cookies.secretary = await loginCookie(h, secretary, 's-01', 'xiaoyingdian');
  cookies.leader = await loginCookie(h, leader, 'l-03', 'xiaoyingdian');
  cookies.town = await loginCookie(h, town, 't-01', 'xiaoyingdian');
  cookies.mediator = await loginCookie(h, mediator, 'md-01', 'xiaoyingdian');
  cookies.county = await loginCookie(h, county, 'md-03', 'xiaoyingdian');
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** Which of the four requests a role's board lists. */
async function seen(role: string, path = '/desk/board/rows?status=all'): Promise<string[]> {
  const res = await deskGet(h, cookies[role]!, path, 'application/json');
  expect(res.status).toBe(200);
  const rows = (JSON.parse(res.text) as { rows: string }).rows;
  return Object.entries(refs)
    .filter(([, ref]) => rows.includes(`data-ref="${ref}"`))
    .map(([k]) => k)
    .sort();
}

describe('what each desk role sees', () => {
  it("every board, request page and rates call is filtered by the role's scope", async () => {
    expect(await seen('secretary')).toEqual(['g1', 'g3']);
    expect(await seen('mediator')).toEqual(['g1', 'g3']);
    expect(await seen('leader')).toEqual(['g3']);
    expect(await seen('town')).toEqual(['beiguan', 'g1', 'g3']);
    expect(await seen('county')).toEqual(['beiguan', 'g1', 'g3', 'nanzhuang']);

    const page = async (role: string, ref: number) =>
      (await deskGet(h, cookies[role]!, `/desk/requests/${ref}`)).status;
    expect(await page('leader', refs.g3)).toBe(200);
    expect(await page('leader', refs.g1)).toBe(404);
    expect(await page('secretary', refs.beiguan)).toBe(404);
    expect(await page('town', refs.beiguan)).toBe(200);
    expect(await page('town', refs.nanzhuang)).toBe(404);
    expect(await page('county', refs.nanzhuang)).toBe(200);

    // A village outside the scope is "not found" on every page that takes one.
    for (const path of [
      '/desk/api/rates?village=nanzhuang',
      '/desk/say-things?village=nanzhuang',
      '/desk/settings?village=nanzhuang',
    ]) {
      expect((await deskGet(h, cookies.town!, path)).status).toBe(404);
      expect((await deskGet(h, cookies.secretary!, path.replace('nanzhuang', 'beiguan'))).status).toBe(404);
    }
    expect((await deskGet(h, cookies.town!, '/desk/api/rates?village=beiguan')).status).toBe(200);
    // Searching by words does not reach past the scope either.
    expect(await seen('secretary', `/desk/board/rows?status=all&q=${encodeURIComponent('南庄')}`)).toEqual([]);
  });

  it('only the village secretary changes the village settings, and the change is audited', async () => {
    const post = (cookie: string, body: Record<string, string>) =>
      fetch(`${h.url}/desk/settings`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
    const values = {
      village: 'xiaoyingdian',
      sayThingsDay: '15',
      sayThingsPlace: '村委会二楼会议室',
      reminderDaysBefore: '2',
      reminderHour: '9',
      quietFrom: '22',
      quietUntil: '7',
      timezone: 'Asia/Shanghai',
    };
    expect((await post(cookies.leader!, values)).status).toBe(403);
    expect((await post(cookies.secretary!, { ...values, reminderHour: '25' })).status).toBe(400);
    const ok = await post(cookies.secretary!, values);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('村委会二楼会议室');
    const say = await adminApi<{ next: { place: string | null } }>(
      h,
      'GET',
      '/api/v1/villages/xiaoyingdian/say-things',
    );
    expect(say.body.next.place).toBe('村委会二楼会议室');
    const log = await adminApi<{
      items: { actor: string; action: string; target: string | null; ip: string | null }[];
    }>(h, 'GET', '/api/v1/audit');
    expect(log.body.items[0]).toMatchObject({
      actor: 's-01@xiaoyingdian',
      action: 'village.settings',
      target: 'xiaoyingdian',
      ip: '127.0.0.1',
    });
    expect(log.body.items.filter((e) => e.action === 'login').length).toBeGreaterThanOrEqual(5);
    expect((await fetch(`${h.url}/api/v1/audit`)).status).toBe(401);
  });

  it('a revoked session is logged out on its next page', async () => {
    const sessions = await adminApi<{ items: { id: number; memberCode: string | null }[] }>(
      h,
      'GET',
      '/api/v1/desk/sessions',
    );
    const mine = sessions.body.items.find((s) => s.memberCode === 'md-01')!;
    expect((await adminApi(h, 'POST', `/api/v1/desk/sessions/${mine.id}/revoke`)).status).toBe(200);
    const after = await deskGet(h, cookies.mediator!, '/desk');
    expect(after.status).toBe(303);
    expect((await deskGet(h, cookies.mediator!, '/desk/board/rows', 'application/json')).status).toBe(401);
  });

  it('bad input is a 4xx naming the field, never a 500; no session is 401 or the login page', async () => {
    const bad = [
      '/desk?status=nope',
      '/desk?group=abc',
      '/desk?from=2026-13',
      '/desk/board/rows?assignee=-1',
      '/desk/requests/99999999999',
      '/desk/requests/abc',
      '/desk/requests/%00',
      '/desk/rates?month=2026-13',
      '/desk/api/rates?month=x',
      `/desk?q=${'x'.repeat(500)}`,
      '/desk/say-things?village=%00',
    ];
    for (const path of bad) {
      const res = await deskGet(h, cookies.secretary!, path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    expect((await deskGet(h, cookies.secretary!, '/desk?status=nope', 'application/json')).text).toContain('status');
    const forms = [
      ['/desk/requests/1001', 'action=fly'],
      ['/desk/requests/1001', 'action=note'],
      ['/desk/login', 'member='],
      ['/desk/login/code', 'member=s-01&code=12'],
      ['/desk/login/admin', ''],
      ['/desk/settings', 'village=xiaoyingdian&sayThingsDay=x'],
    ];
    for (const [path, body] of forms) {
      const res = await fetch(`${h.url}${path}`, {
        method: 'POST',
        headers: { cookie: cookies.secretary!, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(res.status, `${path} ${body}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${path} ${body}`).toBeLessThan(500);
    }
    expect((await deskGet(h, 'linli_desk=forged.value', '/desk')).status).toBe(303);
    expect((await fetch(`${h.url}/desk/board/rows`)).status).toBe(401);
    // A form posted from another site is refused.
    const cross = await fetch(`${h.url}/desk/settings`, {
      method: 'POST',
      headers: {
        cookie: cookies.secretary!,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'village=xiaoyingdian',
    });
    expect(cross.status).toBe(403);
  });
});
