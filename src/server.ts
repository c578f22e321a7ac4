import { WEB_CHAT_PATH } from '../bots/web/index.js';
import { buildApp } from './app.js';
import { configuredAdminToken, configuredChannels, configuredClassifier, configuredSla, openConfiguredDatabase } from './compose.js';
import { ConfigError, loadConfig } from './config.js';
import { systemClock } from './domain/clock.js';
import { readEnvironment } from './env.js';
import { importDemoIfEmpty } from './roster/demo.js';
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
  const database = await openConfiguredDatabase(config);
  const demo = config.LINLI_DEMO ? await importDemoIfEmpty(database.db) : null;
  const admin = configuredAdminToken(config);
  const logger = {
    level: config.LOG_LEVEL,
    // Chat payloads may carry phone numbers; only ids are logged.
    redact: ['req.headers.authorization', 'req.headers["x-telegram-bot-api-secret-token"]', 'req.body'],
  };
  const platforms: string[] = [];
  const live = await buildApp({
    database, clock: systemClock, classifier: (log) => configuredClassifier(config, log), adminToken: admin.token, logger, pollMs: config.OUTBOX_POLL_MS,
    sla: configuredSla(config), jobs: true,
    channels: (log) => {
      const channels = configuredChannels(config, systemClock, log);
      platforms.push(...channels.map((c) => c.platform));
      return channels;
    },
  });
  const address = await live.listen({ port: config.PORT, host: config.HOST });

  console.log([
    `邻里 Linli is running at ${address}  (database: ${database.kind})`,
    demo ? `  demo village loaded: ${demo.village}, ${demo.households} households in ${demo.groups} groups` : null,
    `  health: ${address}/healthz   API docs: ${address}/docs`,
    admin.source === 'file' ? `  admin token${admin.generated ? ' (new)' : ''}: ${admin.token}   (kept in ${config.LINLI_DATA_DIR}/admin-token)` : '  admin token: from LINLI_ADMIN_TOKEN',
    platforms.includes('web') ? `  web chat: ${address}${WEB_CHAT_PATH}   (网页聊天，可直接试用 / open it in a browser)` : null,
    platforms.length ? `  channels: ${platforms.join(', ')}` : '  no chat channel configured yet: set TELEGRAM_BOT_TOKEN (see README)',
  ].filter(Boolean).join('\n'));

  const shutdown = async (signal: string) => {
    live.log.info({ signal }, 'shutting down');
    await live.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error('Linli failed to start:', err);
  process.exit(1);
});
