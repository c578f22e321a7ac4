import type { Db } from '../data/database.js';
import { expiredAttachments, keyStillUsed, markAttachmentDeleted } from '../data/attachments.repository.js';
import type { MediaStore } from '../domain/media.js';

export interface MediaRetention {
  store: MediaStore;
  /** Files of requests finished longer ago than this are deleted (LINLI_MEDIA_RETENTION_DAYS). */
  retentionMs: number;
}

/**
 * Deletes the bytes of attachments retention lets go: the row stays (the ledger says a photo was sent),
 * marked deleted. A key shared with an attachment still kept (the same photo sent again) stays stored.
 */
export async function sweepMedia(db: Db, now: Date, media: MediaRetention): Promise<number> {
  const rows = await expiredAttachments(db, new Date(now.getTime() - media.retentionMs));
  let deleted = 0;
  for (const row of rows) {
    if (!(await markAttachmentDeleted(db, row.id, now))) continue;
    deleted++;
    if (row.storageKey && !(await keyStillUsed(db, row.storageKey))) await media.store.delete(row.storageKey);
  }
  return deleted;
}
