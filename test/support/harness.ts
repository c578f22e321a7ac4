import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { createTelegramChannel } from '../../bots/telegram/index.js';
import { TELEGRAM_WEBHOOK_PATH } from '../../bots/telegram/telegram.webhook.js';
import { buildApp } from '../../src/app.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import type { Classifier } from '../../src/domain/classification.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Database } from '../../src/data/database.js';
import { countInbound, countOutboxDue } from '../../src/data/inspection.repository.js';
import { demoRosterPath } from '../../src/roster/demo.js';
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
  /**
   * 'manual': the inbound worker and the outbox do not run on their own; the test runs them to the end with
   * drain() — and settle(), TelegramUser.expect() and waitFor() do it for it — instead of waiting for the
   * real pumps' polls. For every test where the pumps' timing is not what is under test.
   */
  pumps?: 'manual';
}

const offline = createOfflineClassifier();

/**
 * Real time, moved to 10:00 village time today: tests must not depend on the hour CI runs at
 * (quiet hours hold residents' messages 21:00–07:00 Asia/Shanghai).
 */
export function daytimeClock(): Clock & { offsetMs: number } {
  const shanghaiMidnight = Math.floor((Date.now() + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000;
  return {
    offsetMs: shanghaiMidnight + 10 * 3600_000 - Date.now(),
    now() {
      return new Date(Date.now() + this.offsetMs);
    },
  };
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const clock = opts.clock ?? daytimeClock();
  // The demo village, from the run's template (test/support/global-setup.ts), unless the test brings its own database.
  const database = opts.database ?? (await createTestDatabase({ roster: 'demo' }));
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
      channels: (log) => [
        createTelegramChannel({
          token: telegram.token,
          mode: 'webhook',
          apiRoot: telegram.apiRoot,
          webhookSecret: WEBHOOK_SECRET,
          botUsername: telegram.username,
          clock,
          log,
        }),
      ],
    });
    if (opts.startWorkers === false) {
      app.addHook('onReady', async () => {
        await app.linli.inbound.stop();
      });
    }
    if (opts.sendOutbox === false) {
      app.addHook('onReady', async () => {
        await app.linli.outbox.stop();
      });
    }
    if (opts.pumps === 'manual') stopPumpsOnReady(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    return app;
  };
  let app = await build();
  const harness: Harness = {
    app,
    get url() {
      return `http://127.0.0.1:${(harness.app.server.address() as { port: number }).port}`;
    },
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
      manualHarnesses.delete(harness);
      await harness.app.close();
      await telegram.stop();
      if (!opts.database) await database.close();
    },
  };
  if (opts.pumps === 'manual') manualHarnesses.add(harness);
  return harness;
}

/** What drain() needs of a harness: the app (its pumps), its database and its clock. */
export type Drainable = Pick<Harness, 'app' | 'database' | 'clock'>;

/**
 * The harnesses of the running file whose pumps the test runs by hand (`pumps: 'manual'`): waitFor drains them
 * before each look. A file runs alone in its worker, and close() takes its harness out again.
 */
const manualHarnesses = new Set<Drainable>();

/** For the other harnesses: the app's inbound worker and outbox stop as soon as they started (before it listens). */
export function stopPumpsOnReady(app: FastifyInstance): void {
  app.addHook('onReady', async () => {
    await app.linli.inbound.stop();
    await app.linli.outbox.stop();
  });
}

/** Registers a harness built elsewhere (web-harness, media-harness) as one whose pumps the test runs; answers a function that unregisters it. */
export function manualPumps(h: Drainable): () => void {
  manualHarnesses.add(h);
  return () => {
    manualHarnesses.delete(h);
  };
}

/**
 * Runs the inbound worker and the outbox, one step after the other, until neither finds anything: every stored
 * message handled and every reply due by now sent, as settle() waits for — but without waiting on a timer.
 * Only a row that is stored and not yet due (a retry after a failure, a backoff) makes it look again a moment
 * later, as the pumps would; the deterministic path is a loop of steps, no sleep.
 */
export function drain(h: Drainable, timeoutMs = 30_000): Promise<void> {
  // One drain at a time per harness: many waits at once (forty voters binding together) queue behind each other
  // instead of stepping on each other's claims; the first does the work, the ones after it find the queues empty.
  const next = (draining.get(h) ?? Promise.resolve()).catch(() => {}).then(() => drainNow(h, timeoutMs));
  draining.set(h, next);
  return next;
}
const draining = new WeakMap<Drainable, Promise<void>>();

async function drainNow(h: Drainable, timeoutMs: number): Promise<void> {
  const { inbound, outbox } = h.app.linli;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const handled = (await inbound.runOnce()) + (await outbox.runOnce());
    if (handled > 0) continue;
    const pendingIn = await countInbound(h.database.db, { pending: true });
    const pendingOut = await countOutboxDue(h.database.db, h.clock.now());
    if (pendingIn === 0 && pendingOut === 0) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for queues to drain');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let updateId = 1000;

/** A person on Telegram: what they type reaches the service through its real webhook. */
export class TelegramUser {
  constructor(
    readonly h: Harness,
    readonly id: number,
    readonly firstName = `用户${id}`,
    readonly language = 'zh-hans',
  ) {}

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
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        from,
        text,
        chat: chat
          ? { id: chat.id, type: chat.type, title: '第三互助组' }
          : { id: this.id, type: 'private', first_name: this.firstName },
      },
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
      callback_query: {
        id: `cq${updateId}`,
        from,
        chat_instance: 'x',
        data,
        message: { message_id: 1, date: 0, chat: { id: this.id, type: 'private' }, text: 'card' },
      },
    });
  }

  /** Everything the bot has sent this person so far. */
  inbox(): { text: string; buttons: string[] }[] {
    return this.h.telegram.sentTo(this.id);
  }

  /** Waits for the next message whose text matches, counting only messages after `since`. */
  async expect(pattern: RegExp, since = 0): Promise<{ text: string; buttons: string[] }> {
    return waitFor(
      () =>
        this.inbox()
          .slice(since)
          .find((m) => pattern.test(m.text)),
      `${this.firstName} to receive ${pattern}`,
    );
  }
}

/** Waits until `probe` answers something; with a manual-pumps harness open, its queues are drained before each look. */
export async function waitFor<T>(
  probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const h of manualHarnesses) await drain(h);
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the service has handled every stored message and sent every reply due by now (quiet hours may hold some). */
export async function settle(h: Drainable): Promise<void> {
  if (manualHarnesses.has(h)) return drain(h);
  await waitFor(async () => {
    const pendingIn = await countInbound(h.database.db, { pending: true });
    const pendingOut = await countOutboxDue(h.database.db, h.clock.now());
    return pendingIn === 0 && pendingOut === 0;
  }, 'queues to drain');
}

/** A request as `GET /api/v1/requests/:ref` answers it (the fields tests read). */
export interface ApiRequest {
  ref: number;
  village: string;
  kind: string;
  status: string;
  urgency: string;
  summary: string;
  household: string;
  assignee: { code: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  text: string;
  classifier: string | null;
  resolution: string | null;
  rating: string | null;
  details: Record<string, unknown>;
  events: {
    at: string;
    type: string;
    actor: { kind: string; id: number | null; name: string | null };
    details: Record<string, unknown>;
  }[];
}

/**
 * Calls the admin HTTP API (`/api/v1/...`) with the test token; answers the status and the parsed body,
 * typed as the caller says it is (e.g. `adminApi<ApiRequest>(h, 'GET', '/api/v1/requests/1001')`).
 */
export async function adminApi<T = Record<string, unknown>>(
  h: Pick<Harness, 'url'>,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A clock the test sets by hand (pass it to startHarness): the service sees exactly the instant the test chose. */
export function manualClock(start: Date): Clock & { set(d: Date): void; advance(ms: number): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    set(d: Date) {
      t = d.getTime();
    },
    advance(ms: number) {
      t += ms;
    },
  };
}
