import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip, type Gzip } from 'node:zlib';

/**
 * A backup is one .tar.gz file: one thing to copy to a USB stick or another PC, which any archive tool
 * opens (7-Zip on the office PC, tar on a server). Written and read as a stream, so the media folder
 * never has to fit in memory; a small ustar writer and reader of our own, no extra package.
 */

export interface ArchiveEntry {
  path: string;
  bytes: number;
  sha256: string;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(path: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const name = Buffer.from(path, 'utf8');
  // Names longer than 100 bytes go into the ustar prefix, split at a slash.
  let prefix = Buffer.alloc(0);
  let rest = name;
  if (name.length > 100) {
    const cut = path.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100) throw new Error(`archive path too long: ${path}`);
    prefix = Buffer.from(path.slice(0, cut), 'utf8');
    rest = Buffer.from(path.slice(cut + 1), 'utf8');
  }
  rest.copy(h, 0);
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  prefix.copy(h, 345);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Writes entries into a gzipped tar on `out`, hashing each as it goes. */
export class ArchiveWriter {
  private readonly gzip: Gzip;
  private readonly done: Promise<void>;
  readonly entries: ArchiveEntry[] = [];

  constructor(
    out: Writable,
    private readonly mtime: Date,
  ) {
    this.gzip = createGzip({ level: 6 });
    this.gzip.pipe(out);
    this.done = new Promise((resolve, reject) => {
      out.once('finish', resolve);
      out.once('close', resolve);
      out.once('error', reject);
      this.gzip.once('error', reject);
    });
  }

  private async write(chunk: Buffer): Promise<void> {
    if (!this.gzip.write(chunk)) await once(this.gzip, 'drain');
  }

  async addBuffer(path: string, bytes: Buffer | Uint8Array): Promise<ArchiveEntry> {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await this.write(header(path, buf.length, this.mtime));
    await this.write(buf);
    await this.pad(buf.length);
    const entry = { path, bytes: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
    this.entries.push(entry);
    return entry;
  }

  /** A file of the disk, read once (a file that changes size while read fails the backup instead of corrupting it). */
  async addFile(path: string, file: string, size: number): Promise<ArchiveEntry> {
    await this.write(header(path, size, this.mtime));
    const hash = createHash('sha256');
    let seen = 0;
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen > size) throw new Error(`${file} grew while it was read`);
      hash.update(chunk);
      await this.write(chunk);
    }
    if (seen !== size) throw new Error(`${file} shrank while it was read`);
    await this.pad(size);
    const entry = { path, bytes: size, sha256: hash.digest('hex') };
    this.entries.push(entry);
    return entry;
  }

  private async pad(size: number): Promise<void> {
    const rest = (BLOCK - (size % BLOCK)) % BLOCK;
    if (rest) await this.write(Buffer.alloc(rest, 0));
  }

  /** Two empty blocks end a tar; waits until everything reached `out`. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(BLOCK * 2, 0));
    this.gzip.end();
    await this.done;
  }

  abort(err: Error): void {
    this.gzip.destroy(err);
  }
}

/** Where one entry's bytes go while the archive is read; null skips the entry (it is still hashed). */
export interface EntrySink {
  write(chunk: Buffer): Promise<void> | void;
  end(): Promise<void> | void;
}

function parseHeader(h: Buffer): { path: string; size: number; type: string } | null {
  if (h.every((b) => b === 0)) return null;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  const stored = parseInt(h.toString('ascii', 148, 156).replace(/\0.*$/s, '').trim(), 8);
  if (stored !== sum) throw new Error('not a tar archive (a header checksum is wrong)');
  const str = (from: number, len: number) => h.toString('utf8', from, from + len).replace(/\0.*$/s, '');
  const name = str(0, 100);
  const prefix = str(345, 155);
  const size = parseInt(str(124, 12).trim() || '0', 8);
  return { path: prefix ? `${prefix}/${name}` : name, size, type: str(156, 1) || '0' };
}

/**
 * Reads a .tar.gz from start to end, handing each regular file's bytes to the sink `open` gives; answers
 * every entry with its length and sha256, as read. A truncated or damaged file throws.
 */
export async function readArchive(
  input: Readable | string,
  open: (path: string, size: number) => EntrySink | null,
): Promise<ArchiveEntry[]> {
  const source = typeof input === 'string' ? createReadStream(input) : input;
  const entries: ArchiveEntry[] = [];
  let pending: Buffer = Buffer.alloc(0);
  let current: {
    path: string;
    size: number;
    left: number;
    padding: number;
    sink: EntrySink | null;
    hash: ReturnType<typeof createHash>;
    regular: boolean;
  } | null = null;
  let ended = false;
  for await (const chunk of source.pipe(createGunzip()) as AsyncIterable<Buffer>) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (ended) {
        pending = Buffer.alloc(0);
        break;
      }
      if (!current) {
        if (pending.length < BLOCK) break;
        const h = parseHeader(pending.subarray(0, BLOCK));
        pending = pending.subarray(BLOCK);
        if (!h) {
          ended = true;
          continue;
        }
        const regular = h.type === '0';
        current = {
          path: h.path,
          size: h.size,
          left: h.size,
          padding: (BLOCK - (h.size % BLOCK)) % BLOCK,
          sink: regular ? open(h.path, h.size) : null,
          hash: createHash('sha256'),
          regular,
        };
        continue;
      }
      if (current.left > 0) {
        if (!pending.length) break;
        const piece = pending.subarray(0, Math.min(current.left, pending.length));
        pending = pending.subarray(piece.length);
        current.left -= piece.length;
        current.hash.update(piece);
        if (current.sink) await current.sink.write(piece);
        continue;
      }
      if (pending.length < current.padding) break;
      pending = pending.subarray(current.padding);
      if (current.sink) await current.sink.end();
      if (current.regular)
        entries.push({ path: current.path, bytes: current.size, sha256: current.hash.digest('hex') });
      current = null;
    }
  }
  if (!ended || current) throw new Error('the archive ends too early (the file is cut off)');
  return entries;
}

/** A sink keeping the bytes in memory (the manifest, small files). */
export function memorySink(onDone: (bytes: Buffer) => void): EntrySink {
  const parts: Buffer[] = [];
  return {
    write: (c) => {
      parts.push(Buffer.from(c));
    },
    end: () => onDone(Buffer.concat(parts)),
  };
}
