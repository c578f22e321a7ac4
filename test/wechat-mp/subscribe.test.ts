import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { outboxRows } from '../../src/data/inspection.repository.js';
import { TelegramUser, waitFor } from '../support/harness.js';
import { type MpHarness, MpUser, startMpHarness } from './mp-harness.js';

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
// As the operator writes it: a 订阅通知 template from 公共模板库 with its keywords.
const SUBSCRIBE = loadConfig({
  WECHAT_MP_APP_ID: 'wx0123456789abcdef',
  WECHAT_MP_APP_SECRET: 'fakeSecret0123456789abcdef012345',
  WECHAT_MP_TOKEN: 'linliToken',
  WECHAT_MP_SUBSCRIBE: JSON.stringify({
    id: 'subNotice_0000000001',
    keywords: { character_string1: 'ref', thing2: 'kind', phrase3: 'status', time4: 'time' },
  }),
}).WECHAT_MP_SUBSCRIBE!;

/**
 * No template messages (an account without them), but the resident accepted a one-time subscription (订阅通知)
 * on the web page: WeChat pushes subscribe_msg_popup_event, and the next news past the window goes once by
 * subscribe/bizsend; the news after it, with no acceptance left, is held until the resident writes.
 */
describe("Past WeChat's window without templates: one notice per accepted subscription", () => {
  let h: MpHarness;
  let leader: TelegramUser;
  beforeAll(async () => {
    h = await startMpHarness({ subscribe: SUBSCRIBE, publicUrl: true });
    leader = new TelegramUser(h, 7503, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
  });
  afterAll(async () => {
    await h?.close();
  });

  const mpChannel = async () =>
    (await h.api('/api/v1/channels')).body.channels.find((c: { platform: string }) => c.platform === 'wechat-mp');

  it('an acceptance pushed by WeChat carries one status update past the window; the next one waits', async () => {
    const resident = new MpUser(h);
    await resident.say('绑定 483920');
    await resident.expect(/绑定成功/);
    await resident.say('三组12号门前的路灯坏了，晚上看不见路');
    const ref = refIn(await resident.expect(/已收到，编号 #\d+/));

    // On the web page the resident taps 允许 once; WeChat tells the service so.
    h.mp.acceptSubscription(resident.openid, 'subNotice_0000000001');
    const pushed = await resident.push(
      resident.xml(
        '<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[subscribe_msg_popup_event]]></Event>\n' +
          '<SubscribeMsgPopupEvent><List><TemplateId><![CDATA[subNotice_0000000001]]></TemplateId>' +
          '<SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List>' +
          '<List><TemplateId><![CDATA[otherTemplate_00001]]></TemplateId><SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString>' +
          '<PopupScene>2</PopupScene></List></SubscribeMsgPopupEvent>',
      ),
    );
    expect(pushed.body).toBe('success');

    h.mp.closeWindow(resident.openid);
    await leader.say(`接单 #${ref}`);
    const sent = await waitFor(
      () => h.mp.subscribeSent.find((s) => s.touser === resident.openid),
      'the subscription notice',
    );
    expect(sent.templateId).toBe('subNotice_0000000001');
    expect(sent.data).toEqual({
      character_string1: `#${ref}`,
      thing2: '报修',
      phrase3: '已接单',
      time4: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/),
    });
    expect(sent.page).toBe(`${h.url}/chat/wechat?ref=${ref}`);

    // The acceptance is spent: the next news is held, not sent again by bizsend.
    await leader.say(`备注 #${ref} 明天上午去看`);
    await waitFor(async () => (await mpChannel())?.held === 1, 'the second update held');
    expect(h.mp.subscribeSent.filter((s) => s.touser === resident.openid)).toHaveLength(1);
    const rows = await outboxRows(h.database.db, { channel: 'wechat-mp', recipient: resident.openid });
    expect(rows.filter((r) => r.sentAt && r.lastError === null).length).toBeGreaterThan(0);
    const n = resident.inbox().length;
    await resident.say('好的');
    await resident.expect(/^您有 1 条新消息：/, n);
  });
});
