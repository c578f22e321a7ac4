import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWechatMpChannel } from '../../bots/wechat-mp/index.js';
import { FakeWechatMp } from '../support/fake-wechat-mp.js';
import { adminApi, TelegramUser } from '../support/harness.js';
import { MP_TOKEN, type MpHarness, MpUser } from '../wechat-mp/mp-harness.js';
import { startWecomHarness, type WecomHarness } from './wecom-harness.js';

// One village, three apps: the household 三组1号 (h-0301) follows the Official Account, the g3 leader 吴永红
// (l-03) works in WeCom, the branch secretary (s-01) on Telegram.
let h: WecomHarness;
let mp: FakeWechatMp;
let resident: MpUser;
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

beforeAll(async () => {
  mp = await new FakeWechatMp().start();
  h = await startWecomHarness({
    extraChannels: (log, clock) => [
      createWechatMpChannel({
        appId: mp.appId,
        appSecret: mp.appSecret,
        token: MP_TOKEN,
        apiRoot: mp.apiRoot,
        clock,
        log,
        menu: false,
        pacing: { perRecipientMs: 0, jitterMs: 0, perSecond: 100 },
      }),
    ],
  });
  // MpUser pushes as WeChat's servers do; it needs only the fake account, the clock and the service's address.
  resident = new MpUser({ mp, clock: h.clock, urlOf: () => h.url } as unknown as MpHarness);
});
afterAll(async () => {
  await h?.close();
  await mp?.stop();
});

describe('a resident on the 公众号, the leader on WeCom, the secretary on Telegram', () => {
  it('one journey: report, task card, 接单 by button, 上报 to the secretary, 办结, rating', async () => {
    await resident.say('绑定 483920');
    await resident.expect(/绑定成功/);
    const leader = h.member('WuYongHong');
    await leader.say('绑定 700303');
    await leader.expect(/绑定成功！吴永红/);
    const secretary = new TelegramUser(h, 7001, '书记');
    await secretary.say('/start 700001');
    await secretary.expect(/绑定成功/);

    const r0 = resident.inbox().length;
    const l0 = leader.inbox().length;
    const s0 = secretary.inbox().length;
    await resident.say('俺家壁挂炉坏了，不出热水');
    const ref = refIn(await resident.expect(/已收到，编号 #\d+/, r0));

    const card = await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(card.template_card!.button_list.map((b) => b.key)).toEqual([`acc:${ref}`, `trf:${ref}`, `esc:${ref}`]);
    await leader.press(card, '接单');
    await resident.expect(new RegExp(`#${ref} 已由吴永红接单`), r0);

    // The leader cannot fix it alone: 上报 on the card he got after accepting.
    const working = await leader.expect(new RegExp(`#${ref}`), l0 + 1);
    await leader.press(working, '上报');
    await resident.expect(new RegExp(`#${ref} 已上报村里`), r0);
    const escalated = await secretary.expect(new RegExp(`#${ref}`), s0);
    expect(escalated.text).toContain('吴永红上报');
    expect(escalated.buttons).toContain(`acc:${ref}`);

    await secretary.press(`acc:${ref}`);
    await secretary.say(`办结 #${ref} 请维修师傅换了点火器`);
    await resident.expect(new RegExp(`#${ref} 已由.+办结：请维修师傅换了点火器`), r0);
    await resident.say('1');
    await resident.expect(new RegExp(`#${ref} 已完结`), r0);

    const request = (
      await adminApi<{ status: string; rating: string; events: { type: string }[] }>(
        h,
        'GET',
        `/api/v1/requests/${ref}`,
      )
    ).body;
    expect(request.status).toBe('closed');
    expect(request.rating).toBe('satisfied');
    expect(request.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['submitted', 'assigned', 'accepted', 'escalated', 'resolved', 'rated']),
    );
  });
});
