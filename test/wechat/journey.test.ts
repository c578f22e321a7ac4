import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receivedFrom } from '../../src/data/channels.repository.js';
import { findActor } from '../../src/data/people.repository.js';
import { BOT_NAME, WechatWorld, type WechatPerson } from '../support/fake-wechat.js';
import { ADMIN_TOKEN, settle, TelegramUser } from '../support/harness.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

// Demo village cards: household h-0301 (三组1号, group g3), h-0302, leader l-03 (吴永红), secretary s-01.
let world: WechatWorld;
let h: ChannelHarness;
let resident: WechatPerson;
let leader: WechatPerson;

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

beforeAll(async () => {
  world = new WechatWorld();
  h = await startChannelHarness({ wechat: world });
  await h.loginWechat();
  resident = world.person('马大姐');
  leader = world.person('吴组长');
});
afterAll(async () => {
  await h?.close();
});

describe('WeChat: a resident and a group leader, all by text', () => {
  it('binds both, routes a report to the leader, who accepts and resolves by command; 1 closes it', async () => {
    resident.say('绑定 483920');
    await resident.expect(/绑定成功.*三组1号/s);
    leader.say('绑定 700303');
    await leader.expect(/绑定成功/);

    const r0 = resident.inbox().length;
    const l0 = leader.inbox().length;
    resident.say('俺家壁挂炉坏了，不出热水');
    const receipt = await resident.expect(/已收到，编号 #\d+/, r0);
    const ref = refIn(receipt);

    // WeChat has no buttons: the task card ends with the commands to reply with.
    const card = await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(card).toContain('俺家壁挂炉坏了');
    expect(card).toContain(`回复：接单 #${ref} / 转派 #${ref} 姓名 / 上报 #${ref}`);

    leader.say(`接单 #${ref}`);
    await resident.expect(new RegExp(`#${ref} 已由吴永红接单`), r0);
    const ack = await leader.expect(new RegExp(`已接单 #${ref}`), l0);
    expect(ack).toContain(`· 办结 #${ref} 处理结果`);

    leader.say(`办结 #${ref} 换了新的点火器，已恢复供暖`);
    const ask = await resident.expect(new RegExp(`#${ref} 已由吴永红办结`), r0);
    // The rating choices are already in the sentence, so no second line repeats them.
    expect(ask).toContain('1 满意 / 2 基本满意 / 3 不满意');
    expect(ask).not.toMatch(/\n回复：/);

    resident.say('1');
    await resident.expect(new RegExp(`#${ref} 已完结`), r0);
    const { body } = await h.api(`/api/v1/requests/${ref}`);
    expect(body.status).toBe('closed');
    expect(body.rating).toBe('satisfied');
  });

  it('takes a photo: it asks what it is about, files it with the words, and the leader receives the photo before the card', async () => {
    const r0 = resident.inbox().length;
    const l0 = leader.inbox().length;
    const f0 = leader.files().length;
    const { FileBox } = await import('file-box');
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    resident.contact.say(FileBox.fromBase64(png, 'wall.png') as never).to(world.bot);
    await resident.expect(/照片收到了/, r0);
    resident.say('院墙裂了一道大缝，在三组1号西边');
    const ref = refIn(await resident.expect(/已收到，编号 #\d+/, r0));
    await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(leader.files().slice(f0)).toEqual([expect.stringMatching(/^photo-\d+\.png$/)]);
    const { body } = await h.api(`/api/v1/requests/${ref}`);
    expect(body.attachments).toMatchObject([{ kind: 'photo', mime: 'image/png', state: 'stored' }]);
  });

  it('tells a sticker from text: what it cannot read gets the polite text-only answer', async () => {
    const r0 = resident.inbox().length;
    const { FileBox } = await import('file-box');
    resident.contact
      .say(FileBox.fromBase64(Buffer.from('GIF89a').toString('base64'), 'sticker.gif') as never)
      .to(world.bot);
    await resident.expect(/只能看懂文字/, r0);
  });
});

describe('WeChat rooms', () => {
  it('ignores room chatter that does not @mention the bot, and stores nothing of it', async () => {
    const room = world.room('三组邻里群', [resident, leader]);
    await settle(h);
    const stored = async () =>
      (await receivedFrom(h.database.db, 'wechat', resident.id, 1000)).map((r) => r.message.text);
    const before = await stored();
    const chatter = [resident.sayIn(room, '大家好，明天赶集吗？'), resident.sayIn(room, '1')];
    // The adapter logs each message it drops: once both are logged, they were looked at and let go.
    for (const messageId of chatter) await world.adapterLog.seen('wechat message ignored', { messageId });
    await settle(h);
    expect(await stored()).toEqual(before);
    expect(room.messages()).toEqual([]);
  });

  it('answers an @mention privately and acknowledges it in the room', async () => {
    const room = world.room('三组议事群', [resident, leader]);
    const r0 = resident.inbox().length;
    resident.sayIn(room, '村口的路灯不亮了', { mention: true });
    const receipt = await resident.expect(/已收到，编号 #\d+/, r0);
    expect(receipt).not.toContain(`@${BOT_NAME}`);
    await room.expect(/回复已私信发给您/);
    // The household's details stay out of the room.
    expect(room.messages().join('\n')).not.toContain('路灯');
  });

  // Needs the outbox to keep OutboundMessage.mention in the row it stores (src/outbox/outbox.ts enqueue);
  // the sender's side of it is covered in adapter.test.ts.
  it('addresses the in-room acknowledgement to the person with an @mention', async () => {
    const room = world.room('三组闲聊群', [resident]);
    resident.sayIn(room, '我的诉求', { mention: true });
    const ack = await room.expect(/回复已私信发给您/);
    expect(ack.startsWith(`@${resident.name}`)).toBe(true);
  });

  it('takes a command in a room without a mention: the leader links the room to the group', async () => {
    const room = world.room('第三互助组', [resident, leader]);
    leader.sayIn(room, '绑定群 g3');
    await room.expect(/本群已关联第三互助组/);
  });
});

describe('WeChat friend requests', () => {
  it('accepts a request whose greeting carries a binding code and binds the person', async () => {
    const newcomer = world.person('王大哥');
    const id = world.friendRequest(newcomer, '你好，我是三组2号的，绑定码 251551');
    await newcomer.expect(/绑定成功.*三组2号/s);
    expect(world.accepted).toContain(id);
    const actor = await findActor(h.database.db, 'wechat', newcomer.id);
    expect(actor.kind).toBe('resident');
    expect(actor.kind === 'resident' && actor.household.code).toBe('h-0302');
  });

  it('leaves a request without a code pending', async () => {
    const stranger = world.person('推销员');
    const id = world.friendRequest(stranger, '加个好友呗');
    // The adapter logs the request it leaves for a person to decide: the sign that it was looked at.
    await world.adapterLog.seen('wechat friend request without a binding code left pending', { friendshipId: id });
    await settle(h);
    expect(world.accepted).not.toContain(id);
    expect(stranger.inbox()).toEqual([]);
    expect(await receivedFrom(h.database.db, 'wechat', stranger.id, 10)).toEqual([]);
  });
});

describe('WeChat login and logout', () => {
  it('tells the secretary on Telegram, reports logged_out, offers a QR code to admins, and recovers', async () => {
    const secretary = new TelegramUser(h, 6000, '韩书记');
    await secretary.say('绑定 700001');
    await secretary.expect(/绑定成功/);
    await settle(h);
    const s0 = secretary.inbox().length;

    await world.logout('手机上退出了登录');
    await secretary.expect(/微信机器人掉线/, s0);
    const channels = (await h.api('/api/v1/channels')).body.channels as { platform: string; state: string }[];
    expect(channels.find((c) => c.platform === 'wechat')?.state).toBe('logged_out');

    world.scan('https://login.weixin.qq.com/l/test-qr');
    const login = await h.api('/api/v1/wechat/login');
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ state: 'logged_out', qr: 'https://login.weixin.qq.com/l/test-qr' });
    expect(login.body.png).toMatch(/^data:image\/png;base64,/);
    expect(world.printed).toContain('https://login.weixin.qq.com/l/test-qr');
    expect((await fetch(`${h.url}/api/v1/wechat/login`)).status).toBe(401);
    // The QR code is a login credential for a few minutes: no cache may keep it.
    const fresh = await fetch(`${h.url}/api/v1/wechat/login`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(fresh.headers.get('cache-control')).toBe('no-store');
    expect(fresh.headers.get('content-type')).toMatch(/^application\/json/);

    world.login();
    await secretary.expect(/已重新登录/, s0);
    expect((await h.api('/api/v1/wechat/login')).body).toMatchObject({ state: 'logged_in', qr: null, png: null });
    // Told once per outage, not once per event.
    expect(
      secretary
        .inbox()
        .slice(s0)
        .filter((m) => /掉线/.test(m.text)),
    ).toHaveLength(1);
  });
});
