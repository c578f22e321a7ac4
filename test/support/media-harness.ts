import { createTelegramChannel } from '../../bots/telegram/index.js';
import { createWebChannel } from '../../bots/web/index.js';
import { buildApp } from '../../src/app.js';
import type { ChannelAdapter } from '../../src/channels/adapter.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import { createMemoryMediaStore } from '../../src/data/media.store.js';
import type { MediaOptions, MediaStore } from '../../src/domain/media.js';
import { FakeTelegram } from './fake-telegram.js';
import { ADMIN_TOKEN, daytimeClock, type Harness, manualPumps, stopPumpsOnReady, WEBHOOK_SECRET } from './harness.js';
import { createTestDatabase } from './test-db.js';
import { SESSION_SECRET } from './web-harness.js';

export interface MediaHarness extends Harness {
  media: MediaStore & { size(): number };
}

/** Telegram (fake Bot API, webhook) and optionally the web chat, with attachments kept in memory. */
export async function startMediaHarness(
  opts: {
    web?: boolean;
    media?: Omit<MediaOptions, 'store'>;
    demo?: boolean;
    /** 'manual': the test runs the inbound worker and the outbox with drain() (see HarnessOptions.pumps). */
    pumps?: 'manual';
  } = {},
): Promise<MediaHarness> {
  const clock = daytimeClock();
  // Demo mode: the village is the demo (marked), and the web chat offers its cards.
  const database = await createTestDatabase({ roster: 'demo', demo: opts.demo ?? false });
  const telegram = await new FakeTelegram().start();
  const media = createMemoryMediaStore();
  const app = await buildApp({
    database,
    clock,
    classifier: createOfflineClassifier(),
    adminToken: ADMIN_TOKEN,
    pollMs: 25,
    outboxBaseDelayMs: 50,
    demo: opts.demo ?? false,
    media: { ...opts.media, store: media },
    channels: (log) => {
      const channels: ChannelAdapter[] = [
        createTelegramChannel({
          token: telegram.token,
          mode: 'webhook',
          apiRoot: telegram.apiRoot,
          webhookSecret: WEBHOOK_SECRET,
          botUsername: telegram.username,
          clock,
          log,
        }),
      ];
      if (opts.web) channels.push(createWebChannel({ clock, log, sessionSecret: SESSION_SECRET }));
      return channels;
    },
  });
  if (opts.pumps === 'manual') stopPumpsOnReady(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const harness: MediaHarness = {
    app,
    url,
    telegram,
    database,
    clock,
    media,
    async restart() {
      throw new Error('not supported');
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

/**
 * A JPEG of exactly `size` bytes (at least 46) as its header reads: the markers a phone's photo has
 * (APP0, a frame of `width` × `height`, a scan, the end marker) around filler scan data.
 */
export function jpegBytes(size = 2048, width = 640, height = 480): Buffer {
  const head = Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0,
  ]);
  const frame = Buffer.from([
    0xff,
    0xc0,
    0x00,
    0x0b,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x01,
    0x01,
    0x11,
    0x00,
  ]);
  const scan = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
  const data = Buffer.alloc(Math.max(4, size - head.length - frame.length - scan.length - 2), 0x11);
  data.writeUInt32BE(size, 0); // different sizes, different bytes
  return Buffer.concat([head, frame, scan, data, Buffer.from([0xff, 0xd9])]);
}

/** An Ogg/Opus voice note as Telegram stores it (its header; the rest does not matter to the service). */
export function oggBytes(size = 4096): Buffer {
  const b = Buffer.alloc(size, 0x22);
  Buffer.from('OggS\0\x02', 'latin1').copy(b);
  b.write('OpusHead', 28, 'latin1');
  return b;
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A PNG whose header declares `width` × `height` (an RGB image) with checksums that hold, a few bytes of
 * image data and its end chunk: a tiny file that says it is as large as it likes.
 */
export function pngBytes(
  width: number,
  height: number,
  data: Buffer = Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]),
): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', data),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}
