import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWecomChannel } from '../../bots/wecom/index.js';
import { messageBody, templateCardOf } from '../../bots/wecom/wecom.card.js';
import { mapWecomCallback } from '../../bots/wecom/wecom.mapper.js';
import type { ChannelContext } from '../../src/channels/adapter.js';
import type { FreshToken, PlatformTokenStore } from '../../src/channels/tokens.js';
import { configuredChannels } from '../../src/compose.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { robotKeyBox, secretBox } from '../../src/data/secret-box.js';
import { silentLog } from '../../src/log.js';
import { rosterSchema } from '../../src/domain/roster.schema.js';
import { systemClock } from '../../src/domain/clock.js';
import { FakeWecom, WECOM } from '../support/fake-wecom.js';

const card = (text: string, labels: string[]) => ({
  text,
  buttons: [labels.map((l, i) => ({ label: l, data: `x${i}:12` }))],
});

describe('task cards on WeCom', () => {
  it('a message with buttons becomes a button card: first line the title, the rest its text, the buttons the same callback data', () => {
    const body = messageBody(
      'WuYongHong',
      1000002,
      {
        text: '新诉求 #12（报修）\n壁挂炉坏了\n请接单：接单 #12',
        buttons: [
          [
            { label: '接单', data: 'acc:12' },
            { label: '转派', data: 'trf:12' },
          ],
        ],
      },
      'linli-1-x',
    );
    expect(body).toEqual({
      touser: 'WuYongHong',
      msgtype: 'template_card',
      agentid: 1000002,
      template_card: {
        card_type: 'button_interaction',
        main_title: { title: '新诉求 #12（报修）' },
        sub_title_text: '壁挂炉坏了\n请接单：接单 #12',
        task_id: 'linli-1-x',
        button_list: [
          { text: '接单', key: 'acc:12' },
          { text: '转派', key: 'trf:12' },
        ],
      },
    });
  });

  it('what a card cannot hold whole goes as text with the typed replies, never cut', () => {
    const long = `新诉求 #12（报修）\n${'院墙裂了一道大口子'.repeat(15)}`;
    const body = messageBody(
      'u',
      1,
      {
        text: long,
        buttons: [
          [
            { label: '接单', data: 'acc:12' },
            { label: '上报', data: 'esc:12' },
          ],
        ],
      },
      't',
    );
    expect(body.msgtype).toBe('text');
    expect((body.text as { content: string }).content).toBe(`${long}\n回复：接单 #12 / 上报 #12`);
    expect(templateCardOf(card('seven buttons', ['1', '2', '3', '4', '5', '6', '7']), 't')).toBeNull();
    expect(templateCardOf(card('a long label', ['这个按钮的字实在是太多了吧']), 't')).toBeNull();
    // A first line too long for a title: the whole text under the app's name.
    const wide = templateCardOf(card(`${'很长的一行'.repeat(6)}\n下一行`, ['接单']), 't')!;
    expect(wide.main_title.title).toBe('邻里');
    expect(wide.sub_title_text).toBe(`${'很长的一行'.repeat(6)}\n下一行`);
    expect(messageBody('u', 1, { text: '你好' }, 't')).toEqual({
      touser: 'u',
      msgtype: 'text',
      agentid: 1,
      text: { content: '你好' },
    });
  });
});

describe('WeCom callbacks → messages', () => {
  const base = {
    ToUserName: WECOM.corpId,
    FromUserName: 'WuYongHong',
    CreateTime: '1700000000',
    AgentID: String(WECOM.agentId),
  };
  it('maps text, a button press, an image and a voice note; ignores other events and other apps', () => {
    expect(
      mapWecomCallback({ ...base, MsgType: 'text', Content: '接单 #12', MsgId: '123' }, WECOM.agentId),
    ).toMatchObject({
      platform: 'wecom',
      messageId: '123',
      userId: 'WuYongHong',
      chatId: 'WuYongHong',
      chatType: 'private',
      text: '接单 #12',
      action: null,
      receivedAt: '2023-11-14T22:13:20.000Z',
    });
    const press = mapWecomCallback(
      { ...base, MsgType: 'event', Event: 'template_card_event', EventKey: 'acc:12', TaskId: 'linli-3-x' },
      WECOM.agentId,
    )!;
    expect(press).toMatchObject({
      action: 'acc:12',
      text: null,
      messageId: 'ev:WuYongHong:1700000000:linli-3-x:acc:12',
    });
    expect(
      mapWecomCallback(
        { ...base, MsgType: 'image', PicUrl: 'http://p', MediaId: 'MEDIA1', MsgId: '124' },
        WECOM.agentId,
      )!.attachments,
    ).toEqual([
      {
        kind: 'photo',
        platformId: 'MEDIA1',
        mime: null,
        size: null,
        durationSec: null,
        recognition: null,
        fileName: null,
      },
    ]);
    expect(
      mapWecomCallback({ ...base, MsgType: 'voice', MediaId: 'V1', Format: 'amr', MsgId: '125' }, WECOM.agentId)!
        .attachments?.[0],
    ).toMatchObject({ kind: 'voice', platformId: 'V1', mime: 'audio/amr' });
    expect(mapWecomCallback({ ...base, MsgType: 'location', MsgId: '126' }, WECOM.agentId)!.unsupported).toBe(
      'location',
    );
    // A shared point (GCJ-02, like WeChat's) is the message's place; Location_X is the latitude.
    expect(
      mapWecomCallback(
        {
          ...base,
          MsgType: 'location',
          Location_X: '36.351',
          Location_Y: '114.381',
          Scale: '15',
          Label: '小营店村村委会',
          MsgId: '128',
        },
        WECOM.agentId,
      ),
    ).toMatchObject({
      text: null,
      unsupported: null,
      location: { lat: 36.351, long: 114.381, label: '小营店村村委会', datum: 'gcj02' },
    });
    expect(mapWecomCallback({ ...base, MsgType: 'event', Event: 'enter_agent' }, WECOM.agentId)).toBeNull();
    expect(
      mapWecomCallback({ ...base, AgentID: '1000009', MsgType: 'text', Content: 'x', MsgId: '127' }, WECOM.agentId),
    ).toBeNull();
    expect(mapWecomCallback({ ...base, MsgType: 'text', Content: 'x' }, WECOM.agentId)).toBeNull();
  });
});

describe('media from WeCom', () => {
  let fake: FakeWecom;
  beforeAll(async () => {
    fake = await new FakeWecom().start();
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('downloads a photo with media/get, fetching the token once', async () => {
    const tokens = new Map<string, string>();
    const store: PlatformTokenStore = {
      async get(key: string, refresh: () => Promise<FreshToken>) {
        if (!tokens.has(key)) tokens.set(key, (await refresh()).value);
        return tokens.get(key)!;
      },
      async invalidate(key: string) {
        tokens.delete(key);
      },
      async info() {
        return null;
      },
    };
    const channel = createWecomChannel({ ...WECOM, apiRoot: fake.apiRoot, clock: systemClock, log: silentLog });
    channel.routes!({ tokens: store } as unknown as ChannelContext);
    fake.media.set('MEDIA1', {
      bytes: Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]),
      mime: 'image/jpeg',
      fileName: 'MEDIA1.jpg',
    });
    const got = await channel.fetchMedia!({
      kind: 'photo',
      platformId: 'MEDIA1',
      mime: null,
      size: null,
      durationSec: null,
      recognition: null,
      fileName: null,
    });
    expect(got).toEqual({
      bytes: Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]),
      mime: 'image/jpeg',
      fileName: 'MEDIA1.jpg',
    });
    await expect(
      channel.fetchMedia!({
        kind: 'photo',
        platformId: 'GONE',
        mime: null,
        size: null,
        durationSec: null,
        recognition: null,
        fileName: null,
      }),
    ).rejects.toThrow(/40007/);
    expect(fake.tokenCalls).toBe(1);
  });
});

describe('robot keys in the roster and the configuration', () => {
  const roster = (robotKey: unknown) => ({
    village: { code: 'v', name: '村' },
    members: [],
    households: [],
    groups: [{ code: 'g1', name: '一组', robotKey }],
  });
  it('takes a key or its whole webhook address, null or empty to remove it, and never repeats a bad one', () => {
    const key = '6f1c2a9e-47b1-4c2e-9d0a-3b5e8f7a1c22';
    expect(rosterSchema.parse(roster(key)).groups[0]!.robotKey).toBe(key);
    expect(
      rosterSchema.parse(roster(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`)).groups[0]!.robotKey,
    ).toBe(key);
    expect(rosterSchema.parse(roster('')).groups[0]!.robotKey).toBeNull();
    expect(
      rosterSchema.parse({ ...roster(null), groups: [{ code: 'g1', name: '一组' }] }).groups[0]!.robotKey,
    ).toBeUndefined();
    const bad = rosterSchema.safeParse(roster('secret but wrong!'));
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error!.issues)).not.toContain('secret but wrong');
  });

  it('seals under the admin token: another token cannot open it', () => {
    const sealed = robotKeyBox('admin-token-one-0123456789').seal('the-key-1234');
    expect(sealed).not.toContain('the-key');
    expect(robotKeyBox('admin-token-one-0123456789').open(sealed)).toBe('the-key-1234');
    expect(robotKeyBox('admin-token-two-0123456789').open(sealed)).toBeNull();
    expect(secretBox('admin-token-one-0123456789', 'another purpose').open(sealed)).toBeNull();
    expect(robotKeyBox('admin-token-one-0123456789').open('v1:broken')).toBeNull();
  });

  it('turns WeCom on with all five settings, names the missing ones, and posts to robots with the app', () => {
    const all = {
      WECOM_CORP_ID: WECOM.corpId,
      WECOM_AGENT_ID: String(WECOM.agentId),
      WECOM_SECRET: WECOM.secret,
      WECOM_TOKEN: WECOM.token,
      WECOM_AES_KEY: WECOM.aesKey,
    };
    const c = loadConfig(all);
    expect(c).toMatchObject({
      WECOM_AGENT_ID: 1000002,
      WECOM_API_ROOT: 'https://qyapi.weixin.qq.com',
      WECOM_ROBOT_API_ROOT: 'https://qyapi.weixin.qq.com',
    });
    expect(configuredChannels({ ...c, WEB_CHAT: false }, systemClock, silentLog).map((ch) => ch.platform)).toEqual([
      'wecom',
      'wecom-robot',
    ]);
    expect(
      configuredChannels({ ...loadConfig({ WECOM_ROBOTS: 'true' }), WEB_CHAT: false }, systemClock, silentLog).map(
        (ch) => ch.platform,
      ),
    ).toEqual(['wecom-robot']);
    expect(configuredChannels({ ...loadConfig({}), WEB_CHAT: false }, systemClock, silentLog)).toEqual([]);
    try {
      loadConfig({ WECOM_CORP_ID: WECOM.corpId, WECOM_AES_KEY: 'short' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as ConfigError).variables).toEqual(
        expect.arrayContaining(['WECOM_AES_KEY', 'WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN']),
      );
    }
  });
});
