import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxSender } from '../../src/messaging/send.js';
import { type Harness, startHarness, TelegramUser } from '../support/harness.js';

let h: Harness;
let resident: TelegramUser;

beforeAll(async () => {
  h = await startHarness();
  resident = new TelegramUser(h, 9301);
  await resident.say('/start 483920');
  await resident.expect(/绑定成功/);
});
afterAll(async () => {
  await h?.close();
});

const REMINDER = '【说事提醒】明天上午九点在村委会说事，有事可以来说';

describe('answers are not queued behind a broadcast', () => {
  it('a resident who reports while the say-things reminder goes to 800 households gets the receipt before the broadcast is done', async () => {
    // The reminder to every household, the way the say-things sweep queues it (Telegram's 30 sends a second: ~27 s of sending).
    const others = Array.from({ length: 799 }, (_, i) => String(800_000 + i));
    await h.database.db.transaction(async (tx) => {
      const send = outboxSender(tx, h.clock.now());
      for (const chat of [...others, String(resident.id)]) {
        await send({ platform: 'telegram', address: chat, language: 'zh' }, () => ({ text: REMINDER }), {
          quietHoursIn: 'Asia/Shanghai',
          bulk: true,
        });
      }
    });
    h.app.linli.outbox.wake();
    const n = resident.inbox().length;
    await resident.say('村口的路灯坏了，晚上黑乎乎的');
    const receipt = await resident.expect(/已收到/, n);
    expect(receipt.text).toMatch(/编号 #\d+/);
    // At the fake Bot API: the receipt went out while reminders were still waiting to go, and before the resident's own.
    const sends = h.telegram.calls.filter((c) => c.method === 'sendMessage' && c.status === 200);
    const receiptAt = sends.findIndex((c) => String(c.body.text).includes('已收到'));
    const remindersBefore = sends.slice(0, receiptAt).filter((c) => c.body.text === REMINDER).length;
    expect(remindersBefore).toBeLessThan(800);
    expect(
      sends.slice(0, receiptAt).some((c) => c.body.text === REMINDER && String(c.body.chat_id) === String(resident.id)),
    ).toBe(false);
  });
});
