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
afterAll(async () => {
  await h?.close();
});

const post = (path: string, body: Record<string, string>) =>
  fetch(`${h.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
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

  it('the answer to a code request is the same whether the member exists, has an account, or not', async () => {
    const since = leader.inbox().length;
    const ask = async (member: string, village: string) => {
      const res = await post('/desk/login', { member, village });
      // The form echoes what was typed; everything else must be the same.
      return {
        status: res.status,
        body: (await res.text())
          .replaceAll(`value="${member}"`, 'value="?"')
          .replaceAll(`value="${village}"`, 'value="?"'),
      };
    };
    const existing = await ask('l-03', 'xiaoyingdian');
    await codeFor(leader, since);
    const unknown = await ask('zz-99', '');
    const noAccount = await ask('l-05', 'xiaoyingdian');
    const noVillage = await ask('l-03', 'nowhere');
    expect(existing.status).toBe(200);
    expect(existing.body).toContain('对得上一位已绑定聊天账号的村干部');
    expect(existing.body).not.toMatch(/Telegram账号|没有这个成员编号|还没有绑定聊天账号/);
    for (const other of [unknown, noAccount, noVillage]) expect(other).toEqual(existing);
  });

  it('wrong codes are throttled per member at an address: after five, even the right code waits there', async () => {
    const since = leader.inbox().length;
    expect((await post('/desk/login', { member: 'l-03', village: 'xiaoyingdian' })).status).toBe(200);
    const code = await codeFor(leader, since);
    const wrong = code === '000000' ? '000001' : '000000';
    const answers: number[] = [];
    for (let i = 0; i < 5; i++)
      answers.push((await post('/desk/login/code', { member: 'l-03', village: 'xiaoyingdian', code: wrong })).status);
    expect(answers).toEqual([400, 400, 400, 400, 429]);
    const right = await post('/desk/login/code', { member: 'l-03', village: 'xiaoyingdian', code });
    expect(right.status).toBe(429);
    expect(await right.text()).toContain('尝试次数太多');
    expect(right.headers.get('set-cookie')).toBeNull();
    const log = await adminApi<{ items: { action: string; actor: string }[] }>(
      h,
      'GET',
      '/api/v1/audit?action=login.failed',
    );
    expect(log.body.items.filter((e) => e.actor === 'l-03@xiaoyingdian')).toHaveLength(6);
  });

  it('wrong codes are throttled per address too: guessing other members from one address stops', async () => {
    // Five failures of the leader above already count for this address; five more and it waits.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await post('/desk/login/code', { member: 's-01', village: 'xiaoyingdian', code: String(100000 + i) })).status,
      );
    expect(statuses.at(-1)).toBe(429);
    const since = secretary.inbox().length;
    // Not even a code is sent while the address waits.
    expect((await post('/desk/login', { member: 's-01', village: 'xiaoyingdian' })).status).toBe(429);
    expect(
      secretary
        .inbox()
        .slice(since)
        .some((m) => /验证码/.test(m.text)),
    ).toBe(false);
  });
});
