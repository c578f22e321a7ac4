import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Database } from '../data/database.js';
import {
  codeSchema,
  databaseSchema,
  type DumpKind,
  dumpDatabase,
  knownSchema,
  postgresTables,
  restorePglite,
  restorePostgres,
  type SchemaVersion,
} from '../data/dump.repository.js';
import { AppError } from '../domain/errors.js';
import { MEDIA_KEY } from '../domain/media.js';
import { type ArchiveEntry, ArchiveWriter, type EntrySink, memorySink, readArchive } from './archive.js';

/**
 * One backup archive (.tar.gz) holds:
 *   database/pglite.tar.gz or database/postgres.dump   the database (see src/data/dump.repository.ts)
 *   media/ab/cd/<sha256>.<ext>                           every photo and voice note kept under LINLI_DATA_DIR/media
 *   keys/admin-token, keys/session-secret                the embedded install's generated keys (robot keys are sealed under the token)
 *   manifest.json                                        written last: schema version, time, and every other entry's length and sha256
 */

export const MANIFEST = 'manifest.json';
export const ARCHIVE_FORMAT = 'linli-backup';
const KEY_FILES = ['admin-token', 'session-secret'];

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  version: 1;
  createdAt: string;
  schema: SchemaVersion;
  database: { kind: DumpKind; path: string };
  files: ArchiveEntry[];
}

export interface BackupSummary {
  manifest: Manifest;
  media: number;
  bytes: number;
  sha256: string;
}

/** The database's snapshot, taken first: a backup that cannot get one fails before anything is written or sent. */
export interface Snapshot {
  schema: SchemaVersion;
  dump: Awaited<ReturnType<typeof dumpDatabase>>;
}

export async function takeSnapshot(database: Database, scratch: string): Promise<Snapshot> {
  const schema = await databaseSchema(database);
  try {
    return { schema, dump: await dumpDatabase(database, scratch) };
  } catch (err) {
    throw new AppError('backup.unavailable', (err as Error).message);
  }
}

/** Streams a whole backup into `out`: the database snapshot, then the media, then the manifest. */
export async function writeBackup(opts: {
  snapshot: Snapshot;
  dataDir: string;
  out: Writable;
  now: Date;
}): Promise<BackupSummary> {
  const {
    snapshot: { schema, dump },
    dataDir,
    now,
  } = opts;
  // Counted and hashed as it leaves: the file's own checksum goes into the record the desk shows.
  const whole = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      whole.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  tap.pipe(opts.out);
  const writer = new ArchiveWriter(tap, now);
  try {
    const dbPath = `database/${dump.kind === 'pglite' ? 'pglite.tar.gz' : 'postgres.dump'}`;
    if ('bytes' in dump) await writer.addBuffer(dbPath, dump.bytes);
    else await addIfPresent(writer, dbPath, dump.file);
    if (dump.kind === 'pglite')
      for (const name of KEY_FILES) await addIfPresent(writer, `keys/${name}`, join(dataDir, name));
    let media = 0;
    for (const rel of await mediaFiles(join(dataDir, 'media'))) {
      if (await addIfPresent(writer, `media/${rel}`, join(dataDir, 'media', rel))) media++;
    }
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      version: 1,
      createdAt: now.toISOString(),
      schema,
      database: { kind: dump.kind, path: dbPath },
      files: [...writer.entries],
    };
    await writer.addBuffer(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await writer.finish();
    await finished(opts.out);
    return { manifest, media, bytes, sha256: whole.digest('hex') };
  } catch (err) {
    writer.abort(err as Error);
    opts.out.destroy(err as Error);
    throw err;
  } finally {
    if (!('bytes' in dump)) await rm(dump.file, { force: true });
  }
}

/** Opened before the header is written: a photo retention deletes meanwhile is left out, not half-written. */
async function addIfPresent(writer: ArchiveWriter, path: string, file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    await writer.addFile(path, file, size);
    return true;
  } finally {
    await handle.close();
  }
}

/** The media store's files (ab/cd/<key>), skipping its half-written temporaries. */
async function mediaFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const list = async (d: string) => {
    try {
      return await readdir(d, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  };
  for (const a of await list(dir)) {
    if (!a.isDirectory() || !/^[0-9a-f]{2}$/.test(a.name)) continue;
    for (const b of await list(join(dir, a.name))) {
      if (!b.isDirectory() || !/^[0-9a-f]{2}$/.test(b.name)) continue;
      for (const f of await list(join(dir, a.name, b.name))) {
        if (f.isFile() && MEDIA_KEY.test(f.name)) out.push(`${a.name}/${b.name}/${f.name}`);
      }
    }
  }
  return out.sort();
}

/** A backup to a file: written under a temporary name and renamed once whole, so a half file never looks like a backup. */
export async function writeBackupFile(opts: {
  database: Database;
  dataDir: string;
  file: string;
  now: Date;
}): Promise<BackupSummary> {
  const part = `${opts.file}.part`;
  const out = createWriteStream(part, { mode: 0o600 });
  try {
    const snapshot = await takeSnapshot(opts.database, `${opts.file}.pgdump`);
    const summary = await writeBackup({ snapshot, dataDir: opts.dataDir, out, now: opts.now });
    await rename(part, opts.file);
    return summary;
  } catch (err) {
    out.destroy();
    await rm(part, { force: true });
    throw err;
  }
}

/** Where an archive entry may go: only the shapes a backup writes, never a path outside the target. */
function allowedPath(path: string): 'database' | 'media' | 'key' | 'manifest' | null {
  if (path === MANIFEST) return 'manifest';
  if (path === 'database/pglite.tar.gz' || path === 'database/postgres.dump') return 'database';
  const m = /^media\/([0-9a-f]{2})\/([0-9a-f]{2})\/([^/]+)$/.exec(path);
  if (m && MEDIA_KEY.test(m[3]!) && m[3]!.startsWith(m[1]! + m[2]!)) return 'media';
  if (/^keys\/[a-z-]+$/.test(path) && KEY_FILES.includes(path.slice(5))) return 'key';
  return null;
}

const corrupt = (why: string) => new AppError('backup.corrupt', why, { why });

/** Reads the whole archive once and checks every entry against the manifest: answers the manifest, or throws backup.corrupt. */
export async function verifyArchive(file: string): Promise<Manifest> {
  let raw: Buffer | null = null;
  let entries: ArchiveEntry[];
  try {
    entries = await readArchive(file, (path) =>
      path === MANIFEST
        ? memorySink((b) => {
            raw = b;
          })
        : null,
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    throw corrupt((err as Error).message);
  }
  if (!raw) throw corrupt('no manifest.json in the archive');
  let manifest: Manifest;
  try {
    manifest = JSON.parse((raw as Buffer).toString('utf8')) as Manifest;
  } catch {
    throw corrupt('manifest.json is not JSON');
  }
  if (manifest.format !== ARCHIVE_FORMAT || !Array.isArray(manifest.files) || !manifest.schema || !manifest.database)
    throw corrupt('manifest.json is not a Linli backup manifest');
  const read = new Map(entries.filter((e) => e.path !== MANIFEST).map((e) => [e.path, e]));
  for (const f of manifest.files) {
    const got = read.get(f.path);
    if (!got) throw corrupt(`${f.path} is missing`);
    if (got.bytes !== f.bytes || got.sha256 !== f.sha256)
      throw corrupt(`${f.path}: sha256 ${got.sha256} does not match the manifest's ${f.sha256}`);
    read.delete(f.path);
  }
  if (read.size) throw corrupt(`${[...read.keys()][0]} is not in the manifest`);
  for (const f of manifest.files) if (!allowedPath(f.path)) throw corrupt(`${f.path} is not a path a Linli backup has`);
  if (!manifest.files.some((f) => f.path === manifest.database.path)) throw corrupt('the database dump is missing');
  return manifest;
}

/** Refuses a schema this code cannot run: newer than its last migration, or one it does not know at all. */
export function checkSchema(manifest: Manifest): void {
  const code = codeSchema();
  if (manifest.schema.when > code.when) {
    throw new AppError(
      'backup.schema_newer',
      `the backup's schema ${manifest.schema.tag} is newer than this code's ${code.tag}`,
      { archive: manifest.schema.tag, code: code.tag },
    );
  }
  if (!knownSchema(manifest.schema)) {
    throw new AppError(
      'backup.schema_unknown',
      `the backup's schema ${manifest.schema.tag} is not one of this code's migrations (its newest: ${code.tag})`,
      { archive: manifest.schema.tag, code: code.tag },
    );
  }
}

async function entriesOf(dir: string, ignore: string[] = []): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => !ignore.includes(n));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export type RestoreTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; dataDir: string };

/**
 * Restores an archive into an empty data folder (embedded) or an empty PostgreSQL database (media into the
 * data folder, which must hold no media). Checks everything before writing anything; a restore that fails
 * half-way into the embedded folder removes what it wrote.
 */
export async function restoreBackup(
  file: string,
  target: RestoreTarget,
  opts: { lockFile?: string } = {},
): Promise<Manifest> {
  const manifest = await verifyArchive(file);
  checkSchema(manifest);
  if (manifest.database.kind !== target.kind) {
    throw new AppError(
      'backup.kind_mismatch',
      `the backup holds a ${manifest.database.kind} database; the target is ${target.kind}`,
      { archive: manifest.database.kind, target: target.kind },
    );
  }
  const mediaDir = join(target.dataDir, 'media');
  const ignore = opts.lockFile ? [opts.lockFile] : [];
  if (target.kind === 'pglite') {
    const there = await entriesOf(target.dataDir, ignore);
    if (there.length)
      throw new AppError(
        'backup.target_not_empty',
        `${target.dataDir} is not empty (${there.slice(0, 3).join(', ')})`,
        { target: target.dataDir, found: there.slice(0, 3) },
      );
  } else {
    const schemas = await postgresTables(target.url);
    if (schemas.length)
      throw new AppError('backup.target_not_empty', `the database already holds tables (${schemas.join(', ')})`, {
        target: 'DATABASE_URL',
        found: schemas,
      });
    const there = await entriesOf(mediaDir);
    if (there.length)
      throw new AppError('backup.target_not_empty', `${mediaDir} is not empty`, {
        target: mediaDir,
        found: there.slice(0, 3),
      });
  }
  await mkdir(target.dataDir, { recursive: true });
  const expected = new Map(manifest.files.map((f) => [f.path, f]));
  let dbBytes: Buffer | null = null;
  const dumpFile = join(target.dataDir, '.restore-postgres.dump');
  const written: string[] = [];
  try {
    const sinkFor = (path: string): EntrySink | null => {
      const kind = allowedPath(path);
      if (kind === 'manifest' || !expected.has(path)) return null;
      if (kind === 'database') {
        if (target.kind === 'pglite')
          return memorySink((b) => {
            dbBytes = b;
          });
        return fileSink(dumpFile);
      }
      const to =
        kind === 'media'
          ? join(mediaDir, path.slice('media/'.length))
          : join(target.dataDir, path.slice('keys/'.length));
      written.push(to);
      return fileSink(to);
    };
    const entries = await readArchive(file, sinkFor);
    // Read a second time: the file must not have changed since it was verified.
    for (const e of entries) {
      const f = expected.get(e.path);
      if (f && (f.sha256 !== e.sha256 || f.bytes !== e.bytes)) throw corrupt(`${e.path} changed while it was restored`);
    }
    for (const name of KEY_FILES) await chmod(join(target.dataDir, name), 0o600).catch(() => {});
    if (target.kind === 'pglite') await restorePglite(join(target.dataDir, 'pglite'), dbBytes!);
    else await restorePostgres(target.url, dumpFile);
    return manifest;
  } catch (err) {
    if (target.kind === 'pglite') {
      for (const name of await entriesOf(target.dataDir, ignore))
        await rm(join(target.dataDir, name), { recursive: true, force: true });
    } else {
      for (const f of written) await rm(f, { force: true });
    }
    throw err;
  } finally {
    await rm(dumpFile, { force: true });
  }
}

function fileSink(to: string): EntrySink {
  const parts: Buffer[] = [];
  let size = 0;
  let stream: ReturnType<typeof createWriteStream> | null = null;
  // Small files are written in one go; a large dump streams.
  return {
    async write(chunk) {
      if (!stream) {
        parts.push(Buffer.from(chunk));
        size += chunk.length;
        if (size < 4 * 1024 * 1024) return;
        await mkdir(join(to, '..'), { recursive: true });
        stream = createWriteStream(to, { mode: 0o600 });
        for (const p of parts.splice(0)) if (!stream.write(p)) await once(stream!, 'drain');
        return;
      }
      if (!stream.write(chunk)) await once(stream!, 'drain');
    },
    async end() {
      if (stream) {
        const s = stream as ReturnType<typeof createWriteStream>;
        await new Promise<void>((resolve, reject) => {
          s.once('error', reject);
          s.end(resolve);
        });
        return;
      }
      await mkdir(join(to, '..'), { recursive: true });
      await writeFile(to, Buffer.concat(parts), { mode: 0o600 });
    },
  };
}

/** A file's length and sha256, read as a stream. */
export async function fileDigest(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** The backup files a folder holds, newest first (their names sort by time). */
export async function backupFiles(dir: string): Promise<string[]> {
  return (await entriesOf(dir))
    .filter((n) => BACKUP_NAME.test(n))
    .sort()
    .reverse();
}

export const BACKUP_NAME = /^linli-backup-\d{8}-\d{6}Z\.tar\.gz$/;

/** linli-backup-20261207-021500Z.tar.gz: sorts by time, and has no colon (the office PC's file system forbids it). */
export function backupFileName(at: Date): string {
  const iso = at.toISOString();
  return `linli-backup-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}Z.tar.gz`;
}

/** Keeps the newest `keep` backups of the folder and deletes the older ones (only files named as backups are touched). */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const old = (await backupFiles(dir)).slice(keep);
  for (const name of old) await rm(join(dir, name), { force: true });
  return old;
}
