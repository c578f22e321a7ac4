import type { FetchedMedia } from '../channels/adapter.js';
import type { InboundAttachment, InboundMessage, Platform } from '../channels/channel.port.js';
import type { Db } from '../data/database.js';
import { type AttachmentRow, attachmentsOfInbound, saveAttachment } from '../data/attachments.repository.js';
import { cleanText } from '../domain/commands.js';
import { cleanAttachments, judgeMedia, type MediaStore, MAX_WORDS, type Transcriber } from '../domain/media.js';
import type { Log } from '../log.js';

/** What the inbound worker needs to take in attachments: the adapters' fetchers, the store, the limits. */
export interface MediaDeps {
  store: MediaStore;
  fetchers: Partial<Record<Platform, (attachment: InboundAttachment) => Promise<FetchedMedia>>>;
  /** Turns a voice note without the platform's recognition into words; null without OPENAI_API_KEY. */
  transcriber: Transcriber | null;
  maxBytes: number;
}

/**
 * Fetches and stores the attachments of a stored message before it is handled (like classification,
 * outside the transaction: nothing waits on the platform with a lock held). A failed fetch asks for the
 * message to be tried again later ('retry'); on the last try the message is handled without the bytes,
 * so it is never lost. Answers the message to handle: a voice note's words become its text.
 */
export async function fetchAttachments(
  db: Db,
  deps: MediaDeps,
  inboundId: number,
  msg: InboundMessage,
  now: Date,
  lastTry: boolean,
  log: Log,
): Promise<InboundMessage | 'retry'> {
  const wanted = cleanAttachments(msg.attachments);
  if (wanted.length === 0) return { ...msg, attachments: [] };
  const done = new Map((await attachmentsOfInbound(db, inboundId)).map((r) => [r.position, r]));
  const rows: AttachmentRow[] = [];
  for (const [position, a] of wanted.entries()) {
    const before = done.get(position);
    if (before && before.state !== 'failed') {
      rows.push(before);
      continue;
    }
    const base = {
      inboundId,
      position,
      platform: msg.platform,
      platformUserId: msg.userId,
      platformId: a.platformId,
      kind: a.kind,
      mime: a.mime,
      size: a.size,
      durationSec: a.durationSec,
      fileName: a.fileName,
      createdAt: now,
      transcript: a.recognition,
    };
    const fetched = await take(deps, msg.platform, a);
    if (fetched === 'retry' || fetched === 'unfetchable') {
      if (fetched === 'retry' && !lastTry) return 'retry';
      log.warn({ inboundId, platform: msg.platform, position }, 'attachment could not be fetched; handled without it');
      rows.push(await saveAttachment(db, { ...base, storageKey: null, state: 'failed', refusal: 'failed' }));
      continue;
    }
    if (!fetched.ok) {
      rows.push(
        await saveAttachment(db, {
          ...base,
          storageKey: null,
          state: 'refused',
          refusal: fetched.reason,
          size: fetched.size ?? a.size,
        }),
      );
      continue;
    }
    const transcript = a.recognition ?? (a.kind === 'voice' ? await transcribe(deps, fetched, log) : null);
    rows.push(
      await saveAttachment(db, {
        ...base,
        storageKey: fetched.key,
        state: 'stored',
        mime: fetched.mime,
        size: fetched.size,
        transcript,
      }),
    );
  }
  const words = rows.find((r) => r.kind === 'voice' && r.transcript)?.transcript ?? null;
  const text = msg.text?.trim() ? msg.text : words;
  return { ...msg, text, attachments: wanted };
}

type Taken =
  | { ok: true; key: string; mime: string; size: number; bytes: Buffer; fileName: string | null }
  | { ok: false; reason: 'too_large' | 'not_media' | 'empty'; size: number | null };

async function take(
  deps: MediaDeps,
  platform: Platform,
  a: InboundAttachment,
): Promise<Taken | 'retry' | 'unfetchable'> {
  // What the platform says of the size is enough to refuse without downloading.
  if (a.size !== null && a.size > deps.maxBytes) return { ok: false, reason: 'too_large', size: a.size };
  const fetcher = deps.fetchers[platform];
  // An adapter that cannot download: no use waiting for it.
  if (!fetcher) return 'unfetchable';
  let media: FetchedMedia;
  try {
    media = await fetcher(a);
  } catch {
    return 'retry';
  }
  const verdict = judgeMedia(media.bytes, a.kind, deps.maxBytes);
  if (!verdict.ok) return { ok: false, reason: verdict.reason, size: media.bytes.length };
  const key = await deps.store.put(media.bytes, verdict.mime);
  return { ok: true, key, mime: verdict.mime, size: media.bytes.length, bytes: media.bytes, fileName: media.fileName };
}

async function transcribe(
  deps: MediaDeps,
  media: { bytes: Buffer; mime: string; fileName: string | null },
  log: Log,
): Promise<string | null> {
  if (!deps.transcriber) return null;
  try {
    const words = await deps.transcriber.transcribe(media);
    return words?.trim() ? cleanText(words).slice(0, MAX_WORDS) : null;
  } catch (err) {
    // Without words the voice note still goes to the leader to listen to.
    log.warn({ err: err instanceof Error ? err.name : 'error' }, 'voice transcription failed');
    return null;
  }
}
