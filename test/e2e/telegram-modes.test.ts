import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../bots/telegram/index.js';
import { buildApp } from '../../src/app.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import type { Database } from '../../src/data/database.js';
import { systemClock } from '../../src/domain/clock.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { waitFor } from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ roster: 'demo' });
});
afterAll(async () => {
  await database.close();
});

async function appWith(telegram: FakeTelegram, mode: 'webhook' | 'polling', webhookUrl?: string) {
  const app = await buildApp({
    database,
    clock: systemClock,
    classifier: createOfflineClassifier(),
    adminToken: null,
    pollMs: 25,
    channels: (log) => [
      createTelegramChannel({
        token: telegram.token,
        mode,
        apiRoot: telegram.apiRoot,
        webhookSecret: 'secret-abc',
        clock: systemClock,
        log,
        ...(webhookUrl ? { webhookUrl } : {}),
      }),
    ],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

describe('Telegram modes', () => {
  it('registers the webhook with its secret at startup when TELEGRAM_WEBHOOK_URL is set', async () => {
    const telegram = await new FakeTelegram().start();
    const app = await appWith(telegram, 'webhook', 'https://linli.example.org/bots/telegram/webhook');
    const call = await waitFor(() => telegram.calls.find((c) => c.method === 'setWebhook'), 'setWebhook');
    expect(call.body).toMatchObject({
      url: 'https://linli.example.org/bots/telegram/webhook',
      secret_token: 'secret-abc',
    });
    await app.close();
    await telegram.stop();
  });

  it('long-polls getUpdates and answers, learning its username from getMe', async () => {
    const telegram = await new FakeTelegram().start();
    const app = await appWith(telegram, 'polling');
    telegram.queueUpdate({
      update_id: 1,
      message: {
        message_id: 1,
        date: 0,
        text: '/start 483920',
        from: { id: 77, is_bot: false, first_name: '老王' },
        chat: { id: 77, type: 'private' },
      },
    });
    const reply = await waitFor(() => telegram.sentTo(77).find((m) => /绑定成功/.test(m.text)), 'the polled reply');
    expect(reply.text).toContain('三组1号');
    expect(telegram.calls.some((c) => c.method === 'getMe')).toBe(true);
    await app.close();
    await telegram.stop();
  });
});
