import type { Db } from '../data/database.js';
import { expiredAttachments, keyStillUsed, markAttachmentDeleted } from '../data/attachments.repository.js';
import {
  deleteUpload,
  forgetAttachedUploads,
  forgetUploadsOfKey,
  keyStillUploaded,
  unattachedUploads,
} from '../data/uploads.repository.js';
import type { MediaStore, UploadPolicy } from '../domain/media.js';

export interface MediaRetention {
  store: MediaStore;
  /** Files of requests finished longer ago than this are deleted (LINLI_MEDIA_RETENTION_DAYS). */
  retentionMs: number;
  /** Web uploads no message named in time are deleted (LINLI_UPLOAD_UNATTACHED_MINUTES). */
  uploads?: UploadPolicy;
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
    if (row.storageKey && !(await keyStillUsed(db, row.storageKey)) && !(await keyStillUploaded(db, row.storageKey))) {
      await media.store.delete(row.storageKey);
      await forgetUploadsOfKey(db, row.storageKey);
    }
  }
  return deleted;
}

/**
 * Deletes web uploads that no message named within the policy's minutes (a page that uploaded and left,
 * or someone filling the disk), unless an attachment or another waiting upload holds the same bytes.
 * Attached uploads older than the budget's window stop counting against it. Answers the uploads removed.
 */
export async function sweepUploads(db: Db, now: Date, media: MediaRetention): Promise<number> {
  if (!media.uploads) return 0;
  const rows = await unattachedUploads(db, new Date(now.getTime() - media.uploads.unattachedMs));
  let removed = 0;
  for (const row of rows) {
    if (!(await deleteUpload(db, row.id))) continue;
    removed++;
    if (!(await keyStillUsed(db, row.storageKey)) && !(await keyStillUploaded(db, row.storageKey)))
      await media.store.delete(row.storageKey);
  }
  await forgetAttachedUploads(db, new Date(now.getTime() - media.uploads.windowMs));
  return removed;
}
