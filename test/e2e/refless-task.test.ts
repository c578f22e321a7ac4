import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, manualClock, settle, startHarness, TelegramUser } from '../support/harness.js';
import { atLocal } from '../../src/domain/local-time.js';

/**
 * After 接单 the bot says "处理完后发：办结 #1001 处理结果", and leaders leave the number out: "办结 水管换了". With one
 * task that takes the verb it is that one; with several, a button for each; with none, said so — never the command list.
 * Demo village: households 三组1号 (483920) and 三组2号 (251551), their leader 吴永红 (700303).
 */
const clock = manualClock(atLocal('Asia/Shanghai', 2026, 12, 1, 9, 0));
let h: Harness;
let a: TelegramUser;
let b: TelegramUser;
let leader: TelegramUser;

async function reported(u: TelegramUser, text: string): Promise<number> {
  clock.advance(15 * 60_000);
  const n = u.inbox().length;
  await u.say(text);
  return Number(/#(\d+)/.exec((await u.expect(/已收到，编号 #\d+/, n)).text)![1]);
}

async function answer(u: TelegramUser, text: string, pattern: RegExp) {
  const n = u.inbox().length;
  await u.say(text);
  return u.expect(pattern, n);
}

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  a = new TelegramUser(h, 8601, '杨大姐');
  b = new TelegramUser(h, 8602, '王大哥');
  leader = new TelegramUser(h, 8603, '吴组长');
  for (const [u, code] of [
    [a, '483920'],
    [b, '251551'],
    [leader, '700303'],
  ] as const) {
    await u.say(`/start ${code}`);
    await u.expect(/绑定成功/);
  }
});
afterAll(async () => {
  await h?.close();
});

describe('a task verb without its number', () => {
  it('办结 with the words and no number resolves the one accepted task, and the resident is asked to rate it', async () => {
    const ref = await reported(a, '俺家门口的自来水管子冻裂了，一直往外冒水');
    await answer(leader, '接单', new RegExp(`已接单 #${ref}`));
    const r0 = a.inbox().length;
    const done = await answer(leader, '办结 冻裂的水管已经换了', new RegExp(`#${ref}`));
    expect(done.text).not.toMatch(/命令（把 #12 换成诉求编号）/);
    const told = await a.expect(/满意/, r0);
    expect(told.text).toContain('冻裂的水管已经换了');
  });

  it('with several tasks that take it, asks which with a button each; with none, says so', async () => {
    const one = await reported(a, '村东头的路灯不亮了，晚上黑');
    const two = await reported(b, '俺家院墙裂了一道缝');
    await settle(h);
    const asked = await answer(leader, '接单', /是哪一件/);
    expect(asked.buttons).toEqual(expect.arrayContaining([`acc:${one}`, `acc:${two}`]));
    const n = leader.inbox().length;
    await leader.press(`acc:${two}`);
    await leader.expect(new RegExp(`已接单 #${two}`), n);
    // One accepted task now: 办结 without words asks for the result of that one.
    await answer(leader, '办结', new RegExp(`#${two}`));
    await answer(leader, '已经用水泥补好了', new RegExp(`#${two}`));
    await answer(leader, '接单', new RegExp(`已接单 #${one}`));
    await leader.press(`res:${one}`);
    await answer(leader, '换了灯泡', new RegExp(`#${one}`));
    const none = await answer(leader, '上报', /没有可以“上报”的诉求/);
    expect(none.text).not.toMatch(/命令（把 #12/);
  });
});
