import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, TelegramUser } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ pumps: 'manual' });
});
afterAll(async () => {
  await h?.close();
});

describe('binding with the code on the contact card', () => {
  it('tells an unbound person how to bind, and creates nothing', async () => {
    const stranger = new TelegramUser(h, 7001);
    await stranger.say('俺家水管冻裂了');
    const reply = await stranger.expect(/绑定码/);
    expect(reply.text).toContain('绑定 483920');
  });

  it('binds through the deep link /start <code>', async () => {
    const u = new TelegramUser(h, 7002);
    await u.say('/start 483920');
    await u.expect(/绑定成功！您是小营店村三组1号的住户/);
  });

  it('answers a wrong code clearly and locks after five wrong codes in an hour', async () => {
    const guesser = new TelegramUser(h, 7003);
    for (let i = 1; i <= 5; i++) {
      const before = guesser.inbox().length;
      await guesser.say(`绑定 99999${i}`);
      await guesser.expect(i < 5 ? new RegExp(`绑定码不对.*还可以试 ${5 - i} 次`) : /尝试次数太多/, before);
    }
    // Even the right code is refused while locked.
    const before = guesser.inbox().length;
    await guesser.say('绑定 483920');
    await guesser.expect(/尝试次数太多/, before);
  });

  it('binds a member code as a leader, and answers in English to an English-language app', async () => {
    const leader = new TelegramUser(h, 7004, 'Lee', 'en');
    await leader.say('/start 700301');
    await leader.expect(/^Bound: 赵德福/);
    const before = leader.inbox().length;
    await leader.say('help');
    await leader.expect(/\/accept 12/, before);
  });

  it('asks for the code when /start or 绑定 comes without one', async () => {
    const u = new TelegramUser(h, 7005);
    await u.say('/start');
    await u.expect(/绑定码/);
  });
});
