// The seeds' workflows on the WeChat path: a household's vote, a notice read, a mediation agreement confirmed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WechatWorld, type WechatPerson } from '../support/fake-wechat.js';
import { settle } from '../support/harness.js';
import { ask, bindStaff } from '../mediation/support.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

// WeChat has no buttons: the ballot and the notice show what to type, and typing it counts.
let world: WechatWorld;
let h: ChannelHarness;
let resident: WechatPerson;

beforeAll(async () => {
  world = new WechatWorld();
  h = await startChannelHarness({ wechat: world, pumps: 'manual' });
  await h.loginWechat();
  resident = world.person('马大姐');
  resident.say('绑定 483920');
  await resident.expect(/绑定成功/);
});
afterAll(async () => {
  await h?.close();
});

describe('deliberation and notices on WeChat, by typing', () => {
  it("a resident votes by typing the ballot's form, and changes the vote", async () => {
    const closesAt = new Date(h.clock.now().getTime() + 86_400_000).toISOString();
    const created = await h.api('/api/v1/deliberations', {
      village: 'xiaoyingdian',
      title: '村西小桥加装护栏',
      text: '拟加装不锈钢护栏，费用一万二千元。',
      electorate: 'households',
      closesAt,
    });
    expect(created.status).toBe(200);
    const id = created.body.id as number;
    expect((await h.api(`/api/v1/deliberations/${id}/consult`, { notes: '两委同意' })).status).toBe(200);
    expect((await h.api(`/api/v1/deliberations/${id}/review`, { notes: '党员大会通过' })).status).toBe(200);
    const r0 = resident.inbox().length;
    expect((await h.api(`/api/v1/deliberations/${id}/open`, {})).status).toBe(200);
    const ballot = await resident.expect(/村西小桥加装护栏/, r0);
    expect(ballot).toContain(`投票 D${id} 同意`);
    resident.say(`投票 D${id} 同意`);
    await resident.expect(new RegExp(`已投票：您家对 D${id} 投「同意」`), r0);
    resident.say(`投票 D${id} 反对`);
    await resident.expect(new RegExp(`已改投：您家对 D${id} 投「反对」`), r0);
    await settle(h);
    const d = await h.api(`/api/v1/deliberations/${id}`);
    expect(d.body).toMatchObject({ voted: 1, tally: { 同意: 0, 反对: 1 } });
  });

  it('a notice to residents shows 已读 to type, and typing it counts the read', async () => {
    const r0 = resident.inbox().length;
    const posted = await h.api('/api/v1/notices', {
      village: 'xiaoyingdian',
      title: '停水通知',
      text: '明天上午 8 点到 12 点检修水管，请提前储水。',
      category: 'affairs',
      groups: ['g3'],
      toResidents: true,
    });
    expect(posted.status).toBe(200);
    const notice = await resident.expect(/停水通知/, r0);
    const form = /已读 G\d+/.exec(notice)?.[0];
    expect(form).toBeDefined();
    resident.say(form!);
    await resident.expect(/已读。/, r0);
    const counts = await h.api(`/api/v1/notices/${posted.body.id as number}`);
    expect(counts.body).toMatchObject({ delivered: { residents: 1 }, reads: 1, householdsRead: 1 });
  });

  it('a party on WeChat receives the mediation agreement and confirms it by typing 同意 #N', async () => {
    const v = await bindStaff(h, 8600);
    const r0 = resident.inbox().length;
    resident.say('张家盖房子东墙占了俺家宅基地半米，说了也不听');
    const ref = Number(/#(\d+)/.exec(await resident.expect(/已收到，编号 #\d+/, r0))![1]);
    // Disputes go to the mediators in turn: whichever got the card takes it.
    let code: string | null = null;
    for (let i = 0; i < 500 && !code; i++) {
      code =
        Object.entries(v.mediators).find(([, u]) => u.inbox().some((m) => m.text.includes(`新诉求 #${ref}`)))?.[0] ??
        null;
      if (!code) await new Promise((r) => setTimeout(r, 20));
    }
    const mediator = v.mediators[code!]!;
    await ask(mediator, `接单 #${ref}`, /已受理为人民调解案件/);
    await ask(mediator, `主持 #${ref} ${code}`, /主持调解/);
    await ask(mediator, `对方 #${ref} 张三`, /另一方当事人/);
    await ask(mediator, `调查 #${ref} 现场查看：东墙越过界桩约半米。`, /调查记录已记入/);
    await ask(mediator, `告知 #${ref}`, /权利义务告知书/);
    await resident.expect(/人民调解权利义务告知书/, r0);
    await ask(mediator, `调解 #${ref} 在村委会调解室，双方到场。`, /调解记录已记入/);
    const a0 = resident.inbox().length;
    await ask(mediator, `协议 #${ref} 张家拆除越界部分，十日内完成。`, /调解协议已发给当事人确认/);
    const agreement = await resident.expect(/【人民调解协议书】/, a0);
    expect(agreement).toContain(`同意 #${ref}`);
    resident.say(`同意 #${ref}`);
    await resident.expect(/已记录：您同意/, a0);
    const c = await h.api(`/api/v1/mediations/${ref}`);
    const confirmations = (
      c.body.agreement as { confirmations: { decision: string; identity: { platform: string | null } }[] }
    ).confirmations;
    expect(confirmations).toContainEqual(
      expect.objectContaining({
        party: '杨志强',
        decision: 'confirmed',
        identity: expect.objectContaining({ platform: 'wechat' }),
      }),
    );
  });
});
