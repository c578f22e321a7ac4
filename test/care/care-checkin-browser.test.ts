import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLocal } from '../../src/domain/local-time.js';
import { launchChromium } from '../support/browser.js';
import { ADMIN_TOKEN, demoRoster, type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';
import { deskGet, logInOnPage, loginCookie } from '../desk/desk-support.js';

/**
 * A check-in standing in for a visit (关爱问候), where the secretary allowed it on the desk's settings page: the
 * care sweep asks the household's own accounts; any reply counts as the visit; no reply in a day makes it the
 * leader's visit task; still not visited, it goes to the secretary and then to the town contact; /desk/care marks it.
 */
const at = (m: number, d: number, h = 0, min = 0, y = 2026) => atLocal('Asia/Shanghai', y, m, d, h, min);
const clock = {
  t: at(11, 2, 9).getTime(),
  now() {
    return new Date(this.t);
  },
  set(d: Date) {
    this.t = d.getTime();
  },
};

let browser: Browser;
let h: Harness;
let elder: TelegramUser; // 三组1号 杨志强: answers the check-in
let quiet: TelegramUser; // 三组2号 王志强: does not
let leader: TelegramUser; // 吴永红, the third group's leader
let secretary: TelegramUser;
let town: TelegramUser; // 磁州镇综治中心

async function tickAt(d: Date) {
  clock.set(d);
  await h.app.linli.tick(d);
  h.app.linli.outbox.wake();
  await settle(h);
}
const count = (u: TelegramUser, since: number, re: RegExp) =>
  u
    .inbox()
    .slice(since)
    .filter((m) => re.test(m.text)).length;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startHarness({ clock });
  elder = new TelegramUser(h, 5201, '杨志强');
  quiet = new TelegramUser(h, 5202, '王志强');
  leader = new TelegramUser(h, 5203, '吴永红');
  secretary = new TelegramUser(h, 5204, '韩守义');
  town = new TelegramUser(h, 5205, '综治中心');
  for (const [u, code] of [
    [elder, '483920'],
    [quiet, '251551'],
    [leader, '700303'],
    [secretary, '700001'],
    [town, '700901'],
  ] as const) {
    await u.say(`/start ${code}`);
    await u.expect(/绑定成功/);
  }
  const roster = demoRoster();
  for (const x of roster.households) if (x.address === '三组1号' || x.address === '三组2号') x.care = '独居老人';
  const res = await fetch(`${h.url}/api/v1/roster`, {
    method: 'POST',
    body: JSON.stringify(roster),
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
  });
  expect(res.status).toBe(200);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('a check-in standing in for a visit', () => {
  it('is off until the secretary allows it on the settings page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await logInOnPage(page, h, secretary, 's-01');
    await page.goto(`${h.url}/desk/settings`);
    const box = page.getByLabel('允许用问候消息代替入户走访');
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await page.locator('#care-checkin button[type=submit]').click();
    await page.getByText('已打开：问候有回复就算走访。').waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('允许用问候消息代替入户走访').isChecked()).toBe(true);
    await context.close();
  });

  it('asks the households when the visit is due; a reply counts as the visit, with its words', async () => {
    const [e0, q0, l0] = [elder.inbox().length, quiet.inbox().length, leader.inbox().length];
    await tickAt(at(11, 9, 8, 59));
    expect(count(elder, e0, /关爱问候/)).toBe(0);
    await tickAt(at(11, 9, 9, 1));
    await elder.expect(/【关爱问候】杨志强，您好！组长吴永红想问问您家最近怎么样/, e0);
    await quiet.expect(/【关爱问候】王志强，您好！/, q0);
    // Asked, not yet the leader's.
    expect(count(leader, l0, /走访提醒/)).toBe(0);

    clock.set(at(11, 9, 10));
    const e1 = elder.inbox().length;
    await elder.say('都挺好的，不用惦记');
    await elder.expect(/谢谢您回复！组长会知道您家的情况/, e1);
    // No request of it.
    const list = await fetch(`${h.url}/api/v1/requests?pageSize=5`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(((await list.json()) as { total: number }).total).toBe(0);

    const page = await deskGet(h, await loginCookie(h, leader, 'l-03', 'xiaoyingdian'), '/desk/care');
    expect(page.text).toMatch(
      /<tr data-household="h-0301" data-standing="ok">[\s\S]*?本户回复了问候[\s\S]*?都挺好的，不用惦记/,
    );
  });

  it('no answer in a day: the leader gets the visit task; then the secretary, then the town contact, each once', async () => {
    const [l0, s0, t0] = [leader.inbox().length, secretary.inbox().length, town.inbox().length];
    await tickAt(at(11, 10, 9, 0));
    expect(count(leader, l0, /走访提醒/)).toBe(0);
    await tickAt(at(11, 10, 9, 2));
    const task = await leader.expect(
      /【走访提醒】王志强家（三组2号）（独居老人）该入户走访了。发给这户的问候一天没有回复。/,
      l0,
    );
    expect(task.text).toContain('走访 三组2号');
    // The household that answered is no one's task.
    expect(count(leader, l0, /杨志强家/)).toBe(0);

    await tickAt(at(11, 11, 9, 1));
    await secretary.expect(
      /【走访超时】王志强家（三组2号）（独居老人）应在 11月9日 09:00 前走访，吴永红 还没有走访/,
      s0,
    );
    expect(count(town, t0, /走访超时/)).toBe(0);
    await tickAt(at(11, 13, 8, 59));
    expect(count(town, t0, /走访超时/)).toBe(0);
    await tickAt(at(11, 13, 9, 1));
    await town.expect(
      /【走访超时】小营店村王志强家（三组2号）（独居老人）应在 11月9日 09:00 前走访，已告诉村党支部书记，吴永红 还没有走访/,
      t0,
    );
    await tickAt(at(11, 13, 12, 0));
    expect(count(town, t0, /走访超时/)).toBe(1);
    expect(count(secretary, s0, /走访超时/)).toBe(1);
    expect(count(leader, l0, /走访提醒/)).toBe(1);

    const page = await deskGet(h, await loginCookie(h, secretary, 's-01', 'xiaoyingdian'), '/desk/care');
    expect(page.text).toContain('<tr data-household="h-0302" data-standing="overdue">');
  });

  it("a reply that is a matter is the visit and is filed as the household's own request", async () => {
    // 杨志强 answered on 11月9日 10:00: the next check-in is a week on.
    const e0 = elder.inbox().length;
    await tickAt(at(11, 16, 10, 1));
    await elder.expect(/【关爱问候】杨志强/, e0);
    clock.set(at(11, 16, 11));
    const e1 = elder.inbox().length;
    await elder.say('屋顶漏雨了，想请人来修一下');
    const receipt = await elder.expect(/已收到，编号 #\d+/, e1);
    const ref = Number(/#(\d+)/.exec(receipt.text)![1]);
    const r = (await (
      await fetch(`${h.url}/api/v1/requests/${ref}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()) as { household: string };
    expect(r.household).toBe('h-0301');
    // Answered: no visit task the next day.
    const l0 = leader.inbox().length;
    await tickAt(at(11, 17, 10, 5));
    expect(count(leader, l0, /杨志强家（三组1号）（独居老人）该入户走访了/)).toBe(0);
  });
});
