import { createTelegramChannel } from '../../bots/telegram/index.js';
import { createWebChannel } from '../../bots/web/index.js';
import { buildApp } from '../../src/app.js';
import type { ChannelAdapter } from '../../src/channels/adapter.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import { createMemoryMediaStore } from '../../src/data/media.store.js';
import type { MediaOptions, MediaStore } from '../../src/domain/media.js';
import { importRoster } from '../../src/roster/roster.import.js';
import { FakeTelegram } from './fake-telegram.js';
import { ADMIN_TOKEN, daytimeClock, demoRoster, type Harness, WEBHOOK_SECRET } from './harness.js';
import { createTestDatabase } from './test-db.js';
import { SESSION_SECRET } from './web-harness.js';

export interface MediaHarness extends Harness {
  media: MediaStore & { size(): number };
}

/** Telegram (fake Bot API, webhook) and optionally the web chat, with attachments kept in memory. */
export async function startMediaHarness(opts: { web?: boolean; media?: Omit<MediaOptions, 'store'>; demo?: boolean } = {}): Promise<MediaHarness> {
  const clock = daytimeClock();
  const database = await createTestDatabase();
  // Demo mode: the village is the demo (marked), and the web chat offers its cards.
  await importRoster(database.db, demoRoster(), { demo: opts.demo ?? false });
  const telegram = await new FakeTelegram().start();
  const media = createMemoryMediaStore();
  const app = await buildApp({
    database, clock, classifier: createOfflineClassifier(), adminToken: ADMIN_TOKEN, pollMs: 25, outboxBaseDelayMs: 50, demo: opts.demo ?? false,
    media: { ...opts.media, store: media },
    channels: (log) => {
      const channels: ChannelAdapter[] = [createTelegramChannel({
        token: telegram.token, mode: 'webhook', apiRoot: telegram.apiRoot, webhookSecret: WEBHOOK_SECRET,
        botUsername: telegram.username, clock, log,
      })];
      if (opts.web) channels.push(createWebChannel({ clock, log, sessionSecret: SESSION_SECRET }));
      return channels;
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  return {
    app, url, telegram, database, clock, media,
    async restart() { throw new Error('not supported'); },
    async close() {
      await app.close();
      await telegram.stop();
      await database.close();
    },
  };
}

/** The first bytes of a JPEG and some more: what a phone's photo starts with. */
export function jpegBytes(size = 2048): Buffer {
  const b = Buffer.alloc(size, 0x11);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(b);
  b.writeUInt32BE(size, 20); // different sizes, different bytes
  return b;
}

/** An Ogg/Opus voice note as Telegram stores it (its header; the rest does not matter to the service). */
export function oggBytes(size = 4096): Buffer {
  const b = Buffer.alloc(size, 0x22);
  Buffer.from('OggS\0\x02', 'latin1').copy(b);
  b.write('OpusHead', 28, 'latin1');
  return b;
}
