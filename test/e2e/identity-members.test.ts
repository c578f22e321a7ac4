import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settle, TelegramUser } from '../support/harness.js';
import { webSession, WebPage } from '../support/web-client.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

// A member code already bound by a confirmed account: a second account (here a web chat page) waits,
// gets no task cards and cannot act until the member says 是我 or the secretary 确认绑定.
let h: ChannelHarness;
let leader: TelegramUser;
let deputy: TelegramUser;
let secretary: TelegramUser;
let resident: TelegramUser;
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
const cards = (page: WebPage, ref: number) => page.bot().filter((m) => m.text.includes(`新诉求 #${ref}`));

async function page(slot: string): Promise<WebPage> {
  return new WebPage(h.url, await webSession(h.url), slot).open();
}

async function report(text: string): Promise<number> {
  const n = resident.inbox().length;
  await resident.say(text);
  return refIn((await resident.expect(/已收到，编号 #\d+/, n)).text);
}

async function status(ref: number): Promise<string> {
  return (await h.api(`/api/v1/requests/${ref}`)).body.status as string;
}

beforeAll(async () => {
  h = await startChannelHarness({ web: true, pumps: 'manual' });
  leader = new TelegramUser(h, 9401, '吴组长');
  deputy = new TelegramUser(h, 9402, '郭副组长');
  secretary = new TelegramUser(h, 9403, '韩书记');
  resident = new TelegramUser(h, 9404, '马大姐');
  for (const [u, code] of [
    [leader, '700303'],
    [deputy, '700403'],
    [secretary, '700001'],
    [resident, '483920'],
  ] as const) {
    await u.say(`/start ${code}`);
    await u.expect(/绑定成功/);
  }
});
afterAll(async () => {
  await h?.close();
});

describe('members have one inbox per platform, chosen by them', () => {
  let web: WebPage;
  let askLeader: { text: string; buttons: string[] };

  it('binds a second account with a leader code unconfirmed, and asks the leader and the secretary', async () => {
    const l0 = leader.inbox().length;
    const s0 = secretary.inbox().length;
    web = await page('l-03');
    web.send('绑定 700303');
    await web.expect(/这个码已经在用了——已请书记确认/);
    askLeader = await leader.expect(/一个新的网页账号（未留名字）用您的绑定码绑定了。是您本人吗/, l0);
    expect(askLeader.buttons).toEqual([expect.stringMatching(/^me:y:\d+$/), expect.stringMatching(/^me:n:\d+$/)]);
    const id = Number(askLeader.buttons[0]!.split(':')[2]);
    const askSecretary = await secretary.expect(
      new RegExp(`【绑定确认 ${id}】吴永红（三组，组长）的绑定码被一个新的网页账号（未留名字）使用`),
      s0,
    );
    expect(askSecretary.buttons).toEqual([`bc:${id}`, `br:${id}`]);
    // Binding the same code again from the waiting account only says it still waits.
    const w = web.bot().length;
    web.send('绑定 700303');
    await web.expect(/这个账号还在等确认/, w);
  });

  it('sends the task card to the confirmed account only; the waiting one cannot act', async () => {
    const l0 = leader.inbox().length;
    const ref = await report('俺家壁挂炉坏了，不出热水');
    const card = await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(card.buttons).toEqual([`acc:${ref}`, `trf:${ref}`, `esc:${ref}`]);
    await settle(h);
    expect(cards(web, ref)).toEqual([]);
    const w = web.bot().length;
    web.send(`接单 #${ref}`);
    await web.expect(/这个账号还在等确认，暂时不能接单/, w);
    web.press(`acc:${ref}`);
    web.send('我的任务');
    await settle(h);
    expect(
      web
        .bot()
        .slice(w)
        .every((m) => /还在等确认/.test(m.text)),
    ).toBe(true);
    expect(await status(ref)).toBe('assigned');
  });

  it('after 是我 the second account is confirmed and gets the next card on its platform too', async () => {
    const l0 = leader.inbox().length;
    const w = web.bot().length;
    await leader.press(askLeader.buttons[0]!);
    await leader.expect(/已确认新的网页账号/, l0);
    await web.expect(/已确认，这个账号现在代表吴永红/, w);
    const ref = await report('俺家院墙裂了个大口子，想请组长来看看');
    await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    const card = await web.expect(new RegExp(`新诉求 #${ref}`), w);
    expect(card.buttons?.flat().map((b) => b.data)).toEqual([`acc:${ref}`, `trf:${ref}`, `esc:${ref}`]);
    web.press(`acc:${ref}`);
    await resident.expect(new RegExp(`#${ref} 已由吴永红接单`));
    // A decided request is not decided twice.
    const s = secretary.inbox().length;
    await secretary.press(`bc:${askLeader.buttons[0]!.split(':')[2]}`);
    await secretary.expect(/已经处理过了/, s);
  });

  it('不是我 from the member unbinds the new account at once, and the secretary hears of it', async () => {
    const intruder = await page('x-1');
    const l0 = leader.inbox().length;
    const s0 = secretary.inbox().length;
    intruder.send('绑定 700303');
    await intruder.expect(/这个码已经在用了/);
    // Both confirmed accounts of the leader (Telegram and the web page) are asked.
    await leader.expect(/一个新的网页账号/, l0);
    await web.expect(/一个新的网页账号/);
    await leader.say('不是我');
    await leader.expect(/已解除那个网页账号（未留名字）的绑定/, l0);
    await intruder.expect(/这个账号的绑定已解除/);
    await secretary.expect(/吴永红说新绑定的网页账号（未留名字）不是本人，已解除它的绑定/, s0);
    const k = intruder.bot().length;
    intruder.send('我的任务');
    await intruder.expect(/请先发送联心卡上的绑定码/, k);
  });

  it('the secretary confirms with 确认绑定 <member code>, and refuses with the button', async () => {
    const second = await page('d-03');
    const s0 = secretary.inbox().length;
    second.send('绑定 700403');
    await second.expect(/这个码已经在用了/);
    const ask = await secretary.expect(/【绑定确认 \d+】郭桂兰（三组，副组长）/, s0);
    // By name, as the secretary knows her.
    await secretary.say('确认绑定 郭桂兰');
    await secretary.expect(/已确认新的网页账号/, s0);
    await second.expect(/已确认，这个账号现在代表郭桂兰/);
    // The deputy's next task reaches both of their confirmed accounts.
    const ref = await report('俺家门口的下水道堵了，水漫出来了');
    const d0 = deputy.inbox().length;
    await leader.say(`转派 #${ref} 郭桂兰`);
    await deputy.expect(new RegExp(`新诉求 #${ref}`), d0);
    await second.expect(new RegExp(`新诉求 #${ref}`));
    expect(ask.buttons).toHaveLength(2);

    const third = await page('d-03b');
    const s1 = secretary.inbox().length;
    third.send('绑定 700403');
    await third.expect(/这个码已经在用了/);
    const ask3 = await secretary.expect(/【绑定确认 \d+】郭桂兰/, s1);
    await secretary.press(ask3.buttons[1]!);
    await secretary.expect(/已解除那个网页账号/, s1);
    await third.expect(/这个账号的绑定已解除/);
    // Only a secretary decides.
    const l0 = leader.inbox().length;
    await leader.say('确认绑定 d-03');
    await leader.expect(/只有村党支部书记可以确认或拒绝绑定/, l0);
  });

  it('a member lists their accounts with 我的账号 and 解绑 stops the cards there', async () => {
    const w = web.bot().length;
    web.send('我的账号');
    const list = await web.expect(/您绑定的账号/, w);
    expect(list.text).toMatch(/1\. Telegram · 吴组长 · .*\n2\. 网页 · 未留名字 · .*（本账号）/);
    web.send('解绑');
    await web.expect(/已解绑/, w);
    const l0 = leader.inbox().length;
    const ref = await report('俺家的电表箱跳闸了，一直合不上');
    await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    await settle(h);
    expect(cards(web, ref)).toEqual([]);
  });
});
