import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../bots/telegram/index.js';
import { buildApp } from '../../src/app.js';
import { ArchiveWriter, memorySink, readArchive } from '../../src/backup/archive.js';
import {
  type Manifest,
  MANIFEST,
  restoreBackup,
  type RestoreTarget,
  verifyArchive,
} from '../../src/backup/backup.usecase.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import { contentCounts } from '../../src/data/backups.repository.js';
import type { Database } from '../../src/data/database.js';
import { openRestored } from '../../src/data/dump.repository.js';
import { createFileMediaStore } from '../../src/data/media.store.js';
import { AppError } from '../../src/domain/errors.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { ADMIN_TOKEN, daytimeClock, type Harness, settle, TelegramUser, WEBHOOK_SECRET } from '../support/harness.js';
import { jpegBytes } from '../support/media-harness.js';
import { createTestDatabase } from '../support/test-db.js';

// Backups while reports flow in through the Telegram webhook, restored into a new folder (embedded) or a new
// database (PostgreSQL, DATABASE_URL), compared row by row; the restored data serves `查`.
const serverUrl = process.env.DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'linli-backup-'));
const clock = daytimeClock();
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

async function rows<T>(database: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  const r = (await database.db.execute(query)) as unknown as { rows?: T[] } & T[];
  return r.rows ?? [...r];
}

/** Every request, event and attachment, as text, and their digest: equal digests mean equal rows. */
async function contents(database: Database): Promise<{
  requests: Map<number, string>;
  events: Map<number, string>;
  attachments: Map<number, string>;
  digest: string;
}> {
  const req = await rows<{ id: number; x: string }>(
    database,
    sql`select ref as id, concat_ws('|', ref, household_id, text, kind, created_at::text) as x from requests`,
  );
  const ev = await rows<{ id: number; x: string }>(
    database,
    sql`select id, concat_ws('|', id, request_ref, type, at::text, actor_kind, actor_id, details::text) as x from request_events`,
  );
  // What a row was made with: a photo sent before its words is linked to the request a moment later, so a backup
  // taken in between rightly holds it unlinked (the quiet backup's digest below compares the links too).
  const at = await rows<{ id: number; x: string }>(
    database,
    sql`select id, concat_ws('|', id, kind, mime, size, storage_key, created_at::text) as x from attachments`,
  );
  const [d] = await rows<{ digest: string }>(
    database,
    sql`select md5(coalesce(string_agg(x, E'\n' order by x), '')) as digest from (
    select concat_ws('|', 'r', ref, household_id, text, kind, status, created_at::text) as x from requests
    union all select concat_ws('|', 'e', id, request_ref, type, at::text, details::text) from request_events
    union all select concat_ws('|', 'a', id, request_ref, storage_key, state) from attachments) t`,
  );
  const map = (list: { id: number; x: string }[]) => new Map(list.map((r) => [Number(r.id), r.x]));
  return { requests: map(req), events: map(ev), attachments: map(at), digest: d!.digest };
}

/** A new empty target: a folder, or an empty database on the test server (dropped at the end). */
const made: string[] = [];
async function emptyTarget(name: string): Promise<RestoreTarget> {
  const dataDir = join(dir, name);
  if (!serverUrl) return { kind: 'pglite', dataDir };
  const db = `linli_t_restore_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${db}`);
  await admin.end();
  made.push(db);
  const url = new URL(serverUrl);
  url.pathname = `/${db}`;
  return { kind: 'postgres', url: url.toString(), dataDir };
}
const openTarget = (t: RestoreTarget) =>
  openRestored(t.kind === 'pglite' ? { dataDir: join(t.dataDir, 'pglite') } : { url: t.url });

async function startApp(
  database: Database,
  dataDir: string,
  telegram: FakeTelegram,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp({
    database,
    clock,
    classifier: createOfflineClassifier(),
    adminToken: ADMIN_TOKEN,
    pollMs: 25,
    outboxBaseDelayMs: 50,
    media: { store: createFileMediaStore(join(dataDir, 'media')) },
    backup: { dataDir, dir: null, keep: 3, hour: 2 },
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
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

async function download(url: string, file: string): Promise<void> {
  const res = await fetch(`${url}/api/v1/backup`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/gzip');
  await pipeline(Readable.fromWeb(res.body as never), createWriteStream(file));
}

function photoUpdate(user: TelegramUser, fileId: string, size: number, caption: string): Record<string, unknown> {
  const update = user.messageUpdate('');
  const message = update.message as Record<string, unknown>;
  delete message.text;
  message.photo = [{ file_id: fileId, file_unique_id: fileId, width: 1280, height: 960, file_size: size }];
  message.caption = caption;
  return update;
}

describe(`backup and restore (${serverUrl ? 'PostgreSQL' : 'embedded'})`, () => {
  let source: Database;
  let telegram: FakeTelegram;
  let h: Harness;
  let residents: TelegramUser[];
  const srcDir = join(dir, 'source');
  let oldRef = 0;

  beforeAll(async () => {
    source = await createTestDatabase({ roster: 'demo' });
    telegram = await new FakeTelegram().start();
    const started = await startApp(source, srcDir, telegram);
    h = { app: started.app, url: started.url, telegram, database: source, clock } as unknown as Harness;
    residents = [new TelegramUser(h, 7101, '杨志强'), new TelegramUser(h, 7102, '邻居')];
    await residents[0]!.say('/start 483920');
    await residents[1]!.say('/start 251551');
    for (const r of residents) await r.expect(/绑定成功/);
    // An old request, filed (with a photo) before anything else.
    const photo = jpegBytes(3000);
    await residents[0]!.sendUpdate(
      photoUpdate(residents[0]!, telegram.addFile(photo, 'image/jpeg'), photo.length, '村口路灯坏了三天了，晚上看不见'),
    );
    oldRef = refIn((await residents[0]!.expect(/已收到，编号 #\d+/)).text);
  }, 60_000);

  afterAll(async () => {
    await h?.app.close();
    await telegram?.stop();
    await source?.close();
    if (serverUrl) {
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      for (const db of made) await admin.unsafe(`drop database if exists ${db} with (force)`);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('a backup taken while reports flow holds every request, event and attachment as they were, with their files', async () => {
    const reports = [
      '院墙裂了一道缝',
      '水管冻裂了，家里没水',
      '门口的排水沟堵了',
      '垃圾三天没人收了',
      '村道上有个大坑',
      '电线杆歪了',
    ];
    let sent = 0;
    const flowing = (async () => {
      for (const [i, text] of reports.entries()) {
        const who = residents[i % 2]!;
        if (i % 2 === 0) {
          const photo = jpegBytes(2500 + i * 100);
          await who.sendUpdate(photoUpdate(who, telegram.addFile(photo, 'image/jpeg'), photo.length, text));
        } else await who.say(text);
        sent++;
      }
    })();
    const before = await contents(source);
    const file = join(dir, 'flowing.tar.gz');
    await download(h.url, file);
    await flowing;
    await settle(h);
    expect(sent).toBe(reports.length);

    const manifest = await verifyArchive(file);
    expect(manifest.schema.tag).toMatch(/^\d{4}_/);
    expect(manifest.database.kind).toBe(serverUrl ? 'postgres' : 'pglite');
    const target = await emptyTarget('restored-flowing');
    await restoreBackup(file, target);
    const restored = await openTarget(target);
    try {
      const got = await contents(restored);
      const after = await contents(source);
      // Everything there before the backup started is in it; whatever it holds is exactly as in the source.
      for (const kind of ['requests', 'events', 'attachments'] as const) {
        for (const id of before[kind].keys()) expect(got[kind].has(id), `${kind} ${id}`).toBe(true);
        for (const [id, x] of got[kind]) expect(x, `${kind} ${id}`).toBe(after[kind].get(id));
      }
      expect(got.requests.has(oldRef)).toBe(true);
      // Each kept photo's file came along, byte for byte (its name is its sha256).
      const keys = await rows<{ key: string }>(
        restored,
        sql`select storage_key as key from attachments where state = 'stored'`,
      );
      expect(keys.length).toBeGreaterThan(0);
      for (const { key } of keys) {
        const bytes = readFileSync(join(target.dataDir, 'media', key.slice(0, 2), key.slice(2, 4), key));
        expect(bytes.length).toBeGreaterThan(0);
      }
    } finally {
      await restored.close();
    }
  }, 120_000);

  it('a backup of a quiet service restores to the same counts and digest, and the restored service answers 查 for an old request', async () => {
    await settle(h);
    const file = join(dir, 'quiet.tar.gz');
    await download(h.url, file);
    const expected = await contents(source);
    const counts = await contentCounts(source.db);
    const target = await emptyTarget('restored-quiet');
    await restoreBackup(file, target);
    const restored = await openTarget(target);
    const fake = await new FakeTelegram().start();
    const started = await startApp(restored, target.dataDir, fake);
    try {
      expect(await contentCounts(restored.db)).toEqual(counts);
      expect((await contents(restored)).digest).toBe(expected.digest);
      // The bound account came along: the resident asks about the old request on the restored service.
      const again = new TelegramUser(
        { url: started.url, telegram: fake } as unknown as Harness,
        residents[0]!.id,
        '杨志强',
      );
      await again.say(`查 #${oldRef}`);
      const reply = await again.expect(new RegExp(`诉求 #${oldRef}`));
      expect(reply.text).toContain('路灯');
      // The photo is served from the restored media folder.
      const [a] = await rows<{ id: number }>(
        restored,
        sql`select id from attachments where request_ref = ${oldRef} and state = 'stored'`,
      );
      const photo = await fetch(`${started.url}/api/v1/requests/${oldRef}/attachments/${a!.id}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(photo.status).toBe(200);
    } finally {
      await started.app.close();
      await fake.stop();
      await restored.close();
    }
    // The same archive again into the now restored target: refused, nothing overwritten.
    const refused = await restoreBackup(file, target).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('backup.target_not_empty');
  }, 120_000);

  it('refuses an archive whose checksum does not match, and one from a newer schema, naming both versions', async () => {
    const file = join(dir, 'quiet.tar.gz');
    // A copy whose manifest says another sha256 for one entry.
    const entries: { path: string; bytes: Buffer }[] = [];
    await readArchive(file, (path) => memorySink((bytes) => entries.push({ path, bytes })));
    const manifest = JSON.parse(entries.find((e) => e.path === MANIFEST)!.bytes.toString()) as Manifest;
    const rewrite = async (to: string, change: (m: Manifest) => Manifest) => {
      const writer = new ArchiveWriter(createWriteStream(to), new Date());
      for (const e of entries) {
        if (e.path !== MANIFEST) await writer.addBuffer(e.path, e.bytes);
      }
      await writer.addBuffer(MANIFEST, Buffer.from(JSON.stringify(change(manifest))));
      await writer.finish();
    };
    const corrupt = join(dir, 'corrupt.tar.gz');
    await rewrite(corrupt, (m) => ({
      ...m,
      files: m.files.map((f, i) => (i === 0 ? { ...f, sha256: '0'.repeat(64) } : f)),
    }));
    const target = await emptyTarget('refused');
    const e1 = (await restoreBackup(corrupt, target).catch((e: unknown) => e)) as AppError;
    expect(e1.code).toBe('backup.corrupt');
    expect(e1.message).toContain(manifest.files[0]!.path);

    const newer = join(dir, 'newer.tar.gz');
    await rewrite(newer, (m) => ({ ...m, schema: { tag: '9999_from_the_future', when: m.schema.when + 1_000_000 } }));
    const e2 = (await restoreBackup(newer, target).catch((e: unknown) => e)) as AppError;
    expect(e2.code).toBe('backup.schema_newer');
    expect(e2.details).toEqual({ archive: '9999_from_the_future', code: manifest.schema.tag });

    // A cut-off file (the copy to the USB stick stopped half-way).
    const cut = join(dir, 'cut.tar.gz');
    const whole = readFileSync(file);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const e3 = (await restoreBackup(cut, target).catch((e: unknown) => e)) as AppError;
    expect(e3.code).toBe('backup.corrupt');
    // Nothing was written into the target by any of them.
    expect(existsSync(join(target.dataDir, 'media'))).toBe(false);
    expect(existsSync(join(target.dataDir, 'pglite'))).toBe(false);
  }, 60_000);
});
