import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PDFParse } from 'pdf-parse';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { launchChromium } from '../support/browser.js';
import { type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';
import { ask, bindAs, bindStaff, CARDS, fileDispute, type Village } from '../mediation/support.js';
import { bound, deskGet, loginCookie, otherVillages, logInOnPage } from './desk-support.js';

const artifacts = join(import.meta.dirname, '../../test-artifacts/desk');
const wait = { timeout: 15_000 };

let browser: Browser;
let h: Harness;
let v: Village;
let applicant: TelegramUser; // 杨志强, 三组1号
let other: TelegramUser; // 张红霞, 三组5号
let town: TelegramUser;
let stranger: TelegramUser; // 北关组长, another village's group leader
let ref = 0;
let mediatorCode = '';
let caseNo = '';
const AGREEMENT = '张家在本月底前把东墙拆回1998年界桩以内，杨家不再要求赔偿。';

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  h = await startHarness({ pumps: 'manual' });
  for (const roster of otherVillages()) await importRoster(h.database.db, roster);
  v = await bindStaff(h, 8100);
  applicant = await bindAs(new TelegramUser(h, 8001, '杨志强'), CARDS.h0301);
  other = await bindAs(new TelegramUser(h, 8002, '张红霞'), CARDS.h0305);
  town = await bound(h, 8200, '镇干部', '700901');
  stranger = await bound(h, 8201, '北关组长', '810301');
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

async function logIn(
  u: TelegramUser,
  member: string,
  village: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await logInOnPage(page, h, u, member, village);
  return { context, page };
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  await page.screenshot({ path: join(artifacts, `${name}.jpg`), fullPage: true, type: 'jpeg', quality: 70 });
}

const flash = (page: Page, text: string) => page.locator('.flash', { hasText: text }).waitFor(wait);
const stepForm = (page: Page, action: string) => page.locator(`form[data-action="${action}"]`);

describe('a dispute from 受理 to an agreement on the desk, the parties confirming in chat', () => {
  it('the mediator accepts and takes the steps on the case page; the parties are told as in chat', async () => {
    const filed = await fileDispute(applicant, v, '张家盖房子东墙占了俺家宅基地半米，说了也不听');
    ref = filed.ref;
    mediatorCode = filed.code;
    const { context, page } = await logIn(filed.mediator, mediatorCode, 'xiaoyingdian');

    // 受理: accepting the dispute on its request page opens the case, as 接单 does in chat.
    const a0 = applicant.inbox().length;
    await page.goto(`${h.url}/desk/requests/${ref}`);
    await page.getByRole('button', { name: '接单' }).click();
    // Answered in the desk's words, not with a chat command to type.
    await flash(page, `已接单 #${ref}`);
    const answer = (await page.locator('main .flash').allTextContents()).join('\n');
    expect(answer).toContain('已受理为人民调解案件');
    expect(answer).not.toMatch(/发：|请直接发送|主持 #/);
    const opened = await applicant.expect(/已由村调委会受理，案号 （\d{4}）小营店人调字第 \d+ 号/, a0);
    caseNo = /（\d{4}）小营店人调字第 \d+ 号/.exec(opened.text)![0];
    await page.getByRole('link', { name: `查看调解案件 ${caseNo}` }).click();
    await page.locator('h1', { hasText: caseNo }).waitFor(wait);
    expect(await page.locator('.step[data-state="next"]').textContent()).toContain('指定主持人');
    expect(await page.locator('tr[data-party="杨志强"]').textContent()).toContain('已绑定');

    // 指定主持人: the one logged in, by default.
    const a1 = applicant.inbox().length;
    await stepForm(page, 'preside').getByRole('button').click();
    await flash(page, '已指定主持人');
    await applicant.expect(/由调解员.+主持调解/, a1);

    // The other party, picked from the roster by name and address.
    const o0 = other.inbox().length;
    await stepForm(page, 'party').getByLabel('本村住户').selectOption({ label: '张红霞家（三组5号）' });
    await stepForm(page, 'party').getByRole('button').click();
    await flash(page, '已添加另一方当事人');
    await other.expect(/您是另一方当事人/, o0);
    expect(await page.locator('tr[data-party="张红霞"]').textContent()).toContain('被申请人');

    await stepForm(page, 'investigate').getByLabel('记录内容').fill('现场查看：张家东墙越过1998年界桩约半米。');
    await stepForm(page, 'investigate').getByRole('button').click();
    await flash(page, '调查情况已记入卷宗');

    const a2 = applicant.inbox().length;
    const o2 = other.inbox().length;
    await stepForm(page, 'inform').getByRole('button').click();
    await flash(page, '已通知 2 户当事人');
    await applicant.expect(/人民调解权利义务告知书/, a2);
    await other.expect(/人民调解权利义务告知书/, o2);

    // The other party speaks in chat: her words appear on the case page as her statement.
    await ask(other, '俺家的墙是按老界桩盖的，俺愿意量一量', /已记入调解案件/);
    await stepForm(page, 'session').getByLabel('记录内容').fill('双方到场，同意按1998年界桩重新丈量。');
    await stepForm(page, 'session').getByRole('button').click();
    await flash(page, '调解情况已记入卷宗');
    const statement = page.locator('.timeline li.statement');
    expect(await statement.textContent()).toContain('俺家的墙是按老界桩盖的');
    expect(await statement.textContent()).toContain('张红霞');
    expect(await statement.textContent()).toContain('Telegram');
    await shot(page, 'desk-case-mediating');
    await context.close();
  }, 240_000);

  it('the secretary proposes the agreement from the page; both parties agree in chat and the page shows who, when and where', async () => {
    const { context, page } = await logIn(v.secretary, 's-01', 'xiaoyingdian');
    await page.getByRole('link', { name: '调解', exact: true }).click();
    await page.locator('h1', { hasText: '人民调解案件' }).waitFor(wait);
    await page.locator(`#open tr[data-case="${ref}"]`).waitFor(wait);
    await page.locator(`#open tr[data-case="${ref}"]`).getByRole('link', { name: caseNo }).click();

    const a0 = applicant.inbox().length;
    const o0 = other.inbox().length;
    await shot(page, 'desk-case-secretary');
    await stepForm(page, 'propose').getByLabel('协议内容').fill(AGREEMENT);
    await stepForm(page, 'propose').getByRole('button').click();
    await flash(page, '协议已发给当事人确认');
    expect((await applicant.expect(/【人民调解协议书】/, a0)).text).toContain(AGREEMENT);
    await other.expect(/【人民调解协议书】/, o0);
    expect(await page.locator('tr[data-confirm="杨志强"]').textContent()).toContain('还没有答复');

    await ask(applicant, `同意 #${ref}`, /您同意/);
    await ask(other, `同意 #${ref}`, /您同意/);
    await applicant.expect(/调解协议生效/, a0);
    await settle(h);
    await page.goto(`${h.url}/desk/cases/${ref}`);
    await page.locator('[data-field="case-status"]', { hasText: '已达成协议' }).waitFor(wait);
    for (const name of ['杨志强', '张红霞']) {
      const cells = await page.locator(`tr[data-confirm="${name}"] td`).allTextContents();
      expect(cells[1]).toBe('同意');
      expect(cells[2]).toMatch(/\d/);
      expect(cells[3]).toBe('Telegram');
    }
    expect(await page.locator('.step[data-step="agreement"]').getAttribute('data-state')).toBe('done');
    expect(await page.locator('.flash.ok').textContent()).toContain('司法确认');
    await shot(page, 'desk-case-agreed');
    // A step the case is past is refused in words, and nothing is sent to the parties.
    const late = await context.request.post(`${h.url}/desk/cases/${ref}`, {
      form: { action: 'propose', text: '另一个协议' },
    });
    expect(late.status()).toBe(409);
    expect(await late.text()).toContain('没有办成');
    const bad = await context.request.post(`${h.url}/desk/cases/${ref}`, { form: { action: 'investigate', text: '' } });
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain('body.text');

    // The applicant is not satisfied and says why in chat: the dispute's request page flags the reason and links the case.
    const r0 = applicant.inbox().length;
    await applicant.press(`rate:${ref}:3`);
    await applicant.expect(/哪里没办好/, r0);
    await ask(applicant, '东墙到现在还没拆', /记下了/);
    await page.goto(`${h.url}/desk/requests/${ref}`);
    const flagged = page.locator('.timeline li[data-unhappy]');
    await flagged.waitFor(wait);
    expect(await flagged.textContent()).toContain('不满意的原因');
    expect(await flagged.textContent()).toContain('东墙到现在还没拆');
    expect(await page.getByRole('link', { name: `查看调解案件 ${caseNo}` }).count()).toBe(1);

    // The village's time zone is picked from a list, not typed.
    await page.goto(`${h.url}/desk/settings`);
    expect(await page.locator('select[name="timezone"]').inputValue()).toBe('Asia/Shanghai');
    expect(await page.locator('select[name="timezone"] option').count()).toBeGreaterThan(100);

    // The list has it among the cases whose judicial confirmation is still possible.
    await page.goto(`${h.url}/desk/cases`);
    await page.locator(`#judicial tr[data-case="${ref}"]`).waitFor(wait);
    await shot(page, 'desk-cases');

    // The case file: the printable page and the PDF, the font in it, the text readable by a PDF reader.
    const html = await context.request.get(`${h.url}/desk/cases/${ref}/file`);
    expect(html.status()).toBe(200);
    const file = await html.text();
    expect(file).toContain(caseNo);
    expect(file.indexOf('人民调解受理登记表')).toBeLessThan(file.indexOf('人民调解协议书'));
    const res = await context.request.get(`${h.url}/desk/cases/${ref}/file.pdf`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const bytes = await res.body();
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toMatch(/\/FontFile3|\/FontFile2/);
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    const text = (await parser.getText()).text.replace(/\s+/g, '');
    await parser.destroy();
    for (const want of [
      caseNo,
      '杨志强',
      '张红霞',
      AGREEMENT,
      '人民调解受理登记表',
      '人民调解权利义务告知书',
      '人民调解协议书',
      '回访',
    ]) {
      expect(text, want).toContain(want.replace(/\s+/g, ''));
    }
    expect(text.indexOf('人民调解受理登记表')).toBeLessThan(text.indexOf('人民调解协议书'));
    await context.close();
  }, 240_000);

  it('a town official follows the case read-only; a leader of another village gets 404 with nothing of the case', async () => {
    const townCookie = await loginCookie(h, town, 't-01', 'xiaoyingdian');
    const list = await deskGet(h, townCookie, '/desk/cases');
    expect(list.status).toBe(200);
    expect(list.text).toContain(caseNo);
    const seen = await deskGet(h, townCookie, `/desk/cases/${ref}`);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain('只读');
    expect(seen.text).not.toContain('data-action=');
    const post = await fetch(`${h.url}/desk/cases/${ref}`, {
      method: 'POST',
      headers: { cookie: townCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=follow_up&text=x',
    });
    expect(post.status).toBe(403);

    const cookie = await loginCookie(h, stranger, 'l-01', 'beiguan');
    for (const path of [`/desk/cases/${ref}`, `/desk/cases/${ref}/file`, `/desk/cases/${ref}/file.pdf`]) {
      const res = await deskGet(h, cookie, path);
      expect(res.status, path).toBe(404);
      for (const leak of [caseNo, '杨志强', '张红霞', '宅基地']) expect(res.text, path).not.toContain(leak);
    }
    const denied = await fetch(`${h.url}/desk/cases/${ref}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=follow_up&text=x',
    });
    expect(denied.status).toBe(404);
    expect(await denied.text()).not.toContain(caseNo);
    const theirs = await deskGet(h, cookie, '/desk/cases');
    expect(theirs.status).toBe(200);
    expect(theirs.text).not.toContain(caseNo);
  });
});
