import closeWithGrace from 'close-with-grace';
import { WEB_CHAT_PATH } from '../bots/web/index.js';
import { buildApp } from './app.js';
import { DESK_PATH } from './desk/desk.routes.js';
import {
  configuredAdminToken,
  configuredBackup,
  configuredChannels,
  configuredDeskSecret,
  configuredMedia,
  configuredClassifier,
  configuredIdentityPolicy,
  configuredSla,
  openConfiguredDatabase,
} from './compose.js';
import { ConfigError, loadConfig } from './config.js';
import { systemClock } from './domain/clock.js';
import { holdServiceLock } from './embedded-lock.js';
import { surviveConnectionFaults } from './process-faults.js';
import { readEnvironment } from './env.js';
import { type DemoStart, demoVillages, ensureDemoVillage } from './roster/demo.js';
import { villageCount } from './data/roster.repository.js';
import { consoleTexts } from './texts/console.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(readEnvironment());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(consoleTexts.badConfig(err.message));
      process.exit(1);
    }
    throw err;
  }
  // The embedded database is one process's: hold the data folder's lock before opening it.
  const dataDir = config.LINLI_DATA_DIR;
  const lock = config.DATABASE_URL
    ? null
    : holdServiceLock(dataDir, {
        held: (h) => consoleTexts.alreadyRunning(h, dataDir),
        tookOver: consoleTexts.lockTakenOver,
      });
  const database = await openConfiguredDatabase(config);
  // The demo is a sandbox whose codes are public: only asked for (LINLI_DEMO=true, `npm start -- --demo`, `npm run demo`).
  const demoMode = config.LINLI_DEMO || process.argv.slice(2).includes('--demo');
  const demo: DemoStart | null = demoMode ? await ensureDemoVillage(database.db) : null;
  const inert = demoMode ? [] : (await demoVillages(database.db)).map((v) => v.code);
  const empty = (await villageCount(database.db)) === 0;
  const admin = configuredAdminToken(config);
  // Chat payloads may carry phone numbers; only ids are logged (buildApp adds the redaction and the error serializer).
  const logger = { level: config.LOG_LEVEL };
  const platforms: string[] = [];
  const live = await buildApp({
    database,
    clock: systemClock,
    classifier: (log) => configuredClassifier(config, log),
    adminToken: admin.token,
    logger,
    pollMs: config.OUTBOX_POLL_MS,
    sla: configuredSla(config),
    identity: configuredIdentityPolicy(config),
    jobs: true,
    demo: demoMode,
    ownsDatabase: lock !== null || database.kind === 'postgres',
    media: configuredMedia(config),
    open311: { apiKeys: config.OPEN311_API_KEYS },
    backup: configuredBackup(config),
    deskSecret: configuredDeskSecret(config),
    http: {
      trustProxy: config.LINLI_TRUST_PROXY,
      webOrigins: config.LINLI_WEB_ORIGINS,
      requestTimeoutMs: config.LINLI_REQUEST_TIMEOUT_MS,
    },
    channels: (log) => {
      const channels = configuredChannels(config, systemClock, log);
      platforms.push(...channels.map((c) => c.platform));
      return channels;
    },
  });
  // Said in the log too: an operator reading only the log learns the demo village is there and inert.
  if (inert.length)
    live.log.warn(
      { villages: inert },
      'a demo village exists and demo mode is off: its codes are refused for binding and its members at the desk (npm run linli -- demo remove deletes it)',
    );
  // On SIGINT/SIGTERM (or a crash): stop taking requests, let those under way finish, stop the workers and
  // the channels, close the database — within LINLI_SHUTDOWN_TIMEOUT_MS, or exit anyway (code 1). Nothing is
  // lost either way: unsent messages wait in the outbox, unhandled ones in the inbox. Installed before the
  // banner: a supervisor that stops the service as soon as it reads "running at" must find the handler there
  // (on a busy machine its SIGTERM arrived before the next statement ran, and the default action killed the process).
  surviveConnectionFaults(live.log);
  closeWithGrace(
    {
      delay: config.LINLI_SHUTDOWN_TIMEOUT_MS,
      skip: ['unhandledRejection'],
      logger: { error: (m: unknown) => live.log.error({ err: m }, 'shutdown') },
      onTimeout: (ms) => live.log.error({ deadlineMs: ms }, 'shutdown took too long; exiting anyway'),
    },
    async ({ signal, err }) => {
      if (err) live.log.error({ err }, 'shutting down after an unexpected error');
      else live.log.info({ signal }, 'shutting down');
      await live.close();
      await database.close();
    },
  );
  const address = await live.listen({ port: config.PORT, host: config.HOST });
  lock?.setAddress(address);

  console.log(
    [
      `邻里 Linli is running at ${address}  (database: ${database.kind})`,
      demo?.kind === 'loaded'
        ? consoleTexts.demoLoaded(demo.summary)
        : demo?.kind === 'present'
          ? consoleTexts.demoPresent(demo.village)
          : demo?.kind === 'blocked'
            ? consoleTexts.demoBlocked(demo.village)
            : null,
      inert.length ? consoleTexts.demoInert(inert) : null,
      empty ? consoleTexts.noVillageYet : null,
      `  health: ${address}/healthz   API docs: ${address}/docs`,
      admin.source === 'file'
        ? `  admin token${admin.generated ? ' (new)' : ''}: ${admin.token}   (kept in ${config.LINLI_DATA_DIR}/admin-token)`
        : '  admin token: from LINLI_ADMIN_TOKEN',
      `  desk: ${address}${DESK_PATH}   (村务工作台：联心卡号码或姓名登录，或用管理令牌 / the secretary's desk: the card number or name, or the admin token)`,
      platforms.includes('web')
        ? `  web chat: ${address}${WEB_CHAT_PATH}   (网页聊天，可直接试用 / open it in a browser)`
        : null,
      platforms.length
        ? `  channels: ${platforms.join(', ')}`
        : '  no chat channel configured yet: set TELEGRAM_BOT_TOKEN (see README)',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

main().catch((err) => {
  console.error('Linli failed to start:', err);
  process.exit(1);
});
