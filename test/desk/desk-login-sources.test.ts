import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle, type TelegramUser } from '../support/harness.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';
import { bound, codeFor } from './desk-support.js';

// A stranger guessing a member's desk code, or asking codes for them, from addresses of their own: the
// addresses wait, the member does not.
let h: ChannelHarness;
let secretary: TelegramUser;
let leader: TelegramUser;
const MINUTE = 60_000;
const advance = (ms: number) => {
  (h.clock as unknown as { offsetMs: number }).offsetMs += ms;
};

beforeAll(async () => {
  // Trusting the proxy lets each request come from an address of the test's choosing.
  h = await startChannelHarness({ http: { trustProxy: true } });
  secretary = await bound(h, 9200, '韩书记', '700001');
  leader = await bound(h, 9201, '吴组长', '700303');
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const post = (path: string, from: string, body: Record<string, string>) =>
  fetch(`${h.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from },
    body: new URLSearchParams(body).toString(),
  });

/** Asks a code from an address and types what arrived in the member's Telegram; answers the final response. */
async function logIn(u: TelegramUser, member: string, from: string): Promise<Response> {
  const since = u.inbox().length;
  expect((await post('/desk/login', from, { member, village: 'xiaoyingdian' })).status).toBe(200);
  const code = await codeFor(u, since);
  return post('/desk/login/code', from, { member, village: 'xiaoyingdian', code });
}

describe('a stranger guessing codes', () => {
  it('5 wrong codes from 5 addresses do not stop the member logging in from their own address; a new address only waits a little', async () => {
    const office = '192.0.2.10';
    expect((await logIn(secretary, 's-01', office)).status).toBe(303);

    const answers: number[] = [];
    for (let i = 1; i <= 5; i++)
      answers.push(
        (await post('/desk/login/code', `203.0.113.${i}`, { member: 's-01', village: 'xiaoyingdian', code: '123456' }))
          .status,
      );
    // The fifth says that this member's next attempt from a new address waits a little.
    expect(answers).toEqual([400, 400, 400, 400, 429]);

    // The office is the member's own: not held back at all.
    const own = await logIn(secretary, 's-01', office);
    expect(own.status).toBe(303);
    expect(own.headers.get('set-cookie')).toMatch(/^linli_desk=/);

    // An address the member never used waits a short while after the stranger's guesses, then works.
    const phone = '198.51.100.77';
    const since = secretary.inbox().length;
    expect((await post('/desk/login', phone, { member: 's-01', village: 'xiaoyingdian' })).status).toBe(200);
    const code = await codeFor(secretary, since);
    const early = await post('/desk/login/code', phone, { member: 's-01', village: 'xiaoyingdian', code });
    expect(early.status).toBe(429);
    expect(await early.text()).toMatch(/每次尝试都要等一会儿，请在 \d\d:\d\d 以后再试/);
    advance(MINUTE + 1000);
    expect((await post('/desk/login/code', phone, { member: 's-01', village: 'xiaoyingdian', code })).status).toBe(303);
  });

  it('the address that guessed waits, for that member after 5 and for everyone after 10', async () => {
    const attacker = '203.0.113.50';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push(
        (
          await post('/desk/login/code', attacker, {
            member: 'l-03',
            village: 'xiaoyingdian',
            code: String(200000 + i),
          })
        ).status,
      );
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await post('/desk/login/code', attacker, { member: 'zz-0' + i, village: '', code: '111111' })).status,
      );
    expect(statuses.at(-1)).toBe(429);
    const since = leader.inbox().length;
    expect((await post('/desk/login', attacker, { member: 'l-03', village: 'xiaoyingdian' })).status).toBe(429);
    // The member itself, from elsewhere, after the slowdown, is in.
    advance(2 * MINUTE);
    expect((await logIn(leader, 'l-03', '192.0.2.20')).status).toBe(303);
    expect(
      leader
        .inbox()
        .slice(since)
        .filter((m) => /验证码/.test(m.text)),
    ).toHaveLength(1);
  });
});

describe('a stranger asking codes', () => {
  it("cannot use up the member's codes nor spoil the code the member is typing", async () => {
    advance(61 * MINUTE);
    // The member asks first, from their own office…
    const office = '192.0.2.10';
    const since = secretary.inbox().length;
    expect((await post('/desk/login', office, { member: 's-01', village: 'xiaoyingdian' })).status).toBe(200);
    const code = await codeFor(secretary, since);
    // …then a stranger asks 12 codes from 3 addresses: each answered alike, at most 3 per address sent.
    for (let a = 1; a <= 3; a++) {
      for (let k = 0; k < 4; k++)
        expect(
          (await post('/desk/login', `203.0.113.${100 + a}`, { member: 's-01', village: 'xiaoyingdian' })).status,
        ).toBe(200);
    }
    // Whatever the stranger's requests sent has arrived before the member asks again, so the member's next
    // code is not confused with one sent for a stranger's address.
    await settle(h);
    // The member's code still works where it was asked.
    expect((await post('/desk/login/code', office, { member: 's-01', village: 'xiaoyingdian', code })).status).toBe(
      303,
    );
    // And the member gets a new one from their own address, and from a fresh one.
    expect((await logIn(secretary, 's-01', office)).status).toBe(303);
    const fresh = secretary.inbox().length;
    expect((await post('/desk/login', '198.51.100.200', { member: 's-01', village: 'xiaoyingdian' })).status).toBe(200);
    await codeFor(secretary, fresh);
    // 9 for the stranger, 3 for the member: no more than that reached the member's chat.
    expect(
      secretary
        .inbox()
        .slice(since)
        .filter((m) => /工作台登录验证码/.test(m.text)).length,
    ).toBeLessThanOrEqual(12);
  });
});
