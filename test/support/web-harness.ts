import { createTelegramChannel } from '../../bots/telegram/index.js';
import { createWebChannel } from '../../bots/web/index.js';
import { createWechatChannel } from '../../bots/wechat/index.js';
import type { Pacing } from '../../src/channels/channel.port.js';
import type { ChannelAdapter } from '../../src/channels/adapter.js';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp, type HttpOptions } from '../../src/app.js';
import type { Database } from '../../src/data/database.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import { FakeTelegram } from './fake-telegram.js';
import type { WechatWorld } from './fake-wechat.js';
import {
  ADMIN_TOKEN,
  daytimeClock,
  type Harness,
  manualPumps,
  stopPumpsOnReady,
  waitFor,
  WEBHOOK_SECRET,
} from './harness.js';
import { createTestDatabase } from './test-db.js';

export const SESSION_SECRET = 'test-session-secret-0123456789abcdef';
/** Fast but real pacing: the code path is the production one, the numbers keep the tests quick. */
export const FAST_WECHAT_PACING: Pacing = { perRecipientMs: 30, jitterMs: 20, perSecond: 50 };

/** An admin API answer, read loosely: the tests pick the fields they check. */
type ApiBody = Record<string, any>;

export interface ChannelHarness extends Harness {
  channel(platform: 'telegram' | 'wechat' | 'web'): ChannelAdapter;
  /** Admin API call: a GET, or a POST of `body` as JSON. */
  api(path: string, body?: unknown): Promise<{ status: number; body: ApiBody }>;
  /** Logs the mock WeChat bot in and waits until the adapter says so. */
  loginWechat(): Promise<void>;
}

export interface ChannelHarnessOptions {
  wechat?: WechatWorld;
  web?: boolean;
  /** The HTTP server's settings (trustProxy, timeouts, allowed origins); production defaults otherwise. */
  http?: HttpOptions;
  /** Fastify's logger settings, e.g. `{ level: 'info', stream }` to read what the service logs. */
  logger?: FastifyServerOptions['logger'];
  /** Demo mode: the village is imported as the demo (marked) and the web chat offers its cards on /chat/cards. */
  demo?: boolean;
  /** Adds routes of the test's own before the app listens (to provoke a failure through the real error handling). */
  extraRoutes?: (app: FastifyInstance, database: Database) => void;
  /** 'manual': the test runs the inbound worker and the outbox with drain() (see HarnessOptions.pumps). */
  pumps?: 'manual';
}

/** The service with Telegram (fake Bot API, webhook) plus WeChat (mock puppet) and/or the web chat. */
export async function startChannelHarness(opts: ChannelHarnessOptions): Promise<ChannelHarness> {
  // 10:00 village time, so quiet hours never hold a reply whatever hour the tests run at.
  const clock = daytimeClock();
  const database = await createTestDatabase({ roster: 'demo', demo: opts.demo ?? false });
  const telegram = await new FakeTelegram().start();
  const channels: ChannelAdapter[] = [];
  const app = await buildApp({
    database,
    clock,
    classifier: createOfflineClassifier(),
    adminToken: ADMIN_TOKEN,
    pollMs: 25,
    outboxBaseDelayMs: 50,
    demo: opts.demo ?? false,
    ...(opts.http ? { http: opts.http } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    channels: (log) => {
      channels.push(
        createTelegramChannel({
          token: telegram.token,
          mode: 'webhook',
          apiRoot: telegram.apiRoot,
          webhookSecret: WEBHOOK_SECRET,
          botUsername: telegram.username,
          clock,
          log,
        }),
      );
      const world = opts.wechat;
      if (world) {
        channels.push(
          createWechatChannel({
            puppet: world.puppet,
            pacing: FAST_WECHAT_PACING,
            clock,
            log: world.adapterLog.through(log),
            printQr: (qr) => {
              world.printed.push(qr);
            },
            retryBaseMs: 20,
            reloginAfterMs: 60_000,
          }),
        );
      }
      if (opts.web) channels.push(createWebChannel({ clock, log, sessionSecret: SESSION_SECRET }));
      return channels;
    },
  });
  opts.extraRoutes?.(app, database);
  if (opts.pumps === 'manual') stopPumpsOnReady(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const channel = (platform: string) => {
    const found = channels.find((c) => c.platform === platform);
    if (!found) throw new Error(`no ${platform} channel in this harness`);
    return found;
  };
  const harness: ChannelHarness = {
    app,
    url,
    telegram,
    database,
    clock,
    channel,
    async api(path: string, body?: unknown) {
      const res = await fetch(
        `${url}${path}`,
        body === undefined
          ? { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }
          : {
              method: 'POST',
              headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            },
      );
      return { status: res.status, body: (await res.json()) as ApiBody };
    },
    async loginWechat() {
      const wechat = channel('wechat');
      // The mock puppet starts its world on the next tick after wechaty started.
      await waitFor(() => wechat.state() === 'logged_out', 'the wechat adapter to start');
      opts.wechat!.login();
      await waitFor(() => wechat.state() === 'logged_in', 'the wechat bot to log in');
    },
    async restart() {
      throw new Error('restart is not supported by the channel harness');
    },
    async close() {
      unregister();
      await app.close();
      await telegram.stop();
      await database.close();
    },
  };
  const unregister = opts.pumps === 'manual' ? manualPumps(harness) : () => {};
  return harness;
}
