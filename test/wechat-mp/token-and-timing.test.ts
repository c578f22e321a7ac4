import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ingest } from '../../src/channels/adapter.js';
import type { Classifier } from '../../src/domain/classification.js';
import { countInbound } from '../../src/data/inspection.repository.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import { waitFor } from '../support/harness.js';
import { type MpHarness, MpUser, startMpHarness } from './mp-harness.js';

describe('the access_token, shared by two instances on one database', () => {
  let h: MpHarness;
  beforeAll(async () => {
    h = await startMpHarness();
    await h.addInstance();
    // Both instances start by checking the menu: one token fetched for both.
    await waitFor(
      async () =>
        (await h.api('/api/v1/channels')).body.channels.some(
          (c: { platform: string; state: string }) => c.platform === 'wechat-mp' && c.state === 'running',
        ),
      'the channel to run',
    );
    await waitFor(
      () => h.mp.calls.filter((c) => c.path === '/cgi-bin/menu/get').length >= 2,
      'both instances to start',
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is fetched once for both instances, and shown with its age in GET /api/v1/channels', async () => {
    expect(h.mp.tokenFetches).toHaveLength(1);
    const channels = (await h.api('/api/v1/channels')).body.channels;
    const mp = channels.find((c: { platform: string }) => c.platform === 'wechat-mp');
    expect(mp).toMatchObject({ state: 'running', held: 0 });
    expect(mp.token.ageSec).toBeGreaterThanOrEqual(0);
    expect(new Date(mp.token.expiresAt).getTime()).toBeGreaterThan(new Date(mp.token.fetchedAt).getTime());
  });

  it('refused as expired (40001) by both at once, it is refreshed once (forced) and both calls go through', async () => {
    const fetches = h.mp.tokenFetches.length;
    h.mp.expireTokens();
    const [a, b] = h.adapters;
    const calls = [a!, b!].map((adapter, i) =>
      adapter.api.post('/cgi-bin/message/custom/send', {
        touser: `oTokenTest${i}`,
        msgtype: 'text',
        text: { content: `第${i}条` },
      }),
    );
    await Promise.all(calls);
    expect(h.mp.tokenFetches.slice(fetches)).toEqual([{ path: 'stable_token', force: true }]);
    expect(h.mp.calls.filter((c) => c.errcode === 40001).length).toBeGreaterThanOrEqual(1);
    expect(h.mp.sentTo('oTokenTest0')).toEqual(['第0条']);
    expect(h.mp.sentTo('oTokenTest1')).toEqual(['第1条']);
  });

  it('a resident writing to either instance after an expiry hears back, with one more refresh only', async () => {
    const resident = new MpUser(h);
    await resident.say('绑定 483920', { instance: 1 });
    await resident.expect(/绑定成功/);
    const fetches = h.mp.tokenFetches.length;
    h.mp.expireTokens();
    await resident.say('我的诉求', { instance: 0 });
    await resident.expect(/诉求/, 1);
    expect(h.mp.tokenFetches.length - fetches).toBe(1);
  });
});

describe('answering WeChat within its 5 seconds', () => {
  let slowStore = false;
  let h: MpHarness;
  let gate: Promise<void> | null = null;
  const offline = createOfflineClassifier();
  // The heavy work (classification, then the request and the cards) waits while a test holds the gate.
  // It waits, like a remote model: not in-process, so it runs before the turn's transaction.
  const gated: Classifier = {
    inProcess: false,
    async classify(text) {
      if (gate) await gate;
      return offline.classify(text);
    },
  };
  const slow =
    (ingest: Ingest): Ingest =>
    async (msg) => {
      if (slowStore) await new Promise((r) => setTimeout(r, 6_000));
      return ingest(msg);
    };
  beforeAll(async () => {
    h = await startMpHarness({ classifier: gated, wrapIngest: slow });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers success at once while the heavy work of the message is still to come, and the stored message is handled after', async () => {
    const resident = new MpUser(h);
    await resident.say('绑定 483920');
    await resident.expect(/绑定成功/);
    let open!: () => void;
    gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const pushed = await resident.say('三组12号门前的路灯坏了，晚上看不见路');
    expect(pushed).toMatchObject({ status: 200, body: 'success' });
    expect(pushed.ms).toBeLessThan(1_000);
    // Stored before the answer: it is in the database the moment WeChat has its `success`.
    expect(await countInbound(h.database.db, { platform: 'wechat-mp', platformUserId: resident.openid })).toBe(2);
    expect(resident.inbox().some((m) => /已收到/.test(m))).toBe(false);
    gate = null;
    open();
    await resident.expect(/已收到，编号 #\d+/);
  });

  it('answers success before 5 s even when storing takes longer, and the message still arrives', async () => {
    const resident = new MpUser(h);
    slowStore = true;
    try {
      const pushed = await resident.say('绑定 483920');
      expect(pushed.body).toBe('success');
      expect(pushed.ms).toBeLessThan(5_000);
      expect(pushed.ms).toBeGreaterThanOrEqual(3_000);
    } finally {
      slowStore = false;
    }
    await resident.expect(/绑定成功/);
  });
});
