import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminApi,
  type ApiRequest,
  type Harness,
  settle,
  startHarness,
  type TelegramUser,
} from '../support/harness.js';
import { deskGet, loginCookie } from '../desk/desk-support.js';
import { act, at, bound, cardOf, deliberation, settableClock } from './support.js';

/** Issue 21 item 3: a household invited to comment on a matter (议事 D3 征求意见) speaks inside it, as residents on Telegram do. */
const clock = settableClock(at(12, 1));
let h: Harness;
let secretary: TelegramUser;
/** 杨志强家 (三组1号), 王志强家 (三组2号), 李桂兰家 (三组3号), 刘满仓家 (三组4号). */
let yang: TelegramUser;
let wang: TelegramUser;
let li: TelegramUser;
let liu: TelegramUser;

type Comments = {
  comments: {
    household: { code: string; head: string; group: string | null; address: string | null };
    at: string;
    text: string;
  }[];
};
const comments = async (id: number) => ((await deliberation(h, id)) as unknown as Comments).comments;

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  secretary = await bound(h, 6000, '700001', '书记');
  yang = await bound(h, 6101, cardOf('h-0301'), '杨志强');
  wang = await bound(h, 6102, cardOf('h-0302'), '王志强');
  li = await bound(h, 6103, cardOf('h-0303'), '李桂兰');
  liu = await bound(h, 6104, cardOf('h-0304'), '刘满仓');
});
afterAll(async () => {
  await h?.close();
});

describe('comments invited on a matter while it is discussed', () => {
  it("records an invited household's reply as its comment, tells the secretary, shows it on the matter; until the vote opens", async () => {
    let k = secretary.inbox().length;
    await act(h, () => secretary.say('议事 新 村委会前建小广场：在村委会前面的空地建一个小广场，晚上可以跳舞'));
    const id = Number(/D(\d+)/.exec((await secretary.expect(/已列入村民议事 D\d+/, k)).text)![1]);
    const D = `D${id}`;

    // While the matter is discussed the secretary is told how to invite comments.
    k = secretary.inbox().length;
    await act(h, () => secretary.say(`议事 ${D}`));
    await secretary.expect(new RegExp(`征求住户意见：议事 ${D} 征求意见`), k);

    const before = [yang, wang, li, liu].map((u) => u.inbox().length);
    k = secretary.inbox().length;
    await act(h, () => secretary.say(`议事 ${D} 征求意见 预算两万元，请说说放在哪儿合适`));
    await secretary.expect(
      new RegExp(`已就 ${D} 向 \\d+ 户（\\d+ 个账号）征求意见，12月8日 10:00 前的回复都会记入并转给您`),
      k,
    );
    for (const [i, u] of [yang, wang, li, liu].entries()) {
      const invite = await u.expect(new RegExp(`村里正在商议议事 ${D}「村委会前建小广场」`), before[i]);
      expect(invite.text).toContain('说明：预算两万元，请说说放在哪儿合适');
      expect(invite.text).toContain('直接回复这条消息就行');
    }
    expect((await deliberation(h, id)).stages.map((s) => s.move)).toEqual(['propose', 'invite_comments']);
    const requests0 = (await adminApi<{ total: number }>(h, 'GET', '/api/v1/requests')).body.total;

    // 杨志强 answers with his opinion: recorded, passed to the secretary, never a request.
    const opinion = '建议广场修在村委会东边，别占了秋天的晒场，再装两盏路灯';
    k = secretary.inbox().length;
    let n = yang.inbox().length;
    await act(h, () => yang.say(opinion));
    await yang.expect(new RegExp(`已记入议事 ${D}「村委会前建小广场」的意见`), n);
    const forwarded = await secretary.expect(
      new RegExp(`议事 ${D}「村委会前建小广场」收到杨志强家（三组1号）的意见`),
      k,
    );
    expect(forwarded.text).toContain(opinion);
    expect((await adminApi<{ total: number }>(h, 'GET', '/api/v1/requests')).body.total).toBe(requests0);
    expect(await comments(id)).toMatchObject([
      { household: { code: 'h-0301', head: '杨志强', group: '第三互助组', address: '三组1号' }, text: opinion },
    ]);

    // The secretary's view of the matter lists it, by name and address.
    k = secretary.inbox().length;
    await act(h, () => secretary.say(`议事 ${D}`));
    const view = await secretary.expect(/住户意见（1 条）/, k);
    expect(view.text).toContain(`· 杨志强家（三组1号） 12月1日`);
    expect(view.text).toContain(opinion);

    // The desk's vote page: household by group and address, the time, the words.
    const cookie = await loginCookie(h, secretary, 's-01', 'xiaoyingdian');
    const page = await deskGet(h, cookie, `/desk/votes/${id}`);
    expect(page.status).toBe(200);
    const section = /<section id="comments">([\s\S]*?)<\/section>/.exec(page.text)?.[1] ?? '';
    expect(section).toContain('第三互助组 · 三组1号 · 杨志强');
    expect(section).toContain(opinion);
    expect(section).toContain('id="invite-comments"');
    // Inviting again from the desk: no curl needed, and the households hear it again.
    n = yang.inbox().length;
    const posted = await fetch(`${h.url}/desk/votes/${id}/comments`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ notes: '周五前回复' }).toString(),
    });
    expect(posted.status).toBe(303);
    clock.set(new Date(clock.now().getTime() + 1000));
    await settle(h);
    expect((await yang.expect(new RegExp(`村里正在商议议事 ${D}`), n)).text).toContain('说明：周五前回复');
    expect((await deskGet(h, cookie, posted.headers.get('location')!)).text).toMatch(
      new RegExp(`已就 ${D} 向 \\d+ 户（\\d+ 个账号）征求意见。`),
    );

    // 好的 is no comment: a warm word, nothing recorded.
    n = wang.inbox().length;
    await act(h, () => wang.say('好的'));
    await wang.expect(/好的，收到/, n);
    expect(
      wang
        .inbox()
        .slice(n)
        .some((m) => /已记入议事/.test(m.text)),
    ).toBe(false);
    expect(await comments(id)).toHaveLength(1);

    // A sparking wire from an invited household is an urgent hazard, filed at once, not a comment.
    n = li.inbox().length;
    await act(h, () => li.say('俺家院里的电线老是打火花，就在三组3号，吓得不敢开灯'));
    const receipt = await li.expect(/已收到，编号 #\d+/, n).catch((e) => {
      throw new Error(`${String(e)}: ${JSON.stringify(li.inbox().slice(n))}`);
    });
    expect(receipt.text).toMatch(/【安全提醒】/);
    const hazard = (await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${/#(\d+)/.exec(receipt.text)![1]}`)).body;
    expect(hazard).toMatchObject({ kind: 'hazard', urgency: 'urgent' });
    expect(
      li
        .inbox()
        .slice(n)
        .some((m) => /议事/.test(m.text)),
    ).toBe(false);
    expect(await comments(id)).toHaveLength(1);

    // What is clearly another matter is asked about, with two buttons: another matter is filed as a request…
    n = wang.inbox().length;
    await act(h, () => wang.say('村口的路灯坏了好几天了，晚上黑乎乎的'));
    const asked = await wang.expect(new RegExp(`这是议事 ${D} 的意见，还是另一件事？`), n);
    expect(asked.buttons).toHaveLength(2);
    n = wang.inbox().length;
    await act(h, () => wang.press(asked.buttons[1]!));
    const lamp = await wang.expect(/已收到，编号 #\d+/, n);
    expect(
      (await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${/#(\d+)/.exec(lamp.text)![1]}`)).body,
    ).toMatchObject({ kind: 'repair' });
    // …and the matter's comment when the household says so.
    n = liu.inbox().length;
    await act(h, () => liu.say('路灯不亮了，广场边上得先把路灯修好'));
    const asked2 = await liu.expect(new RegExp(`这是议事 ${D} 的意见，还是另一件事？`), n);
    n = liu.inbox().length;
    await act(h, () => liu.press(asked2.buttons[0]!));
    await liu.expect(new RegExp(`已记入议事 ${D}「村委会前建小广场」的意见`), n);
    expect((await comments(id)).map((c) => c.household.code)).toEqual(['h-0301', 'h-0304']);

    // Once the vote opens, a reply is no longer a comment: 刘满仓's words are handled as any other message.
    await act(h, () => secretary.say(`议事 ${D} 商议 两委同意`));
    await act(h, () => secretary.say(`议事 ${D} 审议 党员大会同意`));
    k = secretary.inbox().length;
    await act(h, () => secretary.say(`议事 ${D} 表决 3天`));
    await secretary.expect(new RegExp(`${D} 开始表决`), k);
    // Inviting comments now is refused, with why.
    k = secretary.inbox().length;
    await act(h, () => secretary.say(`议事 ${D} 征求意见`));
    await secretary.expect(new RegExp(`${D} 现在是“表决中”，只有在开始表决之前才能征求意见`), k);
    n = liu.inbox().length;
    await act(h, () => liu.say('我觉得广场应该修在小学门口，孩子们放学能玩'));
    const answer = await liu.expect(/已收到，编号 #\d+|请选一个|\S/, n);
    expect(answer.text).not.toMatch(/已记入议事/);
    expect(
      liu
        .inbox()
        .slice(n)
        .some((m) => /已记入议事/.test(m.text)),
    ).toBe(false);
    expect(await comments(id)).toHaveLength(2);
  });
});
