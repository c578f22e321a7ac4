import type { Page } from 'playwright-core';
import { type Harness, TelegramUser, waitFor } from '../support/harness.js';

/** A second and a third village: one in the demo village's town (磁州镇), one in another town of the county. */
export const otherVillages = () => [
  {
    village: { code: 'beiguan', name: '北关村', town: '磁州镇', county: '磁县' },
    members: [
      { code: 's-01', name: '刘书记', roles: ['secretary'], bindCode: '810001' },
      { code: 'l-01', name: '北关组长', roles: ['group_leader'], bindCode: '810301' },
    ],
    groups: [{ code: 'g1', name: '北关一组', leader: 'l-01' }],
    households: [{ code: 'h-0101', group: 'g1', head: '北关住户', address: '北关一组1号', bindCode: '810501' }],
  },
  {
    village: { code: 'nanzhuang', name: '南庄村', town: '讲武城镇', county: '磁县' },
    members: [
      { code: 's-01', name: '南庄书记', roles: ['secretary'], bindCode: '820001' },
      { code: 'l-01', name: '南庄组长', roles: ['group_leader'], bindCode: '820301' },
    ],
    groups: [{ code: 'g1', name: '南庄一组', leader: 'l-01' }],
    households: [{ code: 'h-0101', group: 'g1', head: '南庄住户', address: '南庄一组1号', bindCode: '820501' }],
  },
];

/** Binds a Telegram account with a card code and waits for the welcome. */
export async function bound(h: Harness, id: number, name: string, code: string): Promise<TelegramUser> {
  const u = new TelegramUser(h, id, name);
  await u.say(`/start ${code}`);
  await u.expect(/绑定成功/);
  return u;
}

export const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

/** A resident reports; answers the request's reference from the receipt. */
export async function report(u: TelegramUser, text: string): Promise<number> {
  const since = u.inbox().length;
  await u.say(text);
  return refIn((await u.expect(/已收到，编号 #\d+/, since)).text);
}

/** The login code the desk sent to this member's Telegram account. */
export async function codeFor(u: TelegramUser, since: number): Promise<string> {
  const m = await u.expect(/工作台登录验证码：\d{6}/, since);
  return /(\d{6})/.exec(m.text)![1]!;
}

const form = (o: Record<string, string>) => new URLSearchParams(o).toString();

/** Logs in over plain HTTP as a member (the code read from their Telegram); answers the cookie header. */
export async function loginCookie(h: Harness, u: TelegramUser, member: string, village: string): Promise<string> {
  const since = u.inbox().length;
  const post = (path: string, body: Record<string, string>) =>
    fetch(`${h.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form(body),
    });
  const sent = await post('/desk/login', { member, village });
  if (sent.status !== 200) throw new Error(`login code not sent: ${sent.status}`);
  const code = await codeFor(u, since);
  const res = await post('/desk/login/code', { member, village, code });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 303 || !cookie) throw new Error(`login failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

export async function deskGet(
  h: Harness,
  cookie: string,
  path: string,
  accept = 'text/html',
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.url}${path}`, { headers: { cookie, accept }, redirect: 'manual' });
  return { status: res.status, text: await res.text() };
}

export const until = waitFor;

/** Logs in on the desk's page as a person would: the card number or name, the code from their chat, 登录; waits for the board. */
export async function logInOnPage(
  page: Page,
  h: Harness,
  u: TelegramUser,
  member: string,
  village = 'xiaoyingdian',
): Promise<void> {
  await page.goto(`${h.url}/desk/login`);
  const since = u.inbox().length;
  await page.getByLabel('联心卡号码或姓名').fill(member);
  await page.getByLabel('村代码').fill(village);
  await page.getByRole('button', { name: '发送验证码' }).click();
  await page.getByLabel('验证码').fill(await codeFor(u, since));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.locator('h1', { hasText: '诉求看板' }).waitFor({ timeout: 15_000 });
}
