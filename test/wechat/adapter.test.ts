import type { PlatformTokenStore } from '../../src/channels/tokens.js';
import { afterEach, describe, expect, it } from 'vitest';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createWechatChannel } from '../../bots/wechat/index.js';
import { codeInGreeting } from '../../bots/wechat/wechat.friendship.js';
import { isRoomCommand } from '../../bots/wechat/wechat.mapper.js';
import type { ChannelAdapter, ChannelContext, ChannelState } from '../../src/channels/adapter.js';
import type { InboundMessage, Platform } from '../../src/channels/channel.port.js';
import { SendError } from '../../src/channels/channel.port.js';
import type { ChannelDirectory } from '../../src/channels/directory.js';
import { channelEventsWith } from '../../src/chat/channel.events.js';
import { systemClock } from '../../src/domain/clock.js';
import { silentLog } from '../../src/log.js';
import { BOT_NAME, WechatWorld } from '../support/fake-wechat.js';
import { waitFor } from '../support/harness.js';

// The adapter alone, without the core: what it maps, what it sends, how it starts, what states it reports.
const noDirectory: ChannelDirectory = { whoIs: async () => null, history: async () => [], demoCards: async () => [] };
const noTokens: PlatformTokenStore = { get: async () => 'unused', invalidate: async () => {}, info: async () => null };
const pacing = { perRecipientMs: 0, jitterMs: 0, perSecond: 100 };
const meta = { outboxId: 1 };
const open: ChannelAdapter[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.stop();
});

/** The context the app would give: messages and reported states are collected, `onState` sees each state too. */
function context(
  got: InboundMessage[],
  states: ChannelState[],
  onState?: (p: Platform, s: ChannelState) => void,
): ChannelContext {
  return {
    ingest: async (m) => {
      got.push(m);
      return true;
    },
    directory: noDirectory,
    stateChanged: (p, s) => {
      states.push(s);
      onState?.(p, s);
    },
    tokens: noTokens,
    nonces: { claim: async () => 'first' },
  };
}

async function started(world: WechatWorld, onState?: (p: Platform, s: ChannelState) => void) {
  const got: InboundMessage[] = [];
  const states: ChannelState[] = [];
  const channel = createWechatChannel({
    puppet: world.puppet,
    pacing,
    clock: systemClock,
    log: world.adapterLog,
    printQr: () => {},
    retryBaseMs: 10,
  });
  open.push(channel);
  void channel.start(context(got, states, onState));
  await waitFor(() => channel.state() === 'logged_out', 'start');
  world.login();
  await waitFor(() => channel.state() === 'logged_in', 'login');
  return { channel, got, states };
}

describe('wechat mapper', () => {
  it('maps private text, strips the @mention in rooms, and ignores the bot itself and room chatter', async () => {
    const world = new WechatWorld();
    const { got } = await started(world);
    const alice = world.person('马大姐');
    const room = world.room('三组群', [alice]);
    alice.say('路灯坏了');
    const chatter = alice.sayIn(room, '今天赶集');
    alice.sayIn(room, '水管漏了', { mention: true });
    alice.sayIn(room, '接单 #12');
    await waitFor(() => got.length >= 3, 'three mapped messages');
    // The chatter leaves nothing but the adapter's log line: once that is there, nothing more is coming.
    await world.adapterLog.seen('wechat message ignored', { messageId: chatter });
    expect(got.map((m) => [m.chatType, m.text])).toEqual([
      ['private', '路灯坏了'],
      ['group', '水管漏了'],
      ['group', '接单 #12'],
    ]);
    expect(got[0]).toMatchObject({
      platform: 'wechat',
      userId: alice.id,
      chatId: alice.id,
      displayName: '马大姐',
      unsupported: null,
    });
    expect(got[1]).toMatchObject({ userId: alice.id, chatId: room.id });
    expect(new Set(got.map((m) => m.messageId)).size).toBe(3);
    expect(got.map((m) => m.messageId)).not.toContain(chatter);
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
    await channel.sender.send(
      alice.id,
      {
        text: '新诉求 #12',
        buttons: [
          [
            { label: '接单', data: 'acc:12' },
            { label: '转派', data: 'trf:12' },
            { label: '上报', data: 'esc:12' },
          ],
        ],
      },
      meta,
    );
    await channel.sender.send(
      room.id,
      { text: '收到，回复已私信发给您。', mention: { userId: alice.id, name: '马大姐' } },
      meta,
    );
    expect(alice.inbox()).toEqual(['新诉求 #12\n回复：接单 #12 / 转派 #12 姓名 / 上报 #12']);
    expect(room.messages()).toEqual(['@马大姐 收到，回复已私信发给您。']);
  });

  it('renders a pick list one per line, and English buttons as slash commands', async () => {
    const world = new WechatWorld();
    const { channel } = await started(world);
    const bob = world.person('Bob');
    await channel.sender.send(
      bob.id,
      {
        text: '转给谁？',
        buttons: [
          [
            { label: '吴永红', data: 'trf:7:l-03' },
            { label: '郭桂兰', data: 'trf:7:d-03' },
          ],
          [
            { label: '韩守义', data: 'trf:7:s-01' },
            { label: '史福来', data: 'trf:7:md-03' },
          ],
        ],
      },
      meta,
    );
    await channel.sender.send(
      bob.id,
      {
        text: 'New request #8',
        buttons: [
          [
            { label: 'Accept', data: 'acc:8' },
            { label: 'Escalate', data: 'esc:8' },
          ],
        ],
      },
      meta,
    );
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
    const err = await channel.sender.send(alice.id, { text: 'x' }, meta).catch((e) => e as SendError);
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ retryable: true });
    expect((err as SendError).retryAfterMs).toBeGreaterThan(0);
  });
});

describe('wechat lifecycle', () => {
  it('tells the secretaries about a real logout, not about its own shutdown', async () => {
    // The adapter reports its states; the core's rule (src/chat/channel.events.ts) decides, with the telling faked.
    const told: string[] = [];
    const events = channelEventsWith({
      log: silentLog,
      tell: async (about, what) => {
        told.push(`${about}:${what}`);
        return 1;
      },
    });
    const world = new WechatWorld();
    const { channel, states } = await started(world, events);
    await channel.stop();
    expect(channel.state()).toBe('stopped');
    expect(states).toContain('logged_in');
    expect(states.at(-1)).toBe('stopped');
    expect(told).toEqual([]);

    const other = new WechatWorld();
    const second = await started(other, events);
    await other.logout('phone');
    await waitFor(() => told.length === 1, 'the secretaries to be told');
    expect(told).toEqual(['wechat:wechatDown']);
    expect(second.channel.state()).toBe('logged_out');
    expect(second.states.at(-1)).toBe('logged_out');
  });

  it('makes one outage of a logout however often it is reported, and says when the account is back', async () => {
    const told: string[] = [];
    const report = channelEventsWith({
      log: silentLog,
      tell: async (about, what) => {
        told.push(`${about}:${what}`);
        return 1;
      },
    });
    // Before the first login there is a QR code to scan: not an outage.
    for (const s of [
      'starting',
      'logged_out',
      'logged_in',
      'logged_out',
      'error',
      'logged_out',
      'logged_in',
      'stopped',
    ] as ChannelState[])
      report('wechat', s);
    // Telegram and the web cannot be logged out under the service: their states are not news.
    for (const s of ['starting', 'running', 'error', 'running', 'stopped'] as ChannelState[]) report('telegram', s);
    await waitFor(() => told.length >= 2, 'both notices');
    expect(told).toEqual(['wechat:wechatDown', 'wechat:wechatBack']);
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
    const states: ChannelState[] = [];
    const channel = createWechatChannel({
      puppet,
      pacing,
      clock: systemClock,
      log: silentLog,
      printQr: () => {},
      retryBaseMs: 10,
    });
    open.push(channel);
    void channel.start(context([], states));
    await waitFor(() => channel.state() === 'logged_out', 'the second start to succeed');
    mocker.login(bot);
    await waitFor(() => channel.state() === 'logged_in', 'login');
    expect(states).toContain('error');
    expect(states.indexOf('error')).toBeLessThan(states.indexOf('logged_out'));
    expect(puppet.failures).toBe(-1);
    void world;
  });
});

describe('wechat and web settings', () => {
  it('defaults to about one message a second per chat, and names a missing puppet token', async () => {
    const { loadConfig, ConfigError } = await import('../../src/config.js');
    expect(ConfigError).toBeTypeOf('function');
    expect(loadConfig({})).toMatchObject({
      WECHAT_PER_CHAT_MS: 1000,
      WECHAT_JITTER_MS: 1000,
      WECHAT_PER_SECOND: 2,
      WEB_CHAT: true,
    });
    expect(loadConfig({ WEB_CHAT: 'false' }).WEB_CHAT).toBe(false);
    const fail = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        return (e as InstanceType<typeof ConfigError>).variables;
      }
      throw new Error('expected a ConfigError');
    };
    expect(fail({ WECHATY_PUPPET: 'wechaty-puppet-service' })).toEqual(['WECHATY_PUPPET_SERVICE_TOKEN']);
    expect(fail({ WECHATY_PUPPET: 'padlocal' })).toEqual(['WECHATY_PUPPET']);
    expect(fail({ LINLI_SESSION_SECRET: 'short' })).toEqual(['LINLI_SESSION_SECRET']);
  });
});
