import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, adminApi, type Harness, startHarness, type TelegramUser } from '../support/harness.js';
import { bound, codeFor } from './desk-support.js';

let h: Harness;
let secretary: TelegramUser;
let leader: TelegramUser;

beforeAll(async () => {
  h = await startHarness();
  secretary = await bound(h, 9100, '韩书记', '700001');
  leader = await bound(h, 9101, '吴组长', '700303');
}, 60_000);
afterAll(async () => { await h?.close(); });

const post = (path: string, body: Record<string, string>) => fetch(`${h.url}${path}`, {
  method: 'POST', redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString(),
});

describe('logging in to the desk', () => {
  it('the admin logs in with the admin token; a wrong token is refused', async () => {
    expect((await post('/desk/login/admin', { token: 'not-the-token' })).status).toBe(401);
    const ok = await post('/desk/login/admin', { token: ADMIN_TOKEN });
    expect(ok.status).toBe(303);
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^linli_desk=[^;]+; Max-Age=28800; Path=\/desk; HttpOnly; SameSite=Strict$/);
    const who = await fetch(`${h.url}/desk/whoami`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(await who.json()).toEqual({ kind: 'admin', scope: { kind: 'all' } });
  });

  it('a member without a bound account is told to bind first; an unknown member code is refused', async () => {
    const none = await post('/desk/login', { member: 'l-05', village: 'xiaoyingdian' });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('还没有绑定聊天账号');
    expect(await (await post('/desk/login', { member: 'zz-99', village: '' })).text()).toContain('没有找到这位村干部');
  });

  it('wrong codes are throttled per member: after five, even the right code waits', async () => {
    const since = leader.inbox().length;
    expect((await post('/desk/login', { member: 'l-03', village: 'xiaoyingdian' })).status).toBe(200);
    const code = await codeFor(leader, since);
    const wrong = code === '000000' ? '000001' : '000000';
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await post('/desk/login/code', { member: 'l-03', village: 'xiaoyingdian', code: wrong })).status);
    expect(answers).toEqual([400, 400, 400, 400, 429]);
    const right = await post('/desk/login/code', { member: 'l-03', village: 'xiaoyingdian', code });
    expect(right.status).toBe(429);
    expect(await right.text()).toContain('尝试次数太多');
    expect(right.headers.get('set-cookie')).toBeNull();
    const log = await adminApi<{ items: { action: string; actor: string }[] }>(h, 'GET', '/api/v1/audit?action=login.failed');
    expect(log.body.items.filter((e) => e.actor === 'l-03@xiaoyingdian')).toHaveLength(6);
  });

  it('wrong codes are throttled per address too: guessing other members from one address stops', async () => {
    // Five failures of the leader above already count for this address; five more and it waits.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post('/desk/login/code', { member: 's-01', village: 'xiaoyingdian', code: String(100000 + i) })).status);
    expect(statuses.at(-1)).toBe(429);
    const since = secretary.inbox().length;
    // Not even a code is sent while the address waits.
    expect((await post('/desk/login', { member: 's-01', village: 'xiaoyingdian' })).status).toBe(429);
    expect(secretary.inbox().slice(since).some((m) => /验证码/.test(m.text))).toBe(false);
  });
});
