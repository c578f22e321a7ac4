import { afterEach, describe, expect, it } from 'vitest';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createWechatChannel } from '../../bots/wechat/index.js';
import { codeInGreeting } from '../../bots/wechat/wechat.friendship.js';
import { isRoomCommand } from '../../bots/wechat/wechat.mapper.js';
import type { Db } from '../../db/client.js';
import type { ChannelAdapter } from '../../src/channels/adapter.js';
import type { InboundMessage } from '../../src/channels/channel.port.js';
import { SendError } from '../../src/channels/channel.port.js';
import { systemClock } from '../../src/domain/clock.js';
import { silentLog } from '../../src/log.js';
import { BOT_NAME, WechatWorld } from '../support/fake-wechat.js';
import { waitFor } from '../support/harness.js';

// The adapter alone, without a database: what it maps, what it sends, how it starts.
const noDb = {} as Db;
const pacing = { perRecipientMs: 0, jitterMs: 0, perSecond: 100 };
const open: ChannelAdapter[] = [];
afterEach(async () => { for (const c of open.splice(0)) await c.stop(); });

async function started(world: WechatWorld, db = noDb) {
  const got: InboundMessage[] = [];
  const channel = createWechatChannel({ puppet: world.puppet, pacing, db, clock: systemClock, log: silentLog, printQr: () => {}, retryBaseMs: 10 });
  open.push(channel);
  void channel.start(async (m) => { got.push(m); return true; });
  await waitFor(() => channel.state() === 'logged_out', 'start');
  world.login();
  await waitFor(() => channel.state() === 'logged_in', 'login');
  return { channel, got };
}

describe('wechat mapper', () => {
  it('maps private text, strips the @mention in rooms, and ignores the bot itself and room chatter', async () => {
    const world = new WechatWorld();
    const { got } = await started(world);
    const alice = world.person('马大姐');
    const room = world.room('三组群', [alice]);
    alice.say('路灯坏了');
    alice.sayIn(room, '今天赶集');
    alice.sayIn(room, '水管漏了', { mention: true });
    alice.sayIn(room, '接单 #12');
    await waitFor(() => got.length >= 3, 'three mapped messages');
    await new Promise((r) => setTimeout(r, 100));
    expect(got.map((m) => [m.chatType, m.text])).toEqual([['private', '路灯坏了'], ['group', '水管漏了'], ['group', '接单 #12']]);
    expect(got[0]).toMatchObject({ platform: 'wechat', userId: alice.id, chatId: alice.id, displayName: '马大姐', unsupported: null });
    expect(got[1]).toMatchObject({ userId: alice.id, chatId: room.id });
    expect(new Set(got.map((m) => m.messageId)).size).toBe(3);
  });

  it('knows which room texts are commands', () => {
    expect(['绑定群 g3', '接单 #12', '办结 #3 修好了', '#12', '帮助', '评价 #12 满意'].every(isRoomCommand)).toBe(true);
    expect(['1', '满意', '算了', '大家好', '新的'].some(isRoomCommand)).toBe(false);
  });

  it('finds the binding code in a friend request greeting', () => {
    expect(codeInGreeting('绑定 483920')).toBe('483920');
    expect(codeInGreeting('我是三组的，码是４８３９２０')).toBe('483920');
    expect(codeInGreeting('你好')).toBeNull();
  });
});

describe('wechat sender', () => {
  it('says to a contact, and in a room @mentions the person; buttons become reply commands', async () => {
    const world = new WechatWorld();
    const { channel } = await started(world);
    const alice = world.person('马大姐');
    const room = world.room('三组群', [alice]);
    await channel.sender.send(alice.id, {
      text: '新诉求 #12', buttons: [[{ label: '接单', data: 'acc:12' }, { label: '转派', data: 'trf:12' }, { label: '上报', data: 'esc:12' }]],
    });
    await channel.sender.send(room.id, { text: '收到，回复已私信发给您。', mention: { userId: alice.id, name: '马大姐' } });
    expect(alice.inbox()).toEqual(['新诉求 #12\n回复：接单 #12 / 转派 #12 成员编号 / 上报 #12']);
    expect(room.messages()).toEqual(['@马大姐 收到，回复已私信发给您。']);
  });

  it('renders a pick list one per line, and English buttons as slash commands', async () => {
    const world = new WechatWorld();
    const { channel } = await started(world);
    const bob = world.person('Bob');
    await channel.sender.send(bob.id, {
      text: '转给谁？',
      buttons: [[{ label: '吴永红', data: 'trf:7:l-03' }, { label: '郭桂兰', data: 'trf:7:d-03' }], [{ label: '韩守义', data: 'trf:7:s-01' }, { label: '史福来', data: 'trf:7:md-03' }]],
    });
    await channel.sender.send(bob.id, { text: 'New request #8', buttons: [[{ label: 'Accept', data: 'acc:8' }, { label: 'Escalate', data: 'esc:8' }]] });
    expect(bob.inbox()).toEqual([
      '转给谁？\n回复：\n· 吴永红：转派 #7 l-03\n· 郭桂兰：转派 #7 d-03\n· 韩守义：转派 #7 s-01\n· 史福来：转派 #7 md-03',
      'New request #8\nReply: /accept 8 / /escalate 8',
    ]);
  });

  it('refuses to send while logged out with a retryable error that pauses the channel', async () => {
    const world = new WechatWorld();
    const { channel } = await started(world);
    const alice = world.person('马大姐');
    await world.logout();
    const err = await channel.sender.send(alice.id, { text: 'x' }).catch((e) => e as SendError);
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ retryable: true });
    expect((err as SendError).retryAfterMs).toBeGreaterThan(0);
  });
});

describe('wechat lifecycle', () => {
  it('tells the secretaries about a real logout, not about its own shutdown', async () => {
    let told = 0;
    const db = { transaction: async () => { told++; return 1; } } as unknown as Db;
    const world = new WechatWorld();
    const { channel } = await started(world, db);
    await channel.stop();
    expect(channel.state()).toBe('stopped');
    expect(told).toBe(0);

    const other = new WechatWorld();
    const second = await started(other, db);
    await other.logout('phone');
    await waitFor(() => told === 1, 'the secretaries to be told');
    expect(second.channel.state()).toBe('logged_out');
  });

  it('retries a failed start with backoff until the puppet comes up', async () => {
    const world = new WechatWorld();
    class FlakyPuppet extends PuppetMock {
      failures = 1;
      override async onStart() {
        if (this.failures-- > 0) throw new Error('puppet service unreachable');
        return super.onStart();
      }
    }
    const mocker = new mock.Mocker();
    const puppet = new FlakyPuppet({ mocker });
    const bot = mocker.createContact({ name: BOT_NAME });
    const states: string[] = [];
    const channel = createWechatChannel({ puppet, pacing, db: noDb, clock: systemClock, log: silentLog, printQr: () => {}, retryBaseMs: 10 });
    open.push(channel);
    const poll = setInterval(() => { if (states.at(-1) !== channel.state()) states.push(channel.state()); }, 1);
    void channel.start(async () => true);
    await waitFor(() => channel.state() === 'logged_out', 'the second start to succeed');
    mocker.login(bot);
    await waitFor(() => channel.state() === 'logged_in', 'login');
    clearInterval(poll);
    expect(states).toContain('error');
    expect(puppet.failures).toBe(-1);
    void world;
  });
});

describe('wechat and web settings', () => {
  it('defaults to about one message a second per chat, and names a missing puppet token', async () => {
    const { loadConfig, ConfigError } = await import('../../src/config.js');
    expect(loadConfig({})).toMatchObject({ WECHAT_PER_CHAT_MS: 1000, WECHAT_JITTER_MS: 1000, WECHAT_PER_SECOND: 2, WEB_CHAT: true });
    expect(loadConfig({ WEB_CHAT: 'false' }).WEB_CHAT).toBe(false);
    const fail = (env: Record<string, string>) => {
      try { loadConfig(env); } catch (e) { return (e as InstanceType<typeof ConfigError>).variables; }
      throw new Error('expected a ConfigError');
    };
    expect(fail({ WECHATY_PUPPET: 'wechaty-puppet-service' })).toEqual(['WECHATY_PUPPET_SERVICE_TOKEN']);
    expect(fail({ WECHATY_PUPPET: 'padlocal' })).toEqual(['WECHATY_PUPPET']);
    expect(fail({ LINLI_SESSION_SECRET: 'short' })).toEqual(['LINLI_SESSION_SECRET']);
  });
});
