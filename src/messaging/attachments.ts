import type { AttachmentRow } from '../data/attachments.repository.js';
import type { OutAttachment } from '../channels/channel.port.js';

/** The attachments a message can carry: only those whose bytes are kept (refused or deleted ones are listed by the API only). */
export function outAttachments(rows: AttachmentRow[]): OutAttachment[] {
  return rows
    .filter((a) => a.state === 'stored' && a.storageKey)
    .map((a) => ({
      id: a.id,
      kind: a.kind,
      mediaKey: a.storageKey!,
      mime: a.mime ?? 'application/octet-stream',
      platform: a.platform,
      platformId: a.platformId,
      durationSec: a.durationSec,
      fileName: a.fileName,
    }));
}

/** A voice note that came without words: the leader is told to listen. */
export const needsListening = (rows: AttachmentRow[]): boolean =>
  rows.some((a) => a.kind === 'voice' && a.state === 'stored' && !a.transcript);
