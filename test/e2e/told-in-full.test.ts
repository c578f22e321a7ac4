import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRequest } from '../../src/data/requests.repository.js';
import { deliverableAt } from '../../src/domain/quiet-hours.js';
import { adminApi, demoRoster, type Harness, settle, startHarness, type TelegramUser } from '../support/harness.js';
import { act, at, bound, cardOf, settableClock } from '../deliberation/support.js';

// The demo village 小营店: secretary s-01 (韩守义, card 700001), group g3's leader l-03 (吴永红, card 700303).
const clock = settableClock(at(12, 1));
let h: Harness;
let secretary: TelegramUser;
let leader: TelegramUser;
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  secretary = await bound(h, 7000, '700001', '韩书记');
  leader = await bound(h, 7001, '700303', '吴组长');
});
afterAll(async () => {
  await h?.close();
});

/** Says something and waits for the bot to have handled it and sent what is due. */
const say = (u: TelegramUser, text: string) => act(h, () => u.say(text));

describe("a reopened request comes back to the leader and the secretary with the resident's reason", () => {
  it('不满意 and its reason: the card says 重新办理 and why, with the button to take it again', async () => {
    const resident = await bound(h, 7101, cardOf('h-0301'), '刘婶');
    const r0 = resident.inbox().length;
    await say(resident, '俺家电表箱老跳闸，一开电饭锅就跳');
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);
    await say(leader, `接单 #${ref}`);
    await say(leader, `办结 #${ref} 换了新的空开`);
    await resident.expect(new RegExp(`#${ref} 已由吴永红办结`), r0);
    const l0 = leader.inbox().length;
    const s0 = secretary.inbox().length;
    await act(h, () => resident.press(`rate:${ref}:3`));
    await resident.expect(/哪里没办好/, r0);
    await say(resident, '还是跳闸，师傅没查清楚');
    await resident.expect(/已转告村党支部书记/, r0);
    for (const [who, since] of [
      [leader, l0],
      [secretary, s0],
    ] as const) {
      const card = await who.expect(
        new RegExp(`重新办理 #${ref}[\\s\\S]*住户不满意的原因：还是跳闸，师傅没查清楚`),
        since,
      );
      expect(card.text).not.toMatch(/新诉求/);
      expect(card.buttons).toContain(`acc:${ref}`);
    }
  });

  it('重办 #N with words: the card carries them', async () => {
    const resident = await bound(h, 7102, cardOf('h-0302'));
    const r0 = resident.inbox().length;
    await say(resident, '俺家门口的下水道堵了，污水漫到路上');
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);
    await say(leader, `接单 #${ref}`);
    await say(leader, `办结 #${ref} 疏通了`);
    await act(h, () => resident.press(`rate:${ref}:1`));
    await resident.expect(new RegExp(`#${ref} 已完结`), r0);
    const l0 = leader.inbox().length;
    await say(resident, `重办 #${ref} 下雨又堵了，水漫到院里`);
    await resident.expect(new RegExp(`#${ref} 已重新办理`), r0);
    const card = await leader.expect(new RegExp(`重新办理 #${ref}`), l0);
    expect(card.text).toContain(`住户要求重新办理 #${ref}：下雨又堵了，水漫到院里`);
    expect(card.buttons).toContain(`acc:${ref}`);
  });

  it('"修完又漏了" after it was closed: asked whether it is that request back, and 1 has it handled again', async () => {
    const resident = await bound(h, 7105, cardOf('h-0305'));
    const r0 = resident.inbox().length;
    await say(resident, '俺家厨房的水管子冻裂了，一直在漏水');
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);
    await say(leader, `接单 #${ref}`);
    await say(leader, `办结 #${ref} 换了新管子`);
    await act(h, () => resident.press(`rate:${ref}:1`));
    await resident.expect(new RegExp(`#${ref} 已完结`), r0);
    const total = async () => (await adminApi<{ total: number }>(h, 'GET', '/api/v1/requests')).body.total;
    const before = await total();
    const l0 = leader.inbox().length;
    const k = resident.inbox().length;
    await say(resident, '修完又漏了');
    const asked = await resident.expect(new RegExp(`是 #${ref}（.*水管.*）又出问题了吗`), k);
    expect(asked.buttons).toEqual(['fu:add', 'fu:new']);
    await say(resident, '1');
    await resident.expect(new RegExp(`#${ref} 已重新办理`), k);
    const card = await leader.expect(new RegExp(`重新办理 #${ref}`), l0);
    expect(card.text).toContain(`住户要求重新办理 #${ref}：修完又漏了`);
    expect(await total()).toBe(before);
  });

  it('a new matter that only resembles a closed one is filed as new when the person says so', async () => {
    const resident = await bound(h, 7106, cardOf('h-0306'));
    const r0 = resident.inbox().length;
    await say(resident, '俺家门口的路灯不亮了');
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);
    await say(leader, `接单 #${ref}`);
    await say(leader, `办结 #${ref} 换了灯泡`);
    await act(h, () => resident.press(`rate:${ref}:1`));
    await resident.expect(new RegExp(`#${ref} 已完结`), r0);
    const k = resident.inbox().length;
    await say(resident, '路灯又不亮了，这回是村口那盏');
    await resident.expect(new RegExp(`是 #${ref}（.*）又出问题了吗`), k);
    await act(h, () => resident.press('fu:new'));
    const filed = await resident.expect(/已收到，编号 #\d+/, k);
    expect(refIn(filed.text)).not.toBe(ref);
    // Words that do not say it came back are a matter of their own, asked nothing about the closed one.
    const k2 = resident.inbox().length;
    await say(resident, '俺家院墙裂了一道缝');
    const next = await resident.expect(/已收到，编号|在哪|是 #/, k2);
    expect(next.text).not.toMatch(new RegExp(`#${ref}`));
  });
});

describe('the say-things receipt', () => {
  it('names the day, the time and the place the village set', async () => {
    const roster = demoRoster();
    const saved = await adminApi(h, 'POST', '/api/v1/roster', {
      ...roster,
      village: { ...roster.village, sayThingsPlace: '村委会二楼会议室', sayThingsTime: '9:00' },
    });
    expect(saved.status).toBe(200);
    const resident = await bound(h, 7103, cardOf('h-0303'));
    const r0 = resident.inbox().length;
    await say(resident, '说事：想问问今年低保名单是怎么定的');
    const receipt = await resident.expect(/支部说事日/, r0);
    expect(receipt.text).toMatch(/12月10日 9:00在村委会二楼会议室的支部说事日/);
  });
});

describe('the household whose proposal became a matter', () => {
  it("hears each step: taken up, voting open, the vote's result, its publication", async () => {
    const proposer = await bound(h, 7104, cardOf('h-0304'), '提议的住户');
    const r0 = proposer.inbox().length;
    await say(proposer, '建议村里在村委会前面那块空地建个小广场 晚上大家跳跳舞');
    const ref = refIn((await proposer.expect(/#\d+/, r0)).text);
    const k = secretary.inbox().length;
    await say(secretary, `议事 #${ref}`);
    const D = `D${/D(\d+)/.exec((await secretary.expect(/已列入村民议事 D\d+/, k)).text)![1]}`;
    await proposer.expect(new RegExp(`您提的 #${ref} 已列入村民议事 ${D}`), r0);
    await say(secretary, `议事 ${D} 商议 两委商议：预算两万元`);
    await proposer.expect(new RegExp(`${D}「[^」]+」：村“两委”已经商议过了`), r0);
    await say(secretary, `议事 ${D} 审议 党员大会同意`);
    await say(secretary, `议事 ${D} 表决 3天`);
    await proposer.expect(new RegExp(`${D}「[^」]+」：现在开始表决，12月\\d+日 \\d+:\\d+ 截止`), r0);
    await say(proposer, `投票 ${D} 同意`);
    await say(secretary, `议事 ${D} 截止`);
    const result = await proposer.expect(new RegExp(`您提的 #${ref} 列入的村民议事 ${D}「[^」]+」：表决结束`), r0);
    expect(result.text).toMatch(/同意 1 户/);
    expect(result.text).toMatch(/结果：/);
    await say(secretary, `议事 ${D} 公开`);
    await proposer.expect(new RegExp(`${D}「[^」]+」：表决结果已向全村公开`), r0);
  });
});

describe('deadlines keep out of the quiet hours', () => {
  it('a report at 17:40 is due for acceptance at 07:00 the next morning, not at 05:40', async () => {
    clock.set(at(12, 2, 17, 40));
    const resident = await bound(h, 7105, cardOf('h-0305'));
    const r0 = resident.inbox().length;
    await say(resident, '俺家院里的水管漏水了，地上全是水');
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);
    await settle(h);
    const row = await findRequest(h.database.db, ref);
    expect(row!.acceptDueAt).toEqual(at(12, 3, 7));
    expect(deliverableAt(row!.acceptDueAt!, 'Asia/Shanghai')).toEqual(row!.acceptDueAt);
  });
});
