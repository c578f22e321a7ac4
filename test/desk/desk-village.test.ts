import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { launchChromium } from '../support/browser.js';
import { adminApi, type Harness, settle, startHarness, type TelegramUser } from '../support/harness.js';
import { bound, deskGet, loginCookie, otherVillages, refIn, logInOnPage } from './desk-support.js';

const artifacts = join(import.meta.dirname, '../../test-artifacts/desk');
const wait = { timeout: 15_000 };

let browser: Browser;
let h: Harness;
let yang: TelegramUser; // 三组1号 杨志强
let wang: TelegramUser; // 三组2号 王志强
let secretary: TelegramUser;
let leader: TelegramUser; // 吴永红, leader of 第三互助组
let town: TelegramUser;
let stranger: TelegramUser; // 南庄组长, another village's group leader
const ids: { vote?: number; notice?: number } = {};
const TITLE = '村委会前空地修建小广场';
const NOTICE = '十二月低保名单公示';

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  h = await startHarness();
  for (const roster of otherVillages()) await importRoster(h.database.db, roster);
  yang = await bound(h, 9001, '杨志强', '483920');
  wang = await bound(h, 9002, '王志强', '251551');
  secretary = await bound(h, 9100, '韩书记', '700001');
  leader = await bound(h, 9101, '吴组长', '700303');
  town = await bound(h, 9102, '镇干部', '700901');
  stranger = await bound(h, 9200, '南庄组长', '820301');
  // Two households of 392 are enough for this village's votes (its own rule; the default is half).
  expect(
    (await adminApi(h, 'PUT', '/api/v1/villages/xiaoyingdian/tally-rule', { turnout: 0.005, majority: 0.5 })).status,
  ).toBe(200);
  await settle(h);
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function logIn(page: Page, u: TelegramUser, member: string, village: string) {
  await logInOnPage(page, h, u, member, village);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  await page.screenshot({ path: join(artifacts, `${name}.jpg`), fullPage: true, type: 'jpeg', quality: 70 });
}

const move = async (page: Page, m: string, label: string, notes?: string) => {
  const form = page.locator(`form[data-move="${m}"]`);
  if (notes !== undefined) await form.locator('textarea[name="notes"]').fill(notes);
  await form.getByRole('button', { name: label }).click();
};

const post = (cookie: string, path: string, body: Record<string, string>) =>
  fetch(`${h.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams(body).toString(),
  });

describe('village votes and notices on the desk', () => {
  it('the secretary proposes a matter, takes it through the stages, ballots arrive in chat, the tally moves live, and the result is published', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await logIn(page, secretary, 's-01', 'xiaoyingdian');
    await page.getByRole('link', { name: '议事', exact: true }).click();
    await page.locator('h1', { hasText: '村民议事' }).waitFor(wait);
    await page.getByLabel('事项标题').fill(TITLE);
    await page.getByLabel('事项内容').fill('在村委会前的空地修一个小广场，预算两万元，从集体收入出。');
    await page.getByRole('button', { name: '提出事项' }).click();
    await page.getByText(/已提出议事 D\d+/).waitFor(wait);
    ids.vote = Number(/\/desk\/votes\/(\d+)/.exec(page.url())![1]);
    const D = `D${ids.vote}`;
    expect(await page.locator('[data-field="status"]').textContent()).toBe('已提议');

    await move(page, 'consult', '两委商议（商议）', '两委商议：预算两万元。');
    await page.getByText(/现在是「/).waitFor(wait);
    await move(page, 'review', '党员大会审议（审议）', '党员大会应到30人，实到27人，同意25人。');
    await page.locator('form[data-move="open"]').waitFor(wait);
    const before = [yang.inbox().length, wang.inbox().length];
    await move(page, 'open', '开始表决（表决）', '');
    await page.getByText(/已排队发送：2 个住户账号/).waitFor(wait);
    // Each bound household gets its ballot in chat, with the option buttons.
    const ballot = await yang.expect(new RegExp(`【村民议事 · 表决】${D}「${TITLE}」`), before[0]);
    expect(ballot.buttons).toEqual([`vt:${ids.vote}:1`, `vt:${ids.vote}:2`, `vt:${ids.vote}:3`]);
    await wang.expect(new RegExp(`${D}「${TITLE}」`), before[1]);
    await page.locator('#live:not([hidden])').waitFor(wait);
    await expect.poll(() => page.locator('#turnout').getAttribute('data-voted')).toBe('0');

    // A vote pressed in Telegram shows on the open page without reloading it.
    await yang.press(`vt:${ids.vote}:1`);
    await yang.expect(new RegExp(`已投票：您家对 ${D} 投「同意」`));
    await page.locator('#turnout[data-voted="1"]').waitFor(wait);
    expect(await page.locator('#turnout').textContent()).toContain(
      '已投 1 户 / 应投 392 户，规则要求至少 2 户（未达到）',
    );

    // A household without a phone votes in person: found by name (several 李桂兰 live in the village, told apart by group and address).
    await page.getByLabel('按户主姓名或门牌查找').fill('李桂兰');
    const found = await page.locator('select[name="household"] option:not([hidden])').allTextContents();
    expect(found).toContain('第三互助组 · 三组3号 · 李桂兰');
    expect(found.every((o) => o.includes('李桂兰'))).toBe(true);
    await page.locator('select[name="household"]').selectOption({ label: '第三互助组 · 三组3号 · 李桂兰' });
    await page.getByRole('button', { name: '登记这一票' }).click();
    await page.getByText('已登记 第三互助组 · 三组3号 · 李桂兰 现场投票：同意').waitFor(wait);
    await page.locator('#turnout[data-voted="2"]').waitFor(wait);
    expect(await page.locator('#turnout').textContent()).toContain('其中现场代投 1 户');
    expect(await page.locator('#verdict').textContent()).toBe('按现在的票数：通过');
    await shot(page, 'desk-vote-tally');

    const k = secretary.inbox().length;
    await move(page, 'close', '结束表决、计票');
    await page.getByText(`${D} 现在是「已表决」。`).waitFor(wait);
    await secretary.expect(new RegExp(D), k);
    expect(await page.locator('#verdict').textContent()).toBe('表决结果：通过');
    const published = [yang.inbox().length, wang.inbox().length];
    await move(page, 'publish', '公开决议（公开）', '决议张贴在村务公开栏。');
    await page.getByText(`${D} 现在是「决议已公开」`).waitFor(wait);
    // The result reaches residents as a village-affairs notice, with its 已读 button.
    for (const [i, u] of [yang, wang].entries()) {
      const notice = await u.expect(new RegExp(`【村务公开 · 决议】${D}「${TITLE}」`), published[i]);
      expect(notice.buttons[0]).toMatch(/^nr:\d+$/);
    }

    await page.goto(`${h.url}/desk/votes/${ids.vote}/print`);
    const sheet = await page.locator('#result').textContent();
    expect(sheet).toContain(`${D}「${TITLE}」`);
    expect(sheet).toContain('表决结果：通过');
    expect(sheet).toContain('决议张贴在村务公开栏。');
    expect(await page.locator('nav').isVisible()).toBe(true);
    await shot(page, 'desk-vote-print');
    // The same result as a PDF with the font in it, read back by a PDF reader; the print button prints.
    await context.addInitScript(() => {
      (window as unknown as { print: () => void; printed: number }).print = () => {
        (window as unknown as { printed: number }).printed = 1;
      };
    });
    await page.reload();
    await page.getByRole('button', { name: '打印' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed?: number }).printed)).toBe(1);
    const pdf = await context.request.get(`${h.url}${await page.locator('#pdf').getAttribute('href')}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const parser = new PDFParse({ data: new Uint8Array(await pdf.body()) });
    const words = (await parser.getText()).text.replace(/\s+/g, '');
    await parser.destroy();
    for (const want of [TITLE, '表决结果：通过', '小营店村']) expect(words, want).toContain(want);
    await context.close();
  }, 120_000);

  it('the secretary writes, previews and sends a notice; a resident pressing 已读 moves the count; the others are listed and reminded', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await logIn(page, secretary, 's-01', 'xiaoyingdian');
    await page.getByRole('link', { name: '村务公开', exact: true }).click();
    await page.getByLabel('标题').fill(NOTICE);
    await page.getByLabel('正文').fill('名单贴在村委会门口，有异议的12月15日前找村委会。');
    await page.getByLabel('第三互助组').check();
    await page.getByRole('button', { name: '预览' }).click();
    expect(await page.locator('#preview').textContent()).toContain(`【村务公开 · 村务】${NOTICE}`);
    await page.getByText('发给：第三互助组，各组群和每户住户。').waitFor(wait);
    const before = [yang.inbox().length, wang.inbox().length];
    await page.getByRole('button', { name: '发送' }).click();
    await page.getByText(/已排队发送：0 个群、2 个住户账号/).waitFor(wait);
    ids.notice = Number(/\/desk\/notices\/(\d+)/.exec(page.url())![1]);
    expect(await page.locator('#read-count').textContent()).toBe('0 / 2 户');

    const got = await yang.expect(new RegExp(`【村务公开 · 村务】${NOTICE}`), before[0]);
    expect(got.buttons).toEqual([`nr:${ids.notice}`]);
    await wang.expect(new RegExp(NOTICE), before[1]);
    await yang.press(`nr:${ids.notice}`);
    await page.reload();
    await expect
      .poll(async () => {
        await page.reload();
        return page.locator('#read-count').textContent();
      }, wait)
      .toBe('1 / 2 户');
    expect(await page.locator('#by-group').textContent()).toContain('第三互助组21');
    const unread = await page.locator('#unread').textContent();
    expect(unread).toContain('三组2号');
    expect(unread).toContain('王志强');
    expect(unread).not.toContain('杨志强');
    await shot(page, 'desk-notice');

    const k = [yang.inbox().length, wang.inbox().length];
    await page.getByRole('button', { name: '提醒未读住户' }).click();
    await page.getByText('已给 1 个未读住户账号再发一次提醒。').waitFor(wait);
    const reminder = await wang.expect(/【提醒】这条公告您还没有点“已读”/, k[1]);
    expect(reminder.buttons).toEqual([`nr:${ids.notice}`]);
    await settle(h);
    expect(
      yang
        .inbox()
        .slice(k[0])
        .some((m) => /【提醒】/.test(m.text)),
    ).toBe(false);
    await context.close();
  }, 120_000);

  it('a town official and a group leader read but cannot decide; a leader of another village is denied every page and action', async () => {
    const vote = `/desk/votes/${ids.vote}`;
    const notice = `/desk/notices/${ids.notice}`;
    for (const [u, code] of [
      [town, 't-01'],
      [leader, 'l-03'],
    ] as const) {
      const cookie = await loginCookie(h, u, code, 'xiaoyingdian');
      const page = await deskGet(h, cookie, vote);
      expect(page.status).toBe(200);
      expect(page.text).toContain('这是村里的决定：这里只能查看。');
      expect(page.text).not.toContain('data-move="progress"');
      const refused = await post(cookie, `${vote}/move`, { move: 'progress', notes: '已开工' });
      expect(refused.status).toBe(403);
      expect((await post(cookie, `${notice}/remind`, {})).status).toBe(403);
      expect((await post(cookie, '/desk/notices', { village: 'xiaoyingdian', title: 'x', text: 'y' })).status).toBe(
        403,
      );
    }
    const status = await adminApi<{ status: string }>(h, 'GET', `/api/v1/deliberations/${ids.vote}`);
    expect(status.body.status).toBe('published');

    const cookie = await loginCookie(h, stranger, 'l-01', 'nanzhuang');
    const leaks = [TITLE, NOTICE, '三组', '杨志强', '王志强', '小营店'];
    const gets = [
      vote,
      `${vote}/print`,
      `${vote}/events`,
      notice,
      '/desk/votes?village=xiaoyingdian',
      '/desk/notices?village=xiaoyingdian',
    ];
    for (const path of gets) {
      const res = await deskGet(h, cookie, path);
      expect(res.status, path).toBe(404);
      for (const word of leaks) expect(res.text, path).not.toContain(word);
    }
    const posts: [string, Record<string, string>][] = [
      [`${vote}/move`, { move: 'progress', notes: '已开工' }],
      [`${vote}/in-person`, { household: 'h-0306', option: '1' }],
      [`${notice}/remind`, {}],
      ['/desk/votes', { village: 'xiaoyingdian', title: 'x', text: 'y' }],
      ['/desk/notices', { village: 'xiaoyingdian', title: 'x', text: 'y' }],
      ['/desk/notices/preview', { village: 'xiaoyingdian', title: 'x', text: 'y' }],
    ];
    for (const [path, body] of posts) {
      const res = await post(cookie, path, body);
      expect(res.status, path).toBe(404);
      const text = await res.text();
      for (const word of leaks) expect(text, path).not.toContain(word);
    }
    // Their own village's pages work, and show nothing of the other village.
    const own = await deskGet(h, cookie, '/desk/votes');
    expect(own.status).toBe(200);
    expect(own.text).toContain('南庄村');
    expect(own.text).not.toContain(TITLE);
    expect((await adminApi<{ status: string }>(h, 'GET', `/api/v1/deliberations/${ids.vote}`)).body.status).toBe(
      'published',
    );
  }, 120_000);

  it('on say-things day the secretary records an outcome and hands a topic to a leader from the desk; the resident and the leader hear it in chat', async () => {
    let k = yang.inbox().length;
    await yang.say('说事：想问问今年低保名单是怎么定的');
    const mine = refIn((await yang.expect(/支部说事日/, k)).text);
    k = wang.inbox().length;
    await wang.say('说事：村西头的路灯坏了一个多月了');
    const lamp = refIn((await wang.expect(/支部说事日/, k)).text);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await logIn(page, secretary, 's-01', 'xiaoyingdian');
    await page.getByRole('link', { name: '支部说事日', exact: true }).click();
    const y0 = yang.inbox().length;
    const topic = page.locator(`[data-topic="${mine}"]`);
    await topic.getByLabel(/结果/).fill('低保名单按户评议后张榜公示');
    await topic.getByRole('button', { name: '记录结果' }).click();
    await page.getByText(`已记录 #${mine} 的结果，并告诉了住户。`).waitFor(wait);
    await yang.expect(new RegExp(`#${mine} 有结果了：低保名单按户评议后张榜公示`), y0);

    const l0 = leader.inbox().length;
    const other = page.locator(`[data-topic="${lamp}"]`);
    const wu = await other.locator('select[name="member"] option', { hasText: '吴永红' }).first().getAttribute('value');
    await other.locator('select[name="member"]').selectOption(wu!);
    await other.getByRole('button', { name: '转办' }).click();
    await page.getByText(`说事议题 #${lamp} 已转给吴永红办理。`).waitFor(wait);
    await leader.expect(new RegExp(`#${lamp}`), l0);
    await shot(page, 'desk-say-things');
    // The other village's leader cannot touch the topic.
    const cookie = await loginCookie(h, stranger, 'l-01', 'nanzhuang');
    const res = await post(cookie, `/desk/say-things/topics/${lamp}`, { action: 'outcome', text: '已修好' });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('路灯');
    await context.close();
  }, 120_000);
});
