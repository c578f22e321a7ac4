import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { launchChromium } from '../support/browser.js';
import { TelegramUser } from '../support/harness.js';
import { type MediaHarness, oggBytes, startMediaHarness } from '../support/media-harness.js';
import { deskGet, loginCookie, otherVillages, refIn, logInOnPage } from './desk-support.js';

/**
 * The desk's paper and its senses, in Chromium as the secretary: say-things topics carried to next month and the
 * agenda and minutes printed; a resident's photo and voice note seen and heard on the request's page; a new urgent
 * request beeping (until muted) and counted in the tab's title.
 */
const artifacts = join(import.meta.dirname, '../../test-artifacts/desk');
const wait = { timeout: 15_000 };

let browser: Browser;
let h: MediaHarness;
let yang: TelegramUser; // 三组1号 杨志强
let wang: TelegramUser; // 三组2号 王志强
let secretary: TelegramUser;
let stranger: TelegramUser; // 南庄组长, another village's group leader

async function bound(id: number, name: string, code: string): Promise<TelegramUser> {
  const u = new TelegramUser(h, id, name);
  await u.say(`/start ${code}`);
  await u.expect(/绑定成功/);
  return u;
}

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });
  h = await startMediaHarness();
  for (const roster of otherVillages()) await importRoster(h.database.db, roster);
  yang = await bound(9301, '杨志强', '483920');
  wang = await bound(9302, '王志强', '251551');
  secretary = await bound(9310, '韩书记', '700001');
  stranger = await bound(9320, '南庄组长', '820301');
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** A page whose print button is counted instead of opening the print dialog. */
async function secretaryPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(() => {
    const w = window as unknown as { printed: number; print: () => void };
    w.printed = 0;
    w.print = () => {
      w.printed++;
    };
  });
  const page = await context.newPage();
  await logInOnPage(page, h, secretary, 's-01');
  return { context, page };
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  await page.screenshot({ path: join(artifacts, `${name}.jpg`), fullPage: true, type: 'jpeg', quality: 70 });
}

const printed = (page: Page) => page.evaluate(() => (window as unknown as { printed: number }).printed);

describe('the desk on paper', () => {
  it('the secretary carries a say-things topic to next month (the resident is told), records another, and prints the agenda and the minutes', async () => {
    let k = yang.inbox().length;
    await yang.say('说事：村西头的排水沟堵了，下雨就淹到路上');
    const ditch = refIn((await yang.expect(/支部说事日/, k)).text);
    k = wang.inbox().length;
    await wang.say('说事：想问问今年的医保怎么交');
    const insurance = refIn((await wang.expect(/支部说事日/, k)).text);

    const { context, page } = await secretaryPage();
    await page.getByRole('link', { name: '支部说事日', exact: true }).click();
    // The agenda as paper, before the day: both topics, a column to write in, a print button that prints.
    await page.getByRole('link', { name: '打印议程' }).click();
    await page.locator('#agenda h1', { hasText: '支部说事日议程' }).waitFor(wait);
    expect(await page.locator(`#agenda tr[data-topic="${ditch}"]`).textContent()).toContain('排水沟');
    expect(await page.locator(`#agenda tr[data-topic="${insurance}"]`).count()).toBe(1);
    await shot(page, 'desk-say-things-agenda');
    await page.getByRole('button', { name: '打印' }).click();
    expect(await printed(page)).toBe(1);
    await page.goBack();
    await page.locator(`[data-topic="${ditch}"]`).waitFor(wait);
    await shot(page, 'desk-say-things-forms');

    const y0 = yang.inbox().length;
    await page.locator(`[data-topic="${ditch}"]`).getByRole('button', { name: '顺延到下月' }).click();
    const flash = await page.locator('.flash', { hasText: `说事议题 #${ditch} 已顺延到` }).textContent();
    const told = await yang.expect(new RegExp(`#${ditch} 这次说事日没有办完，顺延到`), y0);
    // The same day in the desk's word and the resident's.
    const day = /顺延到 (.+?) 的说事日/.exec(flash!)![1]!;
    expect(told.text).toContain(day);
    expect(await page.locator('ol.carried', { hasText: '排水沟' }).count()).toBe(1);
    expect(await page.locator(`ol.agenda [data-topic="${ditch}"]`).count()).toBe(0);

    const w0 = wang.inbox().length;
    const topic = page.locator(`[data-topic="${insurance}"]`);
    await topic.getByLabel(/结果/).fill('医保在村委会统一代缴，截止到月底');
    await topic.getByRole('button', { name: '记录结果' }).click();
    await page.getByText(`已记录 #${insurance} 的结果`).waitFor(wait);
    await wang.expect(/医保在村委会统一代缴/, w0);
    await shot(page, 'desk-say-things-done');

    // The minutes of the day: who raised what (name and group), what came of it, where the carried one went.
    await page.getByRole('link', { name: '打印会议记录' }).first().click();
    await page.locator('#minutes h1', { hasText: '支部说事日会议记录' }).waitFor(wait);
    const settled = await page.locator(`#minutes tr[data-topic="${insurance}"]`).textContent();
    expect(settled).toContain('王志强');
    expect(settled).toContain('医保在村委会统一代缴');
    expect(await page.locator(`#minutes tr[data-topic="${ditch}"]`).textContent()).toContain(`顺延到 ${day}`);
    expect(await page.locator('#minutes').textContent()).toContain('主持人（签字）');
    await page.getByRole('button', { name: '打印' }).click();
    expect(await printed(page)).toBe(1);
    // Printed without the desk's header and buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await shot(page, 'desk-say-things-minutes');

    // Another village's leader: none of it.
    const cookie = await loginCookie(h, stranger, 'l-01', 'nanzhuang');
    const carry = await fetch(`${h.url}/desk/say-things/topics/${ditch}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=carry',
    });
    expect(carry.status).toBe(404);
    for (const path of [
      '/desk/say-things/agenda?village=xiaoyingdian',
      '/desk/say-things/minutes?village=xiaoyingdian',
    ]) {
      const res = await deskGet(h, cookie, path);
      expect(res.text, path).not.toContain('排水沟');
      expect(res.text, path).not.toContain('医保');
    }
    await context.close();
  }, 180_000);

  it("a resident's photo shows as a thumbnail that opens large, the voice note plays; another village gets nothing", async () => {
    const { context, page } = await secretaryPage();
    // A real JPEG (the browser draws one), so the thumbnail has something to show.
    const jpeg = Buffer.from(
      await page.evaluate(() => {
        const c = document.createElement('canvas');
        c.width = 320;
        c.height = 240;
        const g = c.getContext('2d')!;
        g.fillStyle = '#8b5a2b';
        g.fillRect(0, 0, 320, 240);
        g.fillStyle = '#333';
        g.fillRect(150, 0, 12, 240);
        return c.toDataURL('image/jpeg', 0.8).split(',')[1]!;
      }),
      'base64',
    );
    // A household with nothing else open: the voice note after the photo can only belong to its report.
    const li = await bound(9304, '李桂兰', '675064');
    const fileId = h.telegram.addFile(jpeg, 'image/jpeg');
    const k = li.inbox().length;
    const update = li.messageUpdate('');
    const message = update.message as Record<string, unknown>;
    delete message.text;
    message.photo = [{ file_id: fileId, file_unique_id: 'p', width: 320, height: 240, file_size: jpeg.length }];
    message.caption = '俺家东边的院墙裂了一道大缝，怕塌';
    await li.sendUpdate(update);
    let reply = await li.expect(/已收到，编号 #\d+|在哪|哪里|位置/, k);
    if (!/已收到/.test(reply.text)) {
      await li.say('俺家东边的院墙');
      reply = await li.expect(/已收到，编号 #\d+/, k);
    }
    const wall = refIn(reply.text);
    const voiceId = h.telegram.addFile(oggBytes(3000), 'audio/ogg', 'oga');
    // A voice note soon after: it joins the same report.
    const v = li.messageUpdate('');
    const vm = v.message as Record<string, unknown>;
    delete vm.text;
    vm.voice = { file_id: voiceId, file_unique_id: 'v', duration: 7, mime_type: 'audio/ogg', file_size: 3000 };
    await li.sendUpdate(v);
    const cookie0 = await loginCookie(h, secretary, 's-01', 'xiaoyingdian');
    await expect
      .poll(async () => (await deskGet(h, cookie0, `/desk/requests/${wall}`)).text.includes('<audio'), wait)
      .toBe(true);
    await page.goto(`${h.url}/desk/requests/${wall}`);
    const thumb = page.locator('.attachments img.thumb');
    await page.locator('.attachments audio').waitFor(wait);
    await thumb.waitFor(wait);
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
    expect(await page.locator('dl.facts').textContent()).not.toContain('photo');
    await thumb.click();
    const viewer = page.locator('dialog.viewer[open] img');
    await viewer.waitFor(wait);
    expect(await viewer.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    await shot(page, 'desk-request-photo');
    await page.keyboard.press('Escape');
    await page
      .locator('dialog.viewer[open]')
      .waitFor({ state: 'detached', ...wait })
      .catch(() => undefined);
    expect(await page.locator('dialog.viewer[open]').count()).toBe(0);

    const audio = page.locator('.attachments audio');
    await audio.waitFor(wait);
    expect(await page.locator('.attachments').textContent()).toContain('语音 · 7 秒');
    const src = await audio.getAttribute('src');
    const res = await context.request.get(`${h.url}${src}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('audio/ogg');
    expect((await res.body()).subarray(0, 4).toString('latin1')).toBe('OggS');

    const thumbSrc = await thumb.getAttribute('src');
    const cookie = await loginCookie(h, stranger, 'l-01', 'nanzhuang');
    for (const path of [thumbSrc!, src!, `/desk/requests/${wall}`]) {
      const denied = await deskGet(h, cookie, path);
      expect(denied.status, path).toBe(404);
      expect(denied.text, path).not.toContain('院墙');
    }
    await context.close();
  }, 180_000);

  it('a new urgent request beeps and counts in the title; muted, it only counts, and the switch is remembered', async () => {
    const { context, page } = await secretaryPage();
    await page.locator('#live').waitFor({ state: 'visible', ...wait });
    const title = await page.title();
    expect(await page.locator('#sound').textContent()).toContain('紧急提示音：开');
    const beeps = () => page.evaluate(() => Number(document.body.dataset.beeps ?? 0));

    let k = yang.inbox().length;
    await yang.say('俺家门口的电线冒火花了');
    const sparks = refIn((await yang.expect(/已收到，编号 #\d+/, k)).text);
    await page.locator(`#rows tr[data-ref="${sparks}"]`).waitFor(wait);
    await expect.poll(beeps).toBe(1);
    await expect.poll(() => page.title()).toBe(`（1）紧急 ${title}`);
    await shot(page, 'desk-board-urgent');

    // Muted: remembered on this computer across pages; the title still counts, no beep.
    await page.locator('#sound').click();
    expect(await page.locator('#sound').textContent()).toContain('紧急提示音：关');
    await page.reload();
    await page.locator('#live').waitFor({ state: 'visible', ...wait });
    expect(await page.locator('#sound').textContent()).toContain('紧急提示音：关');
    const other = await bound(9303, '一组住户', '607949');
    k = other.inbox().length;
    await other.say('俺家院里的电线老是打火花，就在一组，吓得不敢开灯');
    const wire = refIn((await other.expect(/已收到，编号 #\d+/, k)).text);
    await page.locator(`#rows tr[data-ref="${wire}"].urgent`).waitFor(wait);
    await expect.poll(() => page.title()).toBe(`（1）紧急 ${title}`);
    expect(await beeps()).toBe(0);
    // Seen: a click on the page clears the count.
    await page.locator('h1').click();
    await expect.poll(() => page.title()).toBe(title);
    await context.close();
  }, 180_000);
});
