import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock.js';
import { outboxRows } from '../../src/data/inspection.repository.js';
import { loadConfig } from '../../src/config.js';
import { loginCookie, deskGet } from '../desk/desk-support.js';
import { TelegramUser, waitFor } from '../support/harness.js';
import { type MpHarness, MpUser, startMpHarness } from './mp-harness.js';

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
const customSends = (h: MpHarness, openid?: string) => (openid ? h.mp.sentTo(openid).length : h.mp.sent.length);
// The worked example of the README, parsed as the service parses it.
const TEMPLATES = loadConfig({
  WECHAT_MP_APP_ID: 'wx0123456789abcdef',
  WECHAT_MP_APP_SECRET: 'fakeSecret0123456789abcdef012345',
  WECHAT_MP_TOKEN: 'linliToken',
  WECHAT_MP_TEMPLATES: JSON.stringify({
    status: 'tplStatus_0000000001',
    resolved: {
      id: 'tplResolved_000000001',
      keywords: { character_string1: 'ref', thing2: 'summary', phrase3: 'status', time4: 'time' },
    },
  }),
}).WECHAT_MP_TEMPLATES!;

describe("Past WeChat's window: status news as template messages", () => {
  let h: MpHarness;
  let leader: TelegramUser;
  beforeAll(async () => {
    h = await startMpHarness({ templates: TEMPLATES, publicUrl: true });
    leader = new TelegramUser(h, 7303, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function residentWithRequest(code = '483920'): Promise<{ resident: MpUser; ref: number }> {
    const resident = new MpUser(h);
    await resident.say(`绑定 ${code}`);
    await resident.expect(/绑定成功/);
    const l0 = leader.inbox().length;
    await resident.say('三组12号门前的路灯坏了，晚上看不见路，老人出门容易摔跤');
    const ref = refIn(await resident.expect(/已收到，编号 #\d+/));
    await leader.expect(new RegExp(`#${ref}`), l0);
    return { resident, ref };
  }
  const moved = () => h.clock as Clock & { offsetMs: number };
  const templatesTo = (openid: string) => h.mp.templatesSent.filter((t) => t.touser === openid);

  it('45015 to a customer-service send: the news goes out as a template message with valid keywords and a link to the request', async () => {
    const { resident, ref } = await residentWithRequest();
    h.mp.failSends(45015, { touser: resident.openid });
    await leader.say(`接单 #${ref}`);
    const [tpl] = await waitFor(
      () => (templatesTo(resident.openid).length ? templatesTo(resident.openid) : undefined),
      'a template message',
    );
    expect(tpl!.templateId).toBe('tplStatus_0000000001');
    expect(tpl!.data).toEqual({
      character_string1: `#${ref}`,
      thing2: '报修',
      phrase3: '已接单',
      time4: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/),
    });
    expect(tpl!.url).toBe(`${h.url}/chat/wechat?ref=${ref}`);
    const rows = await outboxRows(h.database.db, { channel: 'wechat-mp', recipient: resident.openid });
    // Sent, not held: nothing waits for the resident to write.
    await waitFor(
      async () =>
        (await h.api('/api/v1/channels')).body.channels.find((c: { platform: string }) => c.platform === 'wechat-mp')
          ?.held === 0,
      'nothing held',
    );
    expect(rows.some((r) => r.lastError !== null && !r.sentAt)).toBe(false);
  });

  it('five customer-service messages since the resident wrote: the sixth goes as a template, without asking WeChat for a 45047', async () => {
    const { resident, ref } = await residentWithRequest();
    const before = customSends(h, resident.openid);
    await leader.say(`接单 #${ref}`);
    for (let i = 1; i <= 4; i++) await leader.say(`备注 #${ref} 第${i}次进展`);
    // The receipt and the binding answer were sent since the resident's last message too: 5 in all by now.
    await waitFor(() => templatesTo(resident.openid).length >= 1 || undefined, 'a template once five were used');
    const ordinary = customSends(h, resident.openid) - before;
    // Since the resident's last message: the receipt plus what followed, five at most, the rest as templates.
    expect(ordinary + 1).toBeLessThanOrEqual(5);
    await waitFor(
      () => templatesTo(resident.openid).length === 5 - ordinary || undefined,
      'every message past the five as a template',
    );
    expect(h.mp.calls.filter((c) => c.errcode === 45047)).toHaveLength(0);
    for (const t of templatesTo(resident.openid)) {
      for (const v of Object.values(t.data)) {
        expect([...v].length).toBeLessThanOrEqual(20);
        expect(v).not.toMatch(/\n/);
      }
      expect(t.data.phrase3).toBe('有新进展');
    }
  });

  it('45047 from WeChat goes the same way', async () => {
    const { resident, ref } = await residentWithRequest();
    h.mp.failSends(45047, { touser: resident.openid });
    await leader.say(`接单 #${ref}`);
    const tpl = await waitFor(
      () => templatesTo(resident.openid).find((t) => t.data.phrase3 === '已接单'),
      'the template after 45047',
    );
    expect(tpl.data.character_string1).toBe(`#${ref}`);
  });

  async function residentWithRequestOf(u: MpUser): Promise<{ resident: MpUser; ref: number }> {
    const l0 = leader.inbox().length;
    await u.say('村口的下水道堵了，污水漫到路上');
    const ref = refIn(await u.expect(/已收到，编号 #\d+/));
    await leader.expect(new RegExp(`#${ref}`), l0);
    return { resident: u, ref };
  }

  it("a repair resolved three days after the resident last wrote reaches them as a template; WeChat's user-block report shows on the desk", async () => {
    const resident = new MpUser(h);
    await resident.say('绑定 251551');
    await resident.expect(/绑定成功/);
    const { ref } = await residentWithRequestOf(resident);
    await leader.say(`接单 #${ref}`);
    await resident.expect(new RegExp(`#${ref} 已由`));
    moved().offsetMs += 72 * 3600_000;
    const tries = customSends(h);
    await leader.say(`办结 #${ref} 疏通了下水道`);
    const tpl = await waitFor(
      () => templatesTo(resident.openid).find((t) => t.templateId === 'tplResolved_000000001'),
      'the resolved template',
    );
    expect(tpl.data.phrase3).toBe('已办结');
    // The resolved template names the matter by its summary, cut to WeChat's 20 characters.
    expect([...tpl.data.thing2!].length).toBeGreaterThan(0);
    expect([...tpl.data.thing2!].length).toBeLessThanOrEqual(20);
    expect(tpl.data.thing2).toMatch(/下水道/);
    // Past the window nobody asked WeChat for a customer-service send to the resident.
    expect(h.mp.sent.slice(tries).filter((s) => s.touser === resident.openid)).toHaveLength(0);

    const secretary = new TelegramUser(h, 7304, '韩书记');
    await secretary.say('/start 700001');
    await secretary.expect(/绑定成功/);
    const cookie = await loginCookie(h, secretary, 's-01', 'xiaoyingdian');
    let page = (await deskGet(h, cookie, `/desk/requests/${ref}`)).text;
    expect(page).toContain('微信服务号通知');
    expect(page).toMatch(/已办结 · 模板消息 · <b>等待微信回执<\/b>/);

    // WeChat reports the delivery as it does: an event push, not a message of the resident's.
    const report = resident.xml(
      `<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>\n` +
        `<MsgID>${tpl.msgid}</MsgID>\n<Status><![CDATA[failed:user block]]></Status>`,
    );
    const answered = await resident.post(resident.sign(report));
    expect(answered.status).toBe(200);
    expect(answered.body).toBe('success');
    page = (await deskGet(h, cookie, `/desk/requests/${ref}`)).text;
    expect(page).toMatch(/<li data-delivery="failed">.*已办结 · 模板消息 · <b>未送达：居民拒收了服务号的消息<\/b>/);
    moved().offsetMs -= 72 * 3600_000;
  });
});
