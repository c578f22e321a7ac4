import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';

// Demo village: household h-0301 (group g3), its leader l-03, the secretary s-01.
let h: Harness;
let resident: TelegramUser;
let leader: TelegramUser;
let secretary: TelegramUser;

beforeAll(async () => {
  h = await startHarness({ pumps: 'manual' });
  resident = new TelegramUser(h, 5301, '马大姐');
  leader = new TelegramUser(h, 6303, '吴组长');
  secretary = new TelegramUser(h, 6300, '韩书记');
  await resident.say('/start 483920');
  await resident.expect(/绑定成功/);
  await leader.say('/start 700303');
  await leader.expect(/绑定成功/);
  await secretary.say('/start 700001');
  await secretary.expect(/绑定成功/);
});
afterAll(async () => {
  await h?.close();
});

describe('phone numbers stay with the resident and the assignee', () => {
  it('the leader’s card has the number whole; the secretary’s copy and their 查 have it masked', async () => {
    const l0 = leader.inbox().length;
    const s0 = secretary.inbox().length;
    await resident.say('电线冒火花了，电话13812345678，三组12号门口');
    const card = await leader.expect(/新诉求 #\d+/, l0);
    expect(card.text).toContain('13812345678');
    const copy = await secretary.expect(/抄送 #\d+/, s0);
    expect(copy.text).toContain('138****5678');
    expect(copy.text).not.toContain('13812345678');
    const ref = Number(/#(\d+)/.exec(card.text)![1]);

    const s1 = secretary.inbox().length;
    await secretary.say(`查 #${ref}`);
    const detail = await secretary.expect(new RegExp(`诉求 #${ref}`), s1);
    expect(detail.text).toContain('138****5678');
    expect(detail.text).not.toContain('13812345678');

    const l1 = leader.inbox().length;
    await leader.say(`查 #${ref}`);
    const own = await leader.expect(new RegExp(`诉求 #${ref}`), l1);
    expect(own.text).toContain('13812345678');
    await settle(h);
  });
});
