import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MP_CALLBACK_PATH } from '../../bots/wechat-mp/wechat-mp.callback.js';
import { countInbound } from '../../src/data/inspection.repository.js';
import { TelegramUser } from '../support/harness.js';
import { MP_TOKEN, type MpHarness, MpUser, passiveReply, startMpHarness } from './mp-harness.js';

const sha1 = (parts: string[]) =>
  createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

for (const mode of ['plain', 'aes'] as const) {
  describe(`the Official Account callback (${mode === 'aes' ? 'safe mode, encrypted' : 'plaintext'})`, () => {
    let h: MpHarness;
    let leader: TelegramUser;
    beforeAll(async () => {
      h = await startMpHarness({ aes: mode === 'aes' });
      leader = new TelegramUser(h, 7003, '吴组长');
      await leader.say('/start 700303');
      await leader.expect(/绑定成功/);
    });
    afterAll(async () => {
      await h?.close();
    });

    it("answers WeChat's URL check with echostr as plain text, and 401 when the signature is not ours", async () => {
      const timestamp = String(Math.floor(h.clock.now().getTime() / 1000));
      const nonce = 'xxxxxx';
      const ok = await fetch(
        `${h.url}${MP_CALLBACK_PATH}?${new URLSearchParams({
          signature: sha1([MP_TOKEN, timestamp, nonce]),
          timestamp,
          nonce,
          echostr: '4375120948345356249',
        })}`,
      );
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await ok.text()).toBe('4375120948345356249');

      const bad = await fetch(
        `${h.url}${MP_CALLBACK_PATH}?${new URLSearchParams({
          signature: sha1(['other', timestamp, nonce]),
          timestamp,
          nonce,
          echostr: '4375120948345356249',
        })}`,
      );
      expect(bad.status).toBe(401);
      expect(await bad.text()).not.toContain('4375120948345356249');
      const none = await fetch(`${h.url}${MP_CALLBACK_PATH}?echostr=1`);
      expect(none.status).toBe(401);
    });

    it('a resident binds with 绑定 <code>, reports, and the leader on Telegram gets the card; every push is answered success', async () => {
      const resident = new MpUser(h, mode);
      const bound = await resident.say('绑定 483920');
      expect(bound).toMatchObject({ status: 200, body: 'success' });
      await resident.expect(/绑定成功/);
      const l0 = leader.inbox().length;
      const report = await resident.say('村口的路灯坏了，晚上黑乎乎的');
      expect(report.body).toBe('success');
      const receipt = await resident.expect(/已收到，编号 #\d+/);
      const ref = refIn(receipt);
      await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
      const request = await h.api(`/api/v1/requests/${ref}`);
      expect(request.body.text).toBe('村口的路灯坏了，晚上黑乎乎的');
    });

    it('a forged signature is refused 401 and nothing is stored', async () => {
      const stranger = new MpUser(h, mode);
      const forged = await stranger.push(stranger.textXml('绑定 483920'), { forge: true });
      expect(forged.status).toBe(401);
      expect(await countInbound(h.database.db, { platform: 'wechat-mp', platformUserId: stranger.openid })).toBe(0);
    });

    it("one MsgId delivered three times (WeChat's retries) is one message and one request", async () => {
      const resident = new MpUser(h, mode);
      await resident.say('绑定 483920');
      await resident.expect(/绑定成功/);
      const xml = resident.textXml('后院的水管冻裂了，一直漏水');
      const answers = [await resident.push(xml), await resident.push(xml), await resident.push(xml)];
      expect(answers.map((a) => a.body)).toEqual(['success', 'success', 'success']);
      const receipt = await resident.expect(/已收到，编号 #\d+/);
      const ref = refIn(receipt);
      expect(await countInbound(h.database.db, { platform: 'wechat-mp', platformUserId: resident.openid })).toBe(2);
      const mine = await h.api('/api/v1/requests');
      const same = (mine.body.items as { ref: number; summary: string }[]).filter((r) => /水管/.test(r.summary));
      expect(same.map((r) => r.ref)).toEqual([ref]);
      expect(resident.inbox().filter((m) => /已收到，编号/.test(m))).toHaveLength(1);
    });

    it('an event is stored once for its sender and time, however often WeChat repeats it', async () => {
      const stranger = new MpUser(h, mode);
      const at = Math.floor(h.clock.now().getTime() / 1000);
      for (let i = 0; i < 3; i++) expect((await stranger.event('CLICK', 'LINLI_HELP', at)).body).toBe('success');
      await stranger.expect(/绑定码/);
      expect(await countInbound(h.database.db, { platform: 'wechat-mp', platformUserId: stranger.openid })).toBe(1);
      expect(stranger.inbox()).toHaveLength(1);
    });

    it('following the account without a card is greeted at once with a passive reply on how to bind', async () => {
      const follower = new MpUser(h, mode);
      const answer = await follower.event('subscribe', null);
      expect(answer.status).toBe(200);
      const reply = passiveReply(h, answer, mode);
      expect(reply).toContain(`<ToUserName><![CDATA[${follower.openid}]]></ToUserName>`);
      expect(reply).toContain(`<FromUserName><![CDATA[${h.mp.accountId}]]></FromUserName>`);
      expect(reply).toContain('<MsgType><![CDATA[text]]></MsgType>');
      expect(reply).toMatch(/欢迎关注.*绑定 483920/s);
      if (mode === 'aes') expect(answer.body).not.toContain('欢迎');
    });

    it('rejects a body that is not WeChat XML with a 400 naming the body', async () => {
      const timestamp = String(Math.floor(h.clock.now().getTime() / 1000));
      const nonce = '12345';
      const q = new URLSearchParams({
        signature: sha1([MP_TOKEN, timestamp, nonce]),
        timestamp,
        nonce,
        ...(mode === 'aes' ? { encrypt_type: 'aes', msg_signature: 'x' } : {}),
      });
      const res = await fetch(`${h.url}${MP_CALLBACK_PATH}?${q}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: '<html>no</html>',
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toMatch(/body|Encrypt/);
    });
  });
}
