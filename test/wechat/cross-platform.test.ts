import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WechatWorld, type WechatPerson } from '../support/fake-wechat.js';
import { TelegramUser } from '../support/harness.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

// One village, two apps: a WeChat resident (h-0301) and the g3 leader l-03 (吴永红) bound on Telegram.
let world: WechatWorld;
let h: ChannelHarness;
let wxResident: WechatPerson;
let tgLeader: TelegramUser;

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

beforeAll(async () => {
  world = new WechatWorld();
  h = await startChannelHarness({ wechat: world, pumps: 'manual' });
  await h.loginWechat();
  wxResident = world.person('马大姐');
  tgLeader = new TelegramUser(h, 6003, '吴组长');
  wxResident.say('绑定 483920');
  await wxResident.expect(/绑定成功/);
  await tgLeader.say('/start 700303');
  await tgLeader.expect(/绑定成功/);
});
afterAll(async () => {
  await h?.close();
});

describe('across WeChat and Telegram', () => {
  it('a WeChat resident reaches a leader bound only on Telegram and hears every step on WeChat', async () => {
    const r0 = wxResident.inbox().length;
    const l0 = tgLeader.inbox().length;
    wxResident.say('俺家壁挂炉坏了，不出热水');
    const ref = refIn(await wxResident.expect(/已收到，编号 #\d+/, r0));
    const card = await tgLeader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(card.buttons).toEqual([`acc:${ref}`, `trf:${ref}`, `esc:${ref}`]);

    await tgLeader.press(`acc:${ref}`);
    await wxResident.expect(new RegExp(`#${ref} 已由吴永红接单`), r0);
    await tgLeader.say(`办结 #${ref} 换了点火器`);
    await wxResident.expect(new RegExp(`#${ref} 已由吴永红办结`), r0);
    wxResident.say('1');
    await wxResident.expect(new RegExp(`#${ref} 已完结`), r0);
    expect((await h.api(`/api/v1/requests/${ref}`)).body.status).toBe('closed');
  });

  it('a person bound on both apps hears about a request on the app they reported it from', async () => {
    const tgResident = new TelegramUser(h, 5001, '马大姐');
    await tgResident.say('/start 483920');
    await tgResident.expect(/绑定成功/);
    const wx0 = wxResident.inbox().length;
    const t0 = tgResident.inbox().length;
    await tgResident.say('门口的路灯不亮了');
    const ref = refIn((await tgResident.expect(/已收到，编号 #\d+/, t0)).text);
    await tgLeader.say(`接单 #${ref}`);
    await tgResident.expect(new RegExp(`#${ref} 已由吴永红接单`), t0);
    expect(
      wxResident
        .inbox()
        .slice(wx0)
        .filter((m) => m.includes(`#${ref}`)),
    ).toEqual([]);
  });

  it('a leader binding WeChat too waits until their Telegram account says 是我, then gets task cards on both apps', async () => {
    const tl0 = tgLeader.inbox().length;
    const wxLeader = world.person('吴组长');
    wxLeader.say('绑定 700303');
    await wxLeader.expect(/这个码已经在用了——已请书记确认/);
    const ask = await tgLeader.expect(/新的微信账号（吴组长）用您的绑定码绑定了/, tl0);
    expect(ask.buttons).toHaveLength(2);

    const neighbour = new TelegramUser(h, 5002, '王大哥');
    await neighbour.say('/start 251551');
    await neighbour.expect(/绑定成功/);
    const n0 = neighbour.inbox().length;
    await neighbour.say('俺家水管漏水了，厨房都是水');
    const first = refIn((await neighbour.expect(/已收到，编号 #\d+/, n0)).text);
    // Not yet confirmed: the card goes to the confirmed Telegram account only.
    await tgLeader.expect(new RegExp(`新诉求 #${first}`), tl0);
    expect(wxLeader.inbox().filter((m) => m.includes(`#${first}`))).toEqual([]);

    await tgLeader.press(ask.buttons[0]!);
    await wxLeader.expect(/已确认/);
    const n1 = neighbour.inbox().length;
    const tl1 = tgLeader.inbox().length;
    await neighbour.say('俺家院墙裂了个大口子，想请组长来看看');
    const ref = refIn((await neighbour.expect(/已收到，编号 #\d+/, n1)).text);
    const card = await wxLeader.expect(new RegExp(`新诉求 #${ref}`));
    expect(card).toContain(`接单 #${ref}`);
    await tgLeader.expect(new RegExp(`新诉求 #${ref}`), tl1);
    wxLeader.say(`接单 #${ref}`);
    await neighbour.expect(new RegExp(`#${ref} 已由吴永红接单`), n1);
  });
});
