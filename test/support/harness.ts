import { readFileSync } from 'node:fs';
import { and, isNull, lte } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTelegramChannel } from '../../bots/telegram/index.js';
import { TELEGRAM_WEBHOOK_PATH } from '../../bots/telegram/telegram.webhook.js';
import type { Database } from '../../db/client.js';
import { inboundMessages, outbox } from '../../db/schema.js';
import { buildApp } from '../../src/app.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import type { Classifier } from '../../src/domain/classification.js';
import type { Clock } from '../../src/domain/clock.js';
import { demoRosterPath } from '../../src/roster/demo.js';
import { importRoster } from '../../src/roster/roster.import.js';
import { FakeTelegram } from './fake-telegram.js';
import { createTestDatabase } from './test-db.js';

export const WEBHOOK_SECRET = 'test-secret_123';
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const demoRoster = () => JSON.parse(readFileSync(demoRosterPath, 'utf8'));

export interface Harness {
  app: FastifyInstance;
  url: string;
  telegram: FakeTelegram;
  database: Database;
  clock: Clock;
  /** Builds a second app on the same database, as a restarted process would be. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  classifier?: Classifier;
  clock?: Clock;
  database?: Database;
  /** Build the app without starting its queue workers (to simulate a crash before handling). */
  startWorkers?: boolean;
  /** A second instance that only runs timed work: it does not send, so every message lands in one fake. */
  sendOutbox?: boolean;
  /** Start the pg-boss job queue. */
  jobs?: boolean;
}

const offline = createOfflineClassifier();

/**
 * Real time, moved to 10:00 village time today: tests must not depend on the hour CI runs at
 * (quiet hours hold residents' messages 21:00–07:00 Asia/Shanghai).
 */
export function daytimeClock(): Clock & { offsetMs: number } {
  const shanghaiMidnight = Math.floor((Date.now() + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000;
  return { offsetMs: shanghaiMidnight + 10 * 3600_000 - Date.now(), now() { return new Date(Date.now() + this.offsetMs); } };
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const clock = opts.clock ?? daytimeClock();
  const database = opts.database ?? await createTestDatabase();
  if (!opts.database) await importRoster(database.db, demoRoster());
  const telegram = await new FakeTelegram().start();
  const build = async () => {
    const app = await buildApp({
      database,
      clock,
      classifier: opts.classifier ?? offline,
      adminToken: ADMIN_TOKEN,
      pollMs: 25,
      outboxBaseDelayMs: 50,
      jobs: opts.jobs ?? false,
      channels: (log) => [createTelegramChannel({
        token: telegram.token, mode: 'webhook', apiRoot: telegram.apiRoot, webhookSecret: WEBHOOK_SECRET,
        botUsername: telegram.username, clock, log,
      })],
    });
    if (opts.startWorkers === false) {
      app.addHook('onReady', async () => { await app.linli.inbound.stop(); });
    }
    if (opts.sendOutbox === false) {
      app.addHook('onReady', async () => { await app.linli.outbox.stop(); });
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app;
  };
  let app = await build();
  const harness: Harness = {
    app,
    get url() { return `http://127.0.0.1:${(harness.app.server.address() as { port: number }).port}`; },
    telegram,
    database,
    clock,
    async restart() {
      await harness.app.close();
      opts.startWorkers = true;
      app = await build();
      harness.app = app;
    },
    async close() {
      await harness.app.close();
      await telegram.stop();
      if (!opts.database) await database.close();
    },
  };
  return harness;
}

let updateId = 1000;

/** A person on Telegram: what they type reaches the service through its real webhook. */
export class TelegramUser {
  constructor(readonly h: Harness, readonly id: number, readonly firstName = `用户${id}`, readonly language = 'zh-hans') {}

  private async post(update: Record<string, unknown>): Promise<Response> {
    return fetch(`${this.h.url}${TELEGRAM_WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
      body: JSON.stringify(update),
    });
  }

  messageUpdate(text: string, chat?: { id: number; type: 'group' | 'supergroup' }): Record<string, unknown> {
    const from = { id: this.id, is_bot: false, first_name: this.firstName, language_code: this.language };
    return {
      update_id: ++updateId,
      message: { message_id: updateId, date: Math.floor(Date.now() / 1000), from, text,
        chat: chat ? { id: chat.id, type: chat.type, title: '第三互助组' } : { id: this.id, type: 'private', first_name: this.firstName } },
    };
  }

  async say(text: string, chat?: { id: number; type: 'group' | 'supergroup' }): Promise<Response> {
    return this.post(this.messageUpdate(text, chat));
  }

  async sendUpdate(update: Record<string, unknown>): Promise<Response> {
    return this.post(update);
  }

  async press(data: string): Promise<Response> {
    const from = { id: this.id, is_bot: false, first_name: this.firstName, language_code: this.language };
    return this.post({
      update_id: ++updateId,
      callback_query: { id: `cq${updateId}`, from, chat_instance: 'x', data,
        message: { message_id: 1, date: 0, chat: { id: this.id, type: 'private' }, text: 'card' } },
    });
  }

  /** Everything the bot has sent this person so far. */
  inbox(): { text: string; buttons: string[] }[] {
    return this.h.telegram.sentTo(this.id);
  }

  /** Waits for the next message whose text matches, counting only messages after `since`. */
  async expect(pattern: RegExp, since = 0): Promise<{ text: string; buttons: string[] }> {
    return waitFor(() => this.inbox().slice(since).find((m) => pattern.test(m.text)), `${this.firstName} to receive ${pattern}`);
  }
}

export async function waitFor<T>(probe: () => T | undefined | false | null | Promise<T | undefined | false | null>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the service has handled every stored message and sent every reply due by now (quiet hours may hold some). */
export async function settle(h: Harness): Promise<void> {
  await waitFor(async () => {
    const pendingIn = await h.database.db.select().from(inboundMessages).where(isNull(inboundMessages.processedAt));
    const pendingOut = await h.database.db.select().from(outbox)
      .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt), lte(outbox.nextAttemptAt, h.clock.now())));
    return pendingIn.length === 0 && pendingOut.length === 0;
  }, 'queues to drain');
}
