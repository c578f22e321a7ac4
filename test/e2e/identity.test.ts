import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, type Harness, settle, startHarness, TelegramUser } from '../support/harness.js';

/** An account as GET /api/v1/villages/:code/identities lists it. */
interface ApiIdentity {
  id: number;
  platform: string;
  kind: string;
  household: string | null;
  member: string | null;
  displayName: string | null;
  confirmed: boolean;
  revoked: boolean;
}

let h: Harness;
let secretary: TelegramUser;

beforeAll(async () => {
  h = await startHarness({ pumps: 'manual' });
  secretary = new TelegramUser(h, 9900, '书记');
  await secretary.say('/start 700001');
  await secretary.expect(/绑定成功/);
});
afterAll(async () => {
  await h?.close();
});

async function identities(): Promise<ApiIdentity[]> {
  const res = await adminApi<{ identities: ApiIdentity[] }>(h, 'GET', '/api/v1/villages/xiaoyingdian/identities');
  expect(res.status).toBe(200);
  return res.body.identities;
}

async function bound(id: number, code: string, name = `用户${id}`): Promise<TelegramUser> {
  const u = new TelegramUser(h, id, name);
  await u.say(`绑定 ${code}`);
  await u.expect(/绑定成功/);
  return u;
}

describe('households know who speaks for them', () => {
  it('tells the accounts already bound when a new one binds the household; 不是我 unbinds it and tells the secretary', async () => {
    const first = await bound(9301, '251551', '王大哥');
    const n = first.inbox().length;
    const s0 = secretary.inbox().length;
    const stranger = await bound(9302, '251551', '冒名的人');
    const notice = await first.expect(
      /一个新的Telegram账号（冒名的人）绑定了您家（三组2号）.*不是您家的人请回复“不是我”/,
      n,
    );
    expect(notice.buttons).toHaveLength(1);
    expect(notice.buttons[0]).toMatch(/^nm:\d+$/);

    await first.press(notice.buttons[0]!);
    await first.expect(/已解除那个Telegram账号（冒名的人）的绑定，并告诉了村党支部书记/, n);
    await stranger.expect(/这个账号的绑定已解除/);
    await secretary.expect(/三组2号（王志强家）的住户说新绑定的Telegram账号（冒名的人）不是他们家的人/, s0);
    // The unbound account is a stranger again.
    const k = stranger.inbox().length;
    await stranger.say('俺家水管冻裂了');
    await stranger.expect(/请先发送联心卡上的绑定码/, k);
    const listed = (await identities()).find((i) => i.displayName === '冒名的人')!;
    expect(listed).toMatchObject({
      platform: 'telegram',
      kind: 'resident',
      household: 'h-0302',
      member: null,
      revoked: true,
      confirmed: false,
    });
  });

  it('a newer account cannot say 不是我 about an older one; typed 不是我 means the newest account', async () => {
    const older = new TelegramUser(h, 9301, '王大哥');
    const o0 = older.inbox().length;
    const newer = await bound(9303, '251551', '王二嫂');
    await older.expect(/一个新的Telegram账号（王二嫂）/, o0);
    const k = newer.inbox().length;
    await newer.say('不是我');
    await newer.expect(/现在没有需要您确认的新账号/, k);
    // Still bound: the household news reaches it.
    const m = newer.inbox().length;
    await newer.say('我的诉求');
    await newer.expect(/您还没有诉求|您的诉求/, m);
  });

  it('lists the household accounts, numbered; 解绑 2 removes the second and 解绑 this one', async () => {
    const me = new TelegramUser(h, 9301, '王大哥');
    let n = me.inbox().length;
    await me.say('我家的账号');
    const list = await me.expect(/绑定您家的账号/, n);
    expect(list.text).toMatch(/1\. Telegram · 王大哥 · \d+月\d+日 \d\d:\d\d 绑定（本账号）/);
    expect(list.text).toMatch(/2\. Telegram · 王二嫂 · /);
    expect(list.text).not.toContain('冒名的人');

    n = me.inbox().length;
    await me.say('解绑 2');
    await me.expect(/已解绑第 2 个账号（Telegram · 王二嫂）/, n);
    const other = new TelegramUser(h, 9303, '王二嫂');
    await other.expect(/这个账号的绑定已解除/);
    n = me.inbox().length;
    await me.say('解绑 5');
    await me.expect(/没有第 5 个账号/, n);

    n = me.inbox().length;
    await me.say('解绑');
    await me.expect(/已解绑，这个账号不再收到消息/, n);
    n = me.inbox().length;
    await me.say('路灯坏了');
    await me.expect(/请先发送联心卡上的绑定码/, n);
    // Binding again with the card works.
    await me.say('绑定 251551');
    await me.expect(/绑定成功/, n);
  });

  it('refuses a household account beyond the maximum, politely, until one is unbound', async () => {
    const five: TelegramUser[] = [];
    for (let i = 0; i < 5; i++) five.push(await bound(9310 + i, '483920', `家人${i + 1}`));
    const sixth = new TelegramUser(h, 9320, '家人6');
    await sixth.say('绑定 483920');
    await sixth.expect(/您家已经绑定了 5 个账号，到上限了。请用家里已绑定的账号发“我家的账号”查看/);
    const n = five[4]!.inbox().length;
    await five[4]!.say('解绑');
    await five[4]!.expect(/已解绑/, n);
    const k = sixth.inbox().length;
    await sixth.say('绑定 483920');
    await sixth.expect(/绑定成功/, k);
  });
});

describe('members unbind too', () => {
  it('解绑 from a member account makes it a stranger; it gets no more task cards', async () => {
    const leader = await bound(9330, '700305', '组长五');
    const n = leader.inbox().length;
    await leader.say('解绑');
    await leader.expect(/已解绑/, n);
    await leader.say('我的任务');
    await leader.expect(/请先发送联心卡上的绑定码/, n);
    expect((await identities()).find((i) => i.displayName === '组长五')).toMatchObject({
      kind: 'member',
      member: 'l-05',
      revoked: true,
    });
  });
});

describe('the admin can see and revoke accounts', () => {
  it('lists the village accounts without platform user ids, and a revoked account is answered as a stranger', async () => {
    const u = await bound(9340, '675064', '李婶');
    const list = await identities();
    const mine = list.find((i) => i.displayName === '李婶')!;
    expect(mine).toMatchObject({
      platform: 'telegram',
      kind: 'resident',
      household: 'h-0303',
      confirmed: true,
      revoked: false,
    });
    expect(JSON.stringify(list)).not.toContain('9340');
    expect(list.find((i) => i.member === 's-01')).toMatchObject({ kind: 'member', confirmed: true });

    const revoked = await adminApi<{ id: number; revoked: boolean; alreadyRevoked: boolean }>(
      h,
      'POST',
      `/api/v1/identities/${mine.id}/revoke`,
    );
    expect(revoked).toMatchObject({ status: 200, body: { id: mine.id, revoked: true, alreadyRevoked: false } });
    const n = u.inbox().length;
    await u.say('俺家院墙塌了一块');
    await u.expect(/请先发送联心卡上的绑定码/, n);
    expect((await adminApi(h, 'POST', `/api/v1/identities/${mine.id}/revoke`)).body).toMatchObject({
      alreadyRevoked: true,
    });
    expect((await adminApi(h, 'POST', '/api/v1/identities/999999/revoke')).body).toMatchObject({
      error: { code: 'identity.not_found' },
    });
    expect((await adminApi(h, 'GET', '/api/v1/villages/nowhere/identities')).status).toBe(404);
    expect((await fetch(`${h.url}/api/v1/villages/xiaoyingdian/identities`)).status).toBe(401);
  });
});

describe('group chats', () => {
  const room = { id: -100777, type: 'supergroup' as const };

  it('does not evaluate a code sent in a group: the room gets a neutral answer and nothing about any household', async () => {
    const u = new TelegramUser(h, 9350, '群里的人');
    await u.say('/start 483920', room);
    await u.say('@linli_test_bot 绑定 171115', room);
    for (let i = 0; i < 6; i++) await u.say(`/start 99999${i}`, room);
    await settle(h);
    const said = h.telegram.sentTo(room.id).map((m) => m.text);
    expect(said).toHaveLength(8);
    for (const text of said) {
      expect(text).toMatch(/请私聊我绑定/);
      expect(text).not.toMatch(/三组|住户|组长是/);
    }
    expect(u.inbox()).toEqual([]);
    // Nothing was bound and no wrong code counted: in private the right code works at once.
    await u.say('绑定 171115');
    await u.expect(/绑定成功！您是小营店村三组4号的住户/);
    // A bound person is answered the same way in the room, and nothing is said privately.
    const before = h.telegram.sentTo(room.id).length;
    await u.say('/start 171115', room);
    await settle(h);
    expect(
      h.telegram
        .sentTo(room.id)
        .slice(before)
        .map((m) => m.text),
    ).toEqual([expect.stringMatching(/请私聊我绑定/)]);
  });
});
