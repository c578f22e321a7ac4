import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extensionOf, MEDIA_KEY, type MediaStore, sniffMime, type StoredMedia } from '../domain/media.js';

const keyOf = (bytes: Buffer, mime: string) => `${createHash('sha256').update(bytes).digest('hex')}.${extensionOf(mime)}`;


/**
 * Attachments as files under a folder (LINLI_DATA_DIR/media on the embedded default), two levels of
 * sub-folders by hash so no folder grows to millions of entries. A key that is not the store's own
 * shape is never turned into a path.
 */
export function createFileMediaStore(dir: string): MediaStore {
  const pathOf = (key: string) => join(dir, key.slice(0, 2), key.slice(2, 4), key);
  return {
    async put(bytes, mime) {
      const key = keyOf(bytes, mime);
      const path = pathOf(key);
      await mkdir(join(dir, key.slice(0, 2), key.slice(2, 4)), { recursive: true });
      // Written aside and renamed, so a reader never sees half a file.
      const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(tmp, bytes, { mode: 0o600 });
      await rename(tmp, path);
      return key;
    },
    async get(key): Promise<StoredMedia | null> {
      if (!MEDIA_KEY.test(key)) return null;
      try {
        const bytes = await readFile(pathOf(key));
        // The type is read from the bytes again: nothing beside them is kept.
        return { bytes, mime: sniffMime(bytes) ?? 'application/octet-stream' };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(key) {
      if (!MEDIA_KEY.test(key)) return;
      await rm(pathOf(key), { force: true });
    },
  };
}

/** Attachments in memory: for tests and for trying Linli without a data folder. */
export function createMemoryMediaStore(): MediaStore & { size(): number } {
  const files = new Map<string, StoredMedia>();
  return {
    async put(bytes, mime) {
      const key = keyOf(bytes, mime);
      files.set(key, { bytes: Buffer.from(bytes), mime });
      return key;
    },
    async get(key) {
      return files.get(key) ?? null;
    },
    async delete(key) {
      files.delete(key);
    },
    size: () => files.size,
  };
}
