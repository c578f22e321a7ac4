import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

// Debian's chromium driven by playwright-core; .ci/run installs it. Missing, the test fails and says so.
const artifacts = join(import.meta.dirname, '../../test-artifacts');

let browser: Browser;
let h: ChannelHarness;

beforeAll(async () => {
  browser = await launchChromium();
  h = await startChannelHarness({ web: true, demo: true });
  mkdirSync(artifacts, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

const bot = (page: Page, text: string | RegExp) => page.locator('.msg.bot', { hasText: text }).last();
const wait = { timeout: 15_000 };

async function say(page: Page, text: string) {
  await page.locator('#text').fill(text);
  await page.getByRole('button', { name: /发送/ }).click();
}

describe('web chat in a browser', () => {
  it('a resident reports on one tab, the leader accepts on another, and the resident sees each step', async () => {
    // One phone-sized browser, two tabs: the demo cards make two people of it.
    const context = await browser.newContext({ viewport: { width: 412, height: 860 }, locale: 'zh-CN' });
    // The leader's tab first: a task goes to where the leader is bound.
    const leader = await context.newPage();
    await leader.goto(`${h.url}/chat#l-03`);
    await leader.getByRole('button', { name: /三组1号 住户/ }).waitFor(wait);
    await leader.screenshot({ path: join(artifacts, 'web-chat-cards.png') });
    await leader.getByRole('button', { name: /吴永红/ }).click(wait);
    await bot(leader, /绑定成功/).waitFor(wait);

    const resident = await context.newPage();
    await resident.goto(`${h.url}/chat`);
    // A new tab opens the card last used in this browser (the leader's); the resident switches.
    await bot(resident, /绑定成功！吴永红/).waitFor(wait);
    await resident.getByRole('button', { name: /换个身份/ }).click();
    await resident.getByRole('button', { name: /三组1号 住户/ }).click(wait);
    await bot(resident, /绑定成功/).waitFor(wait);
    await resident.locator('#who', { hasText: '小营店村 · 三组1号' }).waitFor(wait);

    await say(resident, '俺家壁挂炉坏了，不出热水');
    const receipt = await bot(resident, /已收到，编号 #\d+/).textContent(wait);
    const ref = Number(/#(\d+)/.exec(receipt ?? '')![1]);

    const card = bot(leader, `新诉求 #${ref}`);
    await card.waitFor(wait);
    expect(await card.getByRole('button').allTextContents()).toEqual(['接单', '转派', '上报']);
    await card.getByRole('button', { name: '接单' }).click();

    await bot(resident, `#${ref} 已由吴永红接单`).waitFor(wait);
    await bot(leader, `已接单 #${ref}`).getByRole('button', { name: '办结' }).click();
    await bot(leader, `办结 #${ref} 处理结果`).waitFor(wait);
    await say(leader, `办结 #${ref} 换了新的点火器，已恢复供暖`);

    const ask = bot(resident, `#${ref} 已由吴永红办结`);
    await ask.waitFor(wait);
    await resident.screenshot({ path: join(artifacts, 'web-chat-resident.png') });
    await leader.screenshot({ path: join(artifacts, 'web-chat-leader.png') });
    await ask.getByRole('button', { name: '1 满意' }).click();
    await bot(resident, `#${ref} 已完结`).waitFor(wait);
    expect((await h.api(`/api/v1/requests/${ref}`)).body).toMatchObject({ status: 'closed', rating: 'satisfied' });

    // Reloading the tab brings the conversation back from the server.
    await resident.reload();
    await bot(resident, `#${ref} 已完结`).waitFor(wait);
    expect(await resident.locator('.msg.me', { hasText: '俺家壁挂炉坏了' }).count()).toBe(1);
    await context.close();
  });
});
