import type { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWechatChannel } from '../../bots/wechat/index.js';
import type { ChannelAdapter } from '../../src/channels/adapter.js';
import { wechatPacing } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/data/database.js';
import { silentLog } from '../../src/log.js';
import { OutboxDispatcher } from '../../src/outbox/outbox.dispatcher.js';
import { enqueue } from '../../src/data/outbox.repository.js';
import { WechatWorld } from '../support/fake-wechat.js';
import { waitFor } from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';

/** A clock the test moves by hand: pacing is checked in simulated time, never by waiting. */
class ManualClock {
  constructor(private t: number) {}
  now() {
    return new Date(this.t);
  }
  advance(ms: number) {
    this.t += ms;
  }
}

let database: Database;
let channel: ChannelAdapter;
const world = new WechatWorld();
const clock = new ManualClock(Date.UTC(2026, 10, 22, 1, 0));

beforeAll(async () => {
  database = await createTestDatabase();
  // The pacing `npm start` uses with no WeChat settings given.
  channel = createWechatChannel({
    puppet: world.puppet,
    pacing: wechatPacing(loadConfig({})),
    clock,
    log: silentLog,
    printQr: () => {},
  });
  void channel.start({
    ingest: async () => true,
    directory: { whoIs: async () => null, history: async () => [], demoCards: async () => [] },
    stateChanged: () => {},
    tokens: { get: async () => 'unused', invalidate: async () => {}, info: async () => null },
    nonces: { claim: async () => 'first' },
  });
  await waitFor(() => channel.state() === 'logged_out', 'start');
  world.login();
  await waitFor(() => channel.state() === 'logged_in', 'login');
});
afterAll(async () => {
  await channel.stop();
  await database.close();
});

describe('WeChat pacing through the real sender', () => {
  it('spaces 20 messages to one contact by the configured gap plus jitter, and caps the account per second', async () => {
    expect(channel.sender.pacing).toEqual({ perRecipientMs: 1000, jitterMs: 1000, perSecond: 2 });
    const alice = world.person('马大姐');
    const others = ['王大哥', '李婶', '赵叔', '孙奶奶'].map((n) => world.person(n));
    const received: { to: string; text: string; at: number }[] = [];
    for (const p of [alice, ...others]) {
      (p.contact as unknown as EventEmitter).on('message', (m: { payload: { talkerId?: string; text?: string } }) => {
        if (m.payload.talkerId === world.bot.id)
          received.push({ to: p.name, text: m.payload.text ?? '', at: clock.now().getTime() });
      });
    }
    for (let i = 1; i <= 20; i++)
      await enqueue(database.db, { platform: 'wechat', address: alice.id }, { text: `第${i}条` }, clock.now());
    for (const p of others)
      await enqueue(database.db, { platform: 'wechat', address: p.id }, { text: `给${p.name}` }, clock.now());

    const outbox = new OutboxDispatcher(database.db, [channel.sender], clock, silentLog, {
      pollMs: 10,
      random: () => 0.5,
    });
    for (let step = 0; step < 400 && received.length < 24; step++) {
      await outbox.runOnce();
      clock.advance(100);
    }

    const toAlice = received.filter((r) => r.to === '马大姐');
    expect(toAlice.map((r) => r.text)).toEqual(Array.from({ length: 20 }, (_, i) => `第${i + 1}条`));
    const gaps = toAlice.slice(1).map((r, i) => r.at - toAlice[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1500); // 1000 ms + half of the 1000 ms jitter
    // The others are not stuck behind Alice's queue, and the whole account never exceeds 2 a second.
    expect(received.filter((r) => r.to !== '马大姐')).toHaveLength(4);
    for (const r of received)
      expect(received.filter((s) => s.at >= r.at && s.at < r.at + 1000).length).toBeLessThanOrEqual(2);
  });
});
