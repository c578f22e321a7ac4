import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atLocal } from '../../src/domain/local-time.js';
import { type Harness, manualClock, settle, startHarness, TelegramUser } from '../support/harness.js';

// Demo village: household h-0301 (483920, group g3), a second household h-0302 (251551), leader l-03 (吴永红), the secretary.
const at = (h: number, min = 0) => atLocal('Asia/Shanghai', 2026, 12, 1, h, min);
const clock = manualClock(at(9, 0));

let h: Harness;
let resident: TelegramUser;
let english: TelegramUser;
let leader: TelegramUser;
let secretary: TelegramUser;

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

async function receiptOf(user: TelegramUser, text: string) {
  // Reports far enough apart that none is taken for more about the one before.
  clock.advance(15 * 60_000);
  const r0 = user.inbox().length;
  await user.say(text);
  const receipt = await user.expect(/已收到，编号 #\d+|Received, reference #\d+/, r0).catch((e: unknown) => {
    throw new Error(`${String(e)}: ${JSON.stringify(user.inbox().slice(r0))}`);
  });
  await settle(h);
  // A hazard without a place is routed at once and asked where: answer it, so the next report is a new one.
  if (
    user
      .inbox()
      .slice(r0)
      .some((m) => /在哪个位置|Where exactly/.test(m.text))
  ) {
    await user.say('三组1号家里');
    await settle(h);
  }
  return receipt;
}

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  resident = new TelegramUser(h, 8201, '马大姐');
  english = new TelegramUser(h, 8202, 'Anna', 'en');
  leader = new TelegramUser(h, 8203, '吴组长');
  secretary = new TelegramUser(h, 8204, '韩书记');
  for (const [u, code] of [
    [resident, '483920'],
    [english, '251551'],
    [leader, '700303'],
    [secretary, '700001'],
  ] as const) {
    await u.say(`/start ${code}`);
    await u.expect(/绑定成功|bound|Bound/);
  }
});
afterAll(async () => {
  await h?.close();
});

describe("an urgent danger's receipt says what to do now", () => {
  it.each([
    ['厨房里有煤气味，很浓', /开窗通风.*不要开关电灯电器.*到室外/],
    ['后院柴火垛着火了', /119/],
    ['村口电线杆上的电线冒火花了', /拉闸.*不要用手/],
  ])('%s', async (text, advice) => {
    const receipt = await receiptOf(resident, text);
    expect(receipt.text).toContain('【紧急】');
    expect(receipt.text).toMatch(advice);
    expect(receipt.text).toContain('【安全提醒】');
  });

  it('in English for an English account', async () => {
    const receipt = await receiptOf(english, 'There is a strong smell of gas in my kitchen');
    expect(receipt.text).toMatch(/Safety: smell of gas — open the windows/);
  });

  it('an ordinary report has no advice', async () => {
    const receipt = await receiptOf(resident, '俺家壁挂炉坏了，不出热水');
    expect(receipt.text).not.toContain('安全提醒');
  });
});

describe('an escalated card says why', () => {
  it("the leader let the accept deadline pass: the secretary's card names who and how long", async () => {
    const receipt = await receiptOf(resident, '三组12号门前的电线断了掉在地上，还冒火花');
    const ref = refIn(receipt.text);
    const s0 = secretary.inbox().length;
    clock.advance(2 * 3_600_000 + 60_000);
    await h.app.linli.tick(clock.now());
    h.app.linli.outbox.wake();
    await settle(h);
    const card = await secretary.expect(new RegExp(`新诉求 #${ref}`), s0);
    expect(card.text.split('\n')[0]).toBe(`【吴永红 2 小时未接单，已上报】【紧急】新诉求 #${ref}（风险隐患）`);
    expect(card.buttons).toContain(`acc:${ref}`);

    // 查 shows the reason in the ledger too, with a readable date.
    const v0 = secretary.inbox().length;
    await secretary.say(`查 #${ref}`);
    const detail = await secretary.expect(new RegExp(`诉求 #${ref}`), v0);
    expect(detail.text).toMatch(
      /12月1日 \d\d:\d\d 上报：吴永红?超过时限未接单，已上报|12月1日 \d\d:\d\d 上报：负责人超过时限未接单，已上报/,
    );
  });
});

describe("查 reads in the reader's language", () => {
  it('the location and the events with readable dates, in Chinese', async () => {
    const receipt = await receiptOf(resident, '村口的路灯不亮了，晚上黑乎乎的');
    expect(receipt.text).toContain('地点：村口');
    const ref = refIn(receipt.text);
    clock.advance(60_000);
    await leader.say(`接单 #${ref}`);
    await settle(h);
    const r0 = resident.inbox().length;
    await resident.say(`查 #${ref}`);
    const detail = await resident.expect(new RegExp(`诉求 #${ref}`), r0);
    expect(detail.text).toContain('地点：村口');
    const time = (d: Date) =>
      d.toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });
    expect(detail.text).toContain(`12月1日 ${time(new Date(clock.now().getTime() - 60_000))} 提交`);
    expect(detail.text).toContain(`12月1日 ${time(clock.now())} 接单 · 吴永红`);
  });

  it('in English for an English account', async () => {
    const receipt = await receiptOf(english, 'The street light at the village entrance is broken');
    expect(receipt.text).toContain('Where: 村口');
    const ref = refIn(receipt.text);
    const e0 = english.inbox().length;
    await english.say(`/view ${ref}`);
    const detail = await english.expect(new RegExp(`Request #${ref}`), e0);
    expect(detail.text).toContain('Where: 村口');
    expect(detail.text).toMatch(/Dec 1, \d\d:\d\d submitted/);
    expect(detail.text).toMatch(/Dec 1, \d\d:\d\d assigned/);
    expect(detail.text).not.toMatch(/[提交派单]/);
  });
});
