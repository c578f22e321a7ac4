import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLocal } from '../../src/domain/local-time.js';
import {
  adminApi,
  type ApiRequest,
  type Harness,
  manualClock,
  settle,
  startHarness,
  TelegramUser,
} from '../support/harness.js';

// Demo village: household h-0301 (483920, group g3); its leader l-03 (700303) and the secretary s-01 (700001)
// bind only after the residents have reported.
const clock = manualClock(atLocal('Asia/Shanghai', 2026, 12, 1, 8, 0));

let h: Harness;
let resident: TelegramUser;
let leader: TelegramUser;

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
const status = async (ref: number) => (await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${ref}`)).body.status;

const reports = [
  '俺家壁挂炉坏了，不出热水',
  '俺家房顶漏雨，屋里都湿了',
  '院里的自来水管冻裂了',
  '俺家电表箱老跳闸',
  '俺家门口的下水道堵了',
  '俺家的窗户玻璃碎了',
  '俺家厕所的水箱一直流水',
];
const refs: number[] = [];

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  resident = new TelegramUser(h, 8301, '马大姐');
  await resident.say('/start 483920');
  await resident.expect(/绑定成功/);
  for (const text of reports) {
    clock.advance(15 * 60_000);
    const r0 = resident.inbox().length;
    await resident.say(text);
    refs.push(refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text));
    await settle(h);
  }
});
afterAll(async () => {
  await h?.close();
});

describe('a member who binds late gets the work waiting', () => {
  it('the leader: five task cards with buttons, then the rest as a list', async () => {
    leader = new TelegramUser(h, 8302, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
    await settle(h);
    const inbox = leader.inbox();
    expect(inbox.find((m) => /您手上有 7 件还没办完的诉求/.test(m.text))).toBeDefined();
    const cards = inbox.filter((m) => /新诉求 #\d+/.test(m.text));
    expect(cards.map((c) => refIn(c.text))).toEqual(refs.slice(0, 5));
    for (const c of cards)
      expect(c.buttons).toEqual([`acc:${refIn(c.text)}`, `trf:${refIn(c.text)}`, `esc:${refIn(c.text)}`]);
    const rest = inbox.find((m) => /其余待办/.test(m.text));
    expect(rest?.text).toContain(`#${refs[5]}`);
    expect(rest?.text).toContain(`#${refs[6]}`);
  });

  it('a second account of the leader, once confirmed with 是我, gets them too', async () => {
    clock.advance(60_000);
    const second = new TelegramUser(h, 8303, '吴组长新手机');
    await second.say('/start 700303');
    await second.expect(/已经在用了/);
    await settle(h);
    expect(second.inbox().some((m) => /新诉求/.test(m.text))).toBe(false);
    const l0 = leader.inbox().length;
    await leader.say('是我');
    await leader.expect(/已确认/, l0);
    await settle(h);
    expect(
      second
        .inbox()
        .filter((m) => /新诉求 #\d+/.test(m.text))
        .map((c) => refIn(c.text)),
    ).toEqual(refs.slice(0, 5));
  });

  it('the secretary: their own tasks, the open escalations and the requests reopened after 不满意', async () => {
    const [escalated, reopened] = [refs[0]!, refs[1]!];
    clock.advance(60_000);
    await leader.say(`上报 #${escalated}`);
    await leader.say(`接单 #${reopened}`);
    await settle(h);
    await leader.say(`办结 #${reopened} 补好了`);
    await resident.expect(new RegExp(`#${reopened} 已由吴永红办结`));
    await resident.press(`rate:${reopened}:3`);
    await settle(h);
    expect(await status(escalated)).toBe('escalated');
    expect(await status(reopened)).toBe('reopened');

    // The outbox paces each channel by the clock (≈ 30 a second on Telegram): let a minute pass.
    clock.advance(60_000);
    const secretary = new TelegramUser(h, 8304, '韩书记');
    await secretary.say('/start 700001');
    await secretary.expect(/绑定成功/);
    await settle(h);
    const cards = secretary
      .inbox()
      .filter((m) => /(新诉求|重新办理) #\d+/.test(m.text))
      .map((c) => refIn(c.text));
    expect(cards.sort()).toEqual([escalated, reopened].sort());
    // The reopened one says so, and why, instead of reading as a new request.
    expect(secretary.inbox().find((m) => m.text.includes(`重新办理 #${reopened}`))?.text).toMatch(
      /住户对办理结果不满意/,
    );
    expect(secretary.inbox().some((m) => /您手上有 2 件/.test(m.text))).toBe(true);
  });

  it('binding again with the same account sends nothing twice', async () => {
    clock.advance(60_000);
    const l0 = leader.inbox().length;
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/, l0);
    await settle(h);
    expect(
      leader
        .inbox()
        .slice(l0)
        .some((m) => /新诉求/.test(m.text)),
    ).toBe(false);
  });

  it('a card the leader sent up says who sent it; a task already accepted reads as in progress, not as new', async () => {
    clock.advance(60_000);
    const secretary = new TelegramUser(h, 8304, '韩书记');
    const s0 = secretary.inbox().length;
    await leader.say(`上报 #${refs[3]}`);
    await settle(h);
    const card = await secretary.expect(new RegExp(`新诉求 #${refs[3]}`), s0);
    expect(card.text).toMatch(/^【吴永红上报，请村里处理】/);

    await leader.say(`接单 #${refs[4]}`);
    await settle(h);
    clock.advance(60_000);
    const third = new TelegramUser(h, 8305, '吴组长平板');
    await third.say('/start 700303');
    await third.expect(/已经在用了/);
    const l0 = leader.inbox().length;
    await leader.say('是我');
    await leader.expect(/已确认/, l0);
    await settle(h);
    const accepted = await third.expect(new RegExp(`处理中 #${refs[4]}`));
    expect(accepted.text).toContain(`办结 #${refs[4]}`);
    expect(accepted.text).not.toContain('请接单');
    expect(third.inbox().some((m) => new RegExp(`新诉求 #${refs[4]}`).test(m.text))).toBe(false);
  });
});
