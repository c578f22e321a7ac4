import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWxCrypto } from '../../bots/wechat-common/wx-crypto.js';
import { buildWxXml } from '../../bots/wechat-common/wx-xml.js';
import { countInbound } from '../../src/data/inspection.repository.js';
import { WECOM, WecomMember } from '../support/fake-wecom.js';
import { adminApi, settle, TelegramUser, waitFor } from '../support/harness.js';
import { startWecomHarness, type WecomHarness } from './wecom-harness.js';

let h: WecomHarness;
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

beforeAll(async () => {
  h = await startWecomHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the WeCom callback URL', () => {
  it("answers WeCom's URL check with the decrypted echostr, and a wrong signature with 401", async () => {
    const ok = await h.pusher.verifyUrl('4561892365871239654');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('4561892365871239654');
    const forged = await h.pusher.verifyUrl('4561892365871239654', true);
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('webhook.signature_invalid');
  });

  it('refuses a forged signature, a message for another corp and a missing signature with 401, storing nothing', async () => {
    const before = await countInbound(h.database.db);
    const fields = {
      ToUserName: WECOM.corpId,
      FromUserName: 'intruder',
      CreateTime: 1700000000,
      MsgType: 'text',
      Content: '绑定 700303',
      MsgId: '1234567890123456',
      AgentID: WECOM.agentId,
    };
    const { query, body } = h.pusher.sealed(fields);
    query.set('msg_signature', '0'.repeat(40));
    expect((await h.pusher.post(query, body)).status).toBe(401);

    // Signed with the right Token but encrypted for another corp: not a message WeCom sent this app.
    const other = createWxCrypto({
      token: WECOM.token,
      encodingAesKey: WECOM.aesKey,
      receiverId: 'wwffffffffffffffff',
    });
    const ts = String(Math.floor(h.clock.now().getTime() / 1000));
    const enc = other.encrypt(buildWxXml(fields), ts, 'abc');
    const elsewhere = await h.pusher.post(
      new URLSearchParams({ msg_signature: enc.msgSignature, timestamp: ts, nonce: 'abc' }),
      buildWxXml({ ToUserName: WECOM.corpId, Encrypt: enc.encrypt }),
    );
    expect(elsewhere.status).toBe(401);

    const unsigned = await fetch(`${h.url}/bots/wecom/callback`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body,
    });
    expect(unsigned.status).toBe(401);
    expect(await countInbound(h.database.db)).toBe(before);
  });

  it('answers a message with an empty 200 only after it is stored, and a redelivery is handled once', async () => {
    const before = await countInbound(h.database.db);
    const sealed = h.pusher.sealed({
      ToUserName: WECOM.corpId,
      FromUserName: 'zhangsan',
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'text',
      Content: '帮助',
      MsgId: '5555000011112222',
      AgentID: WECOM.agentId,
    });
    for (let i = 0; i < 3; i++) {
      const res = await h.pusher.post(sealed.query, sealed.body);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      expect(await countInbound(h.database.db)).toBe(before + 1);
    }
    const stranger = h.member('zhangsan');
    await stranger.expect(/绑定/);
    await settle(h);
    expect(stranger.inbox()).toHaveLength(1);
  });

  it('answers a body that is not XML with 400 naming it, never 500', async () => {
    const { query } = h.pusher.sealed({ MsgType: 'text' });
    const res = await h.pusher.post(query, 'not xml at all <');
    expect(res.status).toBe(400);
  });
});

describe('the WeCom callback against replays', () => {
  const text = (from: string, content: string, msgId: string) => ({
    ToUserName: WECOM.corpId,
    FromUserName: from,
    CreateTime: Math.floor(h.clock.now().getTime() / 1000),
    MsgType: 'text',
    Content: content,
    MsgId: msgId,
    AgentID: WECOM.agentId,
  });
  const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  it('answers a msg_signature with non-ASCII characters 401, never 500', async () => {
    const before = await countInbound(h.database.db);
    const { query, body } = h.pusher.sealed(text('zhaoliu', '帮助', '5555000011113333'));
    query.set('msg_signature', `${query.get('msg_signature')!.slice(0, 38)}签名`);
    const res = await h.pusher.post(query, body);
    expect(res.status).toBe(401);
    expect(await codeOf(res)).toBe('webhook.signature_invalid');
    expect(await countInbound(h.database.db)).toBe(before);
  });

  it('refuses a timestamp more than 5 minutes from the service clock with 403', async () => {
    const before = await countInbound(h.database.db);
    const stale = String(Math.floor(h.clock.now().getTime() / 1000) - 6 * 60);
    const enc = h.pusher.crypto.encrypt(buildWxXml(text('zhaoliu', '帮助', '5555000011114444')), stale, 'n0nce1');
    const res = await h.pusher.post(
      new URLSearchParams({ msg_signature: enc.msgSignature, timestamp: stale, nonce: 'n0nce1' }),
      buildWxXml({ ToUserName: WECOM.corpId, Encrypt: enc.encrypt }),
    );
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe('webhook.stale');
    expect(await countInbound(h.database.db)).toBe(before);
  });

  it('refuses a nonce already taken by another message with 409, while a redelivery of the same one is answered', async () => {
    const before = await countInbound(h.database.db);
    const ts = String(Math.floor(h.clock.now().getTime() / 1000));
    const seal = (fields: Record<string, string | number>) => {
      const enc = h.pusher.crypto.encrypt(buildWxXml(fields), ts, 'reused42');
      return {
        query: new URLSearchParams({ msg_signature: enc.msgSignature, timestamp: ts, nonce: 'reused42' }),
        body: buildWxXml({ ToUserName: WECOM.corpId, Encrypt: enc.encrypt }),
      };
    };
    // One message, CreateTime included: made twice, a slow machine could stamp the retry a second later.
    const message = text('zhaoliu', '帮助', '5555000011115555');
    const first = seal(message);
    expect((await h.pusher.post(first.query, first.body)).status).toBe(200);
    // WeCom's own retry may come encrypted anew: the same message is what counts.
    const retry = seal(message);
    expect((await h.pusher.post(retry.query, retry.body)).status).toBe(200);
    const other = seal(text('zhaoliu', '绑定 700303', '5555000011116666'));
    const res = await h.pusher.post(other.query, other.body);
    expect(res.status).toBe(409);
    expect(await codeOf(res)).toBe('webhook.replayed');
    expect(await countInbound(h.database.db)).toBe(before + 1);
  });
});

describe('a leader on WeCom', () => {
  it('binds with the member code, gets a task card with buttons, presses 接单, then types 办结 — the resident hears each step', async () => {
    const leader = h.member('WuYongHong');
    await leader.say('绑定 700303');
    await leader.expect(/绑定成功！吴永红/);

    const resident = new TelegramUser(h, 5301, '马大姐');
    await resident.say('/start 483920');
    await resident.expect(/绑定成功/);
    const r0 = resident.inbox().length;
    const l0 = leader.inbox().length;
    await resident.say('俺家壁挂炉坏了，不出热水');
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);

    const card = await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(card.msgtype).toBe('template_card');
    expect(card.agentid).toBe(WECOM.agentId);
    expect(card.template_card!.card_type).toBe('button_interaction');
    // The same actions the Telegram buttons carry.
    expect(card.template_card!.button_list).toEqual([
      { text: '接单', key: `acc:${ref}` },
      { text: '转派', key: `trf:${ref}` },
      { text: '上报', key: `esc:${ref}` },
    ]);
    expect(WecomMember.read(card)).toContain('俺家壁挂炉坏了');

    await leader.press(card, '接单');
    await resident.expect(new RegExp(`#${ref} 已由吴永红接单`), r0);
    const accepted = await leader.expect(new RegExp(`#${ref}`), l0 + 1);
    expect(WecomMember.read(accepted)).toMatch(/接单/);

    await leader.say(`办结 #${ref} 已修好`);
    await resident.expect(new RegExp(`#${ref} 已由吴永红办结：已修好`), r0);
    expect((await adminApi<{ status: string }>(h, 'GET', `/api/v1/requests/${ref}`)).body.status).toBe('resolved');
  });

  it('a household card sent on WeCom is refused politely, pointing residents to the Official Account, and binds nothing', async () => {
    const someone = h.member('LiSi');
    await someone.say('绑定 251551');
    const reply = await someone.expect(/住户/);
    expect(WecomMember.read(reply)).toMatch(/公众号/);
    await someone.say('我的任务');
    await someone.expect(/绑定/, 1);
  });

  it('an expired token is refreshed exactly once and the message still arrives', async () => {
    const leader = h.member('WuYongHong');
    await settle(h);
    const calls = h.wecom.tokenCalls;
    const l0 = leader.inbox().length;
    h.wecom.expireTokens();
    await leader.say('我的任务');
    await leader.expect(/您的待办/, l0);
    expect(h.wecom.tokenCalls).toBe(calls + 1);
    const refused = h.wecom.calls.filter((c) => c.path === '/cgi-bin/message/send' && c.status === 42001);
    expect(refused.length).toBe(1);
    // The next messages use the new token: no further refresh.
    await leader.say('帮助');
    await leader.expect(/./, l0 + 1);
    expect(h.wecom.tokenCalls).toBe(calls + 1);
    const channels = await adminApi<{
      channels: { platform: string; state: string; token: { ageSec: number; expiresAt: string } | null }[];
    }>(h, 'GET', '/api/v1/channels');
    const wecom = channels.body.channels.find((c) => c.platform === 'wecom')!;
    expect(wecom.state).toBe('running');
    expect(wecom.token).not.toBeNull();
    expect(wecom.token!.ageSec).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(channels.body)).not.toMatch(/tok-\d+-/);
  });

  it('never logs the secret, the token or the AES key', async () => {
    await waitFor(() => h.logs.length > 0, 'logs');
    const all = h.logs.join('\n');
    expect(all).not.toContain(WECOM.secret);
    expect(all).not.toContain(WECOM.aesKey);
    expect(all).not.toMatch(/tok-\d+-[0-9a-f]{12}/);
  });
});
