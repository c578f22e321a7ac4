import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, manualClock, startHarness, TelegramUser } from '../support/harness.js';
import { atLocal } from '../../src/domain/local-time.js';

/**
 * Members name households as villagers do: `查 杨志强`, `查 三组1号`. Demo village: 杨志强家 (三组1号, 483920), its
 * leader 吴永红 (700303) and deputy 郭桂兰 (700403), 一组's leader 赵德福 (700301), the secretary 韩守义 (700001).
 */
const clock = manualClock(atLocal('Asia/Shanghai', 2026, 12, 1, 9, 0));
let h: Harness;
let resident: TelegramUser;
let leader: TelegramUser;
let deputy: TelegramUser;
let otherLeader: TelegramUser;
let secretary: TelegramUser;
let ref = 0;

async function answer(u: TelegramUser, text: string, pattern: RegExp) {
  const n = u.inbox().length;
  await u.say(text);
  return u.expect(pattern, n);
}

beforeAll(async () => {
  h = await startHarness({ clock });
  resident = new TelegramUser(h, 8701, '杨大哥');
  leader = new TelegramUser(h, 8702, '吴组长');
  deputy = new TelegramUser(h, 8703, '郭副组长');
  otherLeader = new TelegramUser(h, 8704, '赵组长');
  secretary = new TelegramUser(h, 8705, '韩书记');
  for (const [u, code] of [
    [resident, '483920'],
    [leader, '700303'],
    [deputy, '700403'],
    [otherLeader, '700301'],
    [secretary, '700001'],
  ] as const) {
    await u.say(`/start ${code}`);
    await u.expect(/绑定成功/);
  }
  const n = resident.inbox().length;
  await resident.say('俺家门口的自来水管子冻裂了，一直往外冒水，电话13812345678');
  ref = Number(/#(\d+)/.exec((await resident.expect(/已收到，编号 #\d+/, n)).text)![1]);
});
afterAll(async () => {
  await h?.close();
});

describe('查 a household by name or address', () => {
  it('the group leader finds it by the head’s name and by the address, with its requests', async () => {
    for (const typed of ['查 杨志强', '查 三组1号', '查 杨志强家']) {
      const got = await answer(leader, typed, /杨志强家（三组1号）的诉求/);
      expect(got.text).toContain(`#${ref}`);
      expect(got.text).toContain('冻裂');
      expect(got.text).not.toMatch(/h-0301/);
    }
  });

  it('the deputy of the group sees the request it did not handle, numbers masked, and may open it', async () => {
    const got = await answer(deputy, '查 杨志强', /杨志强家（三组1号）的诉求/);
    expect(got.text).toContain(`#${ref}`);
    const detail = await answer(deputy, `查 #${ref}`, new RegExp(`诉求 #${ref}`));
    expect(detail.text).not.toMatch(/不是您的/);
    expect(detail.text).not.toContain('13812345678');
  });

  it('a leader of another group sees none of it, only that there are others; nor may open it', async () => {
    const got = await answer(otherLeader, '查 三组1号', /杨志强家（三组1号）的诉求/);
    expect(got.text).not.toContain(`#${ref}`);
    expect(got.text).toMatch(/另有 1 件/);
    await answer(otherLeader, `查 #${ref}`, /不是您的/);
  });

  it('a name several households share is asked about with a button each, naming group and address', async () => {
    const asked = await answer(secretary, '查 陈德福', /村里有 \d+ 户对得上「陈德福」/);
    expect(asked.buttons.length).toBeGreaterThan(1);
    const n = secretary.inbox().length;
    await secretary.press(asked.buttons[0]!);
    await secretary.expect(/陈德福家（.+）的诉求/, n);
  });

  it('a notice typed in chat is pointed to the desk, not answered with the command list', async () => {
    const got = await answer(secretary, '公告 停水通知：明天上午9点到12点停水检修', /村务工作台/);
    expect(got.text).not.toMatch(/命令（把 #12 换成诉求编号）/);
  });

  it('a name nobody has gets who is close; a resident is told how to look up their own', async () => {
    await answer(secretary, '查 杨志', /没有找到「杨志」这一户[\s\S]*杨志强家/);
    await answer(resident, '查 杨志强', /查 1002|查”加编号/);
  });
});
