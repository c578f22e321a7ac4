import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createTelegramChannel } from '../../bots/telegram/index.js';
import { createWecomChannel, createWecomRobotChannel } from '../../bots/wecom/index.js';
import type { ChannelAdapter } from '../../src/channels/adapter.js';
import type { Pacing } from '../../src/channels/channel.port.js';
import { buildApp } from '../../src/app.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Database } from '../../src/data/database.js';
import { robotKeyBox } from '../../src/data/secret-box.js';
import type { Log } from '../../src/log.js';
import { importRoster } from '../../src/roster/roster.import.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeWecom, WECOM, WecomMember, WecomPusher } from '../support/fake-wecom.js';
import { ADMIN_TOKEN, daytimeClock, demoRoster, type Harness, WEBHOOK_SECRET } from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';

/** The production code path with quick numbers (WeCom's own is a message every 2 s to one member). */
export const FAST_WECOM_PACING: Pacing = { perRecipientMs: 30, jitterMs: 0, perSecond: 50 };

export interface WecomHarness extends Harness {
  wecom: FakeWecom;
  pusher: WecomPusher;
  member(userId: string): WecomMember;
  /** Everything the service logged, as JSON lines. */
  logs: string[];
}

export interface WecomHarnessOptions {
  clock?: Clock;
  /** Changes to the demo roster before it is imported (a robot key on a group). */
  roster?: (r: ReturnType<typeof demoRoster>) => void;
  /** More adapters (the Official Account, in the cross-platform journey). */
  extraChannels?: (log: Log, clock: Clock) => ChannelAdapter[];
  /** Robots' messages a minute (WeCom's 20 unless a test needs it otherwise). */
  robotPerMinute?: number;
}

/** The service with Telegram (fake Bot API, webhook), the WeCom app and the group robots (fake qyapi). */
export async function startWecomHarness(opts: WecomHarnessOptions = {}): Promise<WecomHarness> {
  const clock = opts.clock ?? daytimeClock();
  const database: Database = await createTestDatabase();
  const roster = demoRoster();
  opts.roster?.(roster);
  await importRoster(database.db, roster, { robotKeys: robotKeyBox(ADMIN_TOKEN), clock });
  const telegram = await new FakeTelegram().start();
  const wecom = await new FakeWecom().start();
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app: FastifyInstance = await buildApp({
    database,
    clock,
    classifier: createOfflineClassifier(),
    adminToken: ADMIN_TOKEN,
    pollMs: 25,
    outboxBaseDelayMs: 50,
    logger: { level: 'debug', stream },
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
      createWecomChannel({ ...WECOM, apiRoot: wecom.apiRoot, pacing: FAST_WECOM_PACING, clock, log }),
      createWecomRobotChannel({
        apiRoot: wecom.apiRoot,
        log,
        ...(opts.robotPerMinute ? { perMinute: opts.robotPerMinute } : {}),
      }),
      ...(opts.extraChannels?.(log, clock) ?? []),
    ],
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const pusher = new WecomPusher(() => url, WECOM.corpId, clock);
  return {
    app,
    url,
    telegram,
    wecom,
    pusher,
    database,
    clock,
    logs,
    member: (userId) => new WecomMember(pusher, wecom, userId),
    async restart() {
      throw new Error('not supported');
    },
    async close() {
      await app.close();
      await telegram.stop();
      await wecom.stop();
      await database.close();
    },
  };
}
