import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_WEBHOOK_PATH } from '../../bots/telegram/telegram.webhook.js';
import {
  countInbound,
  failedOutbox,
  inboundEntries,
  type OutboxEntry,
  outboxRows,
} from '../../src/data/inspection.repository.js';
import {
  adminApi,
  type Harness,
  settle,
  startHarness,
  TelegramUser,
  waitFor,
  WEBHOOK_SECRET,
} from '../support/harness.js';

let h: Harness;
let resident: TelegramUser;

beforeAll(async () => {
  h = await startHarness();
  resident = new TelegramUser(h, 9001);
  await resident.say('/start 483920');
  await resident.expect(/绑定成功/);
});
afterAll(async () => {
  await h?.close();
});

const requestCount = async () => {
  const list = await adminApi<{ total: number }>(h, 'GET', '/api/v1/requests?pageSize=1');
  expect(list.status).toBe(200);
  return list.body.total;
};
const inboundCount = () => countInbound(h.database.db);

describe('nothing lost, nothing doubled', () => {
  it('handles the same update delivered twice once', async () => {
    const before = await requestCount();
    const update = resident.messageUpdate('俺家的水管冻裂了，往外冒水');
    expect((await resident.sendUpdate(update)).status).toBe(200);
    expect((await resident.sendUpdate(update)).status).toBe(200);
    await settle(h);
    expect(await requestCount()).toBe(before + 1);
    expect(resident.inbox().filter((m) => m.text.includes('俺家的水管冻裂了')).length).toBe(1);
  });

  it('delivers a reply exactly once when sendMessage answers 500 and then 429 retry_after', async () => {
    h.telegram.failNext('sendMessage', { status: 500 }, { status: 429, retryAfter: 1 });
    const n = resident.inbox().length;
    await resident.say('猪圈的门坏了');
    const receipt = await resident.expect(/猪圈的门坏了/, n);
    expect(receipt.text).toContain('已收到');
    await settle(h);
    const attempts = h.telegram.calls.filter(
      (c) => c.method === 'sendMessage' && String(c.body.text).includes('猪圈的门坏了'),
    );
    expect(attempts.map((c) => c.status)).toEqual([500, 429, 200]);
    expect(resident.inbox().filter((m) => m.text.includes('猪圈的门坏了')).length).toBe(1);
  });

  it('gives up on a message Telegram refuses for good, without blocking later ones', async () => {
    h.telegram.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    const n = resident.inbox().length;
    await resident.say('帮助');
    await settle(h);
    const blocked = (rows: OutboxEntry[]) =>
      rows.filter((r) => r.lastError === 'telegram 403: Forbidden: bot was blocked by the user');
    const failed = blocked(await outboxRows(h.database.db, { channel: 'telegram', recipient: '9001' }));
    expect(failed.length).toBe(1);
    expect(failed[0]!.failedAt).not.toBeNull();
    expect(failed[0]!.sentAt).toBeNull();
    expect(blocked(await failedOutbox(h.database.db)).map((r) => r.id)).toEqual([failed[0]!.id]);
    await resident.say('我的诉求');
    await resident.expect(/您的诉求/, n);
  });

  it('refuses a webhook call without the secret (401) or with a wrong one (403) and stores nothing', async () => {
    const before = await inboundCount();
    const body = JSON.stringify(resident.messageUpdate('不该存下来'));
    const noSecret = await fetch(`${h.url}${TELEGRAM_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(noSecret.status).toBe(401);
    const wrong = await fetch(`${h.url}${TELEGRAM_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'nope' },
      body,
    });
    expect(wrong.status).toBe(403);
    expect(await inboundCount()).toBe(before);
  });

  it('answers malformed JSON and a body without update_id with 400', async () => {
    const post = (body: string) =>
      fetch(`${h.url}${TELEGRAM_WEBHOOK_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
        body,
      });
    const broken = await post('{"update_id": 1, "message": {');
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.code).toBe('body.invalid_json');
    const noId = await post('{"message": {}}');
    expect(noId.status).toBe(400);
    expect((await noId.json()).error.message).toContain('update_id');
  });

  it('keeps a huge or binary message without crashing, and splits a long reply under 4096 characters', async () => {
    const n = resident.inbox().length;
    const long = `俺家房顶漏水了${'，雨一直下'.repeat(20000)}\u0000\u0001`;
    expect((await resident.say(long)).status).toBe(200);
    const receipt = await resident.expect(/已收到/, n);
    expect(receipt.text).toContain('报修');
    const ref = Number(/#(\d+)/.exec(receipt.text)![1]);
    const leader = new TelegramUser(h, 9002);
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
    await leader.say(`接单 #${ref}`);
    await resident.expect(/接单/, n);
    const m = resident.inbox().length;
    const note = `师傅说${'明天上午带防水卷材过来'.repeat(500)}完毕`;
    await leader.say(`备注 #${ref} ${note}`);
    await settle(h);
    const parts = resident.inbox().slice(m);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.text.length <= 4096)).toBe(true);
    expect(parts.map((p) => p.text).join('')).toContain('完毕');
  });

  it('ignores group chat messages that are not addressed to the bot, and handles those that are', async () => {
    const group = { id: -100123, type: 'supergroup' as const };
    const before = await inboundCount();
    await resident.say('今天天气不错', group);
    expect(await inboundCount()).toBe(before);
    const n = resident.inbox().length;
    await resident.say('@linli_test_bot 我的诉求', group);
    // Answered privately, so the room never sees a household's requests: it only gets a short acknowledgement.
    await resident.expect(/您的诉求/, n);
    await settle(h);
    const room = h.telegram.sentTo(group.id).map((m) => m.text);
    expect(room).toEqual([expect.stringContaining('回复已私信发给您')]);
    expect(room.join('')).not.toMatch(/#\d+|三组/);
  });

  it('loses nothing when the process dies between receipt and reply', async () => {
    const crashed = await startHarness({ startWorkers: false });
    const u = new TelegramUser(crashed, 9003);
    // The webhook answers 200 only once the update is stored: from here on it is in the inbound log.
    expect((await u.say('/start 483920')).status).toBe(200);
    const stored = await inboundEntries(crashed.database.db, { platform: 'telegram', platformUserId: '9003' });
    // Stored, never picked up (no attempt), no reply queued, nothing sent: the process "died" before handling it.
    expect(stored).toMatchObject([{ processedAt: null, attempts: 0 }]);
    expect(await outboxRows(crashed.database.db, { channel: 'telegram', recipient: '9003' })).toEqual([]);
    expect(crashed.telegram.sentTo(9003).length).toBe(0);
    await crashed.restart();
    await waitFor(() => crashed.telegram.sentTo(9003).find((m) => /绑定成功/.test(m.text)), 'the reply after restart');
    await settle(crashed);
    expect(await inboundEntries(crashed.database.db, { platform: 'telegram', platformUserId: '9003' })).toMatchObject([
      { id: stored[0]!.id, processedAt: expect.any(Date), attempts: 1 },
    ]);
    expect(crashed.telegram.sentTo(9003).filter((m) => /绑定成功/.test(m.text))).toHaveLength(1);
    await crashed.close();
  });
});

describe('hostile webhook bodies (found by npm run bench -- --fuzz)', () => {
  const post = (body: string) =>
    fetch(`${h.url}${TELEGRAM_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body,
    });

  it('stores a lone surrogate or NUL in a text or language code instead of failing with 500', async () => {
    const bad = await post(
      '{"update_id":800000026,"message":{"message_id":1,"date":1,"from":{"id":9001,"is_bot":false,"first_name":"x","language_code":"\\u0000"},"chat":{"id":9001,"type":"private"},"text":"\\ud800路灯坏了"}}',
    );
    expect(bad.status).toBe(200);
    await settle(h);
  });

  it('answers a callback query without a sender, or a message without a chat, with 400 naming the field', async () => {
    const noFrom = await post(
      '{"update_id":800000108,"callback_query":{"id":"800000108","chat_instance":"x","data":"acc:1"}}',
    );
    expect(noFrom.status).toBe(400);
    expect((await noFrom.json()).error.message).toContain('callback_query.from');
    const noChat = await post(
      '{"update_id":800000459,"message":{"message_id":1,"date":1,"from":{"id":1,"is_bot":false,"first_name":"a"},"chat":null,"text":"x"}}',
    );
    expect(noChat.status).toBe(400);
    expect((await noChat.json()).error.message).toContain('message.chat');
  });
});
