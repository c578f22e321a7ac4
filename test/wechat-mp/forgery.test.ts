import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MP_CALLBACK_PATH, type MpMode } from '../../bots/wechat-mp/wechat-mp.callback.js';
import { defaultIdentityPolicy } from '../../src/domain/binding.js';
import { countInbound } from '../../src/data/inspection.repository.js';
import { waitFor } from '../support/harness.js';
import { MP_TOKEN, type MpHarness, MpUser, type PushMode, startMpHarness } from './mp-harness.js';

// Issue 20, finding 4: with one signed URL from a log, any FromUserName could be posted forever, plaintext
// bodies were taken with a key set, and 8 made-up openids guessed 40 binding codes. Every push here is
// posted as WeChat posts it, to the service's real callback.

const sha1 = (parts: string[]) =>
  createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
const errorOf = (p: { body: string }) => (JSON.parse(p.body) as { error: { code: string; field?: string } }).error;
const stored = (h: MpHarness, u: MpUser) =>
  countInbound(h.database.db, { platform: 'wechat-mp', platformUserId: u.openid });
const nowSec = (h: MpHarness) => Math.floor(h.clock.now().getTime() / 1000);

/** How WeChat posts in each mode the service can be set to. */
const posting: Record<MpMode, PushMode> = { plain: 'plain', compatible: 'compat', safe: 'aes' };

for (const mode of ['plain', 'compatible', 'safe'] as const) {
  describe(`Official Account pushes in ${mode} mode`, () => {
    let h: MpHarness;
    beforeAll(async () => {
      h = await startMpHarness({ mode });
    });
    afterAll(async () => {
      await h?.close();
    });

    it("takes WeChat's real signed push, and a redelivery of it (same nonce, same message) once", async () => {
      const someone = new MpUser(h, posting[mode]);
      const signed = someone.sign(someone.textXml('你好'));
      const first = await someone.post(signed);
      expect(first).toMatchObject({ status: 200, body: 'success' });
      await someone.expect(/绑定/);
      // WeChat got no answer in 5 s and tries again: answered the same, handled once.
      const again = await someone.post(signed);
      expect(again).toMatchObject({ status: 200, body: 'success' });
      expect(await stored(h, someone)).toBe(1);
      await waitFor(async () => (await countInbound(h.database.db, { pending: true })) === 0, 'the queue to drain');
      expect(someone.inbox()).toHaveLength(1);
    });

    it('refuses a seen nonce carrying another message (a reused signature) with 409, on every instance', async () => {
      const victim = new MpUser(h, posting[mode]);
      const forger = new MpUser(h, posting[mode]);
      const signed = victim.sign(victim.textXml('你好'));
      expect((await victim.post(signed)).status).toBe(200);
      const other = forger.sign(forger.textXml('绑定 483920'), {
        timestamp: signed.query.get('timestamp')!,
        nonce: signed.query.get('nonce')!,
      });
      // In plaintext mode the signature covers no body: the forger keeps the victim's URL and changes only the body.
      const reused = { query: mode === 'plain' ? signed.query : other.query, body: other.body };
      if (h.instances.length < 2) await h.addInstance();
      for (const instance of [0, 1]) {
        const refused = await forger.post(reused, { instance });
        expect(refused.status).toBe(409);
        expect(errorOf(refused)).toMatchObject({ code: 'webhook.replayed', field: 'nonce' });
      }
      expect(await stored(h, forger)).toBe(0);
    });

    it('refuses a timestamp more than 5 minutes from the service clock, either way, storing nothing', async () => {
      const late = new MpUser(h, posting[mode]);
      for (const skew of [-6 * 60, 6 * 60]) {
        const res = await late.post(late.sign(late.textXml('你好'), { timestamp: String(nowSec(h) + skew) }));
        expect(res.status).toBe(403);
        expect(errorOf(res)).toMatchObject({ code: 'webhook.stale', field: 'timestamp' });
      }
      // Within the window WeChat's clock may differ a little from ours.
      expect((await late.post(late.sign(late.textXml('你好'), { timestamp: String(nowSec(h) - 4 * 60) }))).status).toBe(
        200,
      );
      expect(await stored(h, late)).toBe(1);
    });

    it('answers a signature or msg_signature with non-ASCII characters 401, never 500', async () => {
      const someone = new MpUser(h, posting[mode]);
      const signed = someone.sign(someone.textXml('你好'));
      for (const name of ['signature', 'msg_signature']) {
        if (!signed.query.has(name)) continue;
        const query = new URLSearchParams(signed.query);
        const good = query.get(name)!;
        // Same length in characters, more in bytes: timingSafeEqual threw on it.
        query.set(name, `${good.slice(0, 38)}签名`);
        const res = await someone.post({ query, body: signed.body });
        expect(res.status, name).toBe(401);
        expect(errorOf(res).code).toBe('webhook.signature_invalid');
      }
      expect(await stored(h, someone)).toBe(0);
    });

    it('takes the URL check once: its signed URL cannot carry a push', async () => {
      const timestamp = String(nowSec(h));
      const nonce = '734851927';
      const q = new URLSearchParams({
        signature: sha1([MP_TOKEN, timestamp, nonce]),
        timestamp,
        nonce,
        echostr: '4375120948345356249',
      });
      const check = await fetch(`${h.url}${MP_CALLBACK_PATH}?${q}`);
      expect(check.status).toBe(200);
      expect(await check.text()).toBe('4375120948345356249');
      const forger = new MpUser(h, 'plain');
      const res = await forger.post({ query: q, body: forger.textXml('绑定 483920') });
      expect(res.status).toBe(mode === 'safe' ? 403 : 409);
      expect(await stored(h, forger)).toBe(0);
    });

    if (mode === 'safe') {
      it('refuses a plaintext body, even correctly signed, with 403 and stores nothing', async () => {
        const plain = new MpUser(h, 'plain');
        const res = await plain.say('绑定 483920');
        expect(res.status).toBe(403);
        expect(errorOf(res)).toMatchObject({ code: 'webhook.encryption_required', field: 'encrypt_type' });
        expect(await stored(h, plain)).toBe(0);
      });
    }
    if (mode === 'compatible') {
      it('takes plaintext and encrypted bodies alike, as WeChat may send either', async () => {
        for (const how of ['plain', 'aes'] as const) {
          const someone = new MpUser(h, how);
          expect((await someone.say('你好')).body).toBe('success');
          await someone.expect(/绑定/);
        }
      });
    }
    if (mode === 'plain') {
      it('refuses an encrypted push: no key is used in plaintext mode', async () => {
        const encrypted = new MpUser(h, 'aes');
        const res = await encrypted.say('你好');
        expect(res.status).toBe(400);
        expect(errorOf(res).field).toBe('encrypt_type');
      });
    }
  });
}

describe('binding through the Official Account', () => {
  let h: MpHarness;
  // A lower deployment-wide number than production's, so that 40 guesses cross it.
  const identity = { ...defaultIdentityPolicy, deploymentSpike: 30 };
  beforeAll(async () => {
    h = await startMpHarness({ identity });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts wrong codes deployment-wide: 40 guesses from 20 made-up openids pause binding, even with the right code', async () => {
    const guessers = Array.from({ length: 20 }, () => new MpUser(h));
    let code = 600_000;
    for (const round of [0, 1]) {
      for (const g of guessers) expect((await g.say(`绑定 ${code++}`)).status).toBe(200);
      await waitFor(() => guessers.every((g) => g.inbox().length === round + 1), `round ${round + 1} of answers`);
    }
    const answers = guessers.flatMap((g) => g.inbox());
    // Two wrong codes per openid never reach the per-openid limit of 5; the deployment's 30 is reached.
    expect(answers.filter((a) => /绑定码不对/.test(a))).toHaveLength(identity.deploymentSpike);
    expect(answers.filter((a) => /绑定暂停/.test(a))).toHaveLength(40 - identity.deploymentSpike);
    expect(answers.join('\n')).not.toMatch(/网页/);

    const ninth = new MpUser(h);
    await ninth.say('绑定 483920');
    const reply = await ninth.expect(/./);
    expect(reply).toMatch(/绑定暂停/);
    expect(reply).not.toMatch(/绑定成功/);
  });

  it('logs no signature, msg_signature, nonce, timestamp, echostr, openid, api_key or search text', async () => {
    const secrets: string[] = [];
    const someone = new MpUser(h);
    const signed = someone.sign(someone.textXml('你好'));
    expect((await someone.post(signed)).status).toBe(200);
    secrets.push(
      signed.query.get('signature')!,
      signed.query.get('nonce')!,
      signed.query.get('timestamp')!,
      someone.openid,
    );
    const timestamp = String(nowSec(h));
    const nonce = '918273645';
    const echostr = '5938271640918273645';
    expect(
      (
        await fetch(
          `${h.url}${MP_CALLBACK_PATH}?${new URLSearchParams({ signature: sha1([MP_TOKEN, timestamp, nonce]), timestamp, nonce, echostr })}`,
        )
      ).status,
    ).toBe(200);
    secrets.push(sha1([MP_TOKEN, timestamp, nonce]), nonce, echostr);
    // A refused push is logged too (with its 4xx): its values must not be either.
    const forgedSignature = sha1(['wrong', timestamp, '55555']);
    const msgSignature = sha1(['wrong', timestamp, '55555', 'x']);
    await fetch(
      `${h.url}${MP_CALLBACK_PATH}?${new URLSearchParams({ signature: forgedSignature, timestamp, nonce: '55555', encrypt_type: 'aes', msg_signature: msgSignature })}`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: '<xml></xml>',
      },
    );
    secrets.push(forgedSignature, msgSignature);
    const apiKey = 'county-k3y-0123456789abcdef';
    await fetch(`${h.url}/open311/v2/requests.json?api_key=${apiKey}`, { method: 'POST' });
    await fetch(`${h.url}/desk?q=${encodeURIComponent('王秀英家漏水')}`);
    await fetch(`${h.url}/api/v1/requests?token=admintokenguess123`);
    secrets.push(apiKey, '王秀英', encodeURIComponent('王秀英'), 'admintokenguess123');

    await waitFor(() => h.logs.some((l) => l.includes('/open311/v2/requests.json')), 'the requests to be logged');
    const all = h.logs.join('\n');
    // The calls are there, with their parameters' names.
    expect(all).toContain(`${MP_CALLBACK_PATH}?signature=*&timestamp=*&nonce=*`);
    expect(all).toContain('/open311/v2/requests.json?api_key=*');
    for (const secret of secrets) expect(all, secret).not.toContain(secret);
  });
});
