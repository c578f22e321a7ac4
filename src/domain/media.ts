import { cleanText } from './commands.js';
import { checkImage } from './image.js';
/**
 * Photos and voice notes people send: where their bytes are kept (an interface, so a deployment can put
 * them in S3-compatible storage instead of the data folder) and the pure rules about what is accepted.
 */

export type AttachmentKind = 'photo' | 'voice' | 'file';

/** An attachment as a message names it (the port's InboundAttachment has this shape). */
export interface AttachmentRef {
  kind: AttachmentKind;
  platformId: string;
  mime: string | null;
  size: number | null;
  durationSec: number | null;
  recognition: string | null;
  fileName: string | null;
}

export interface StoredMedia {
  bytes: Buffer;
  mime: string;
}

/** Where attachment bytes live. Keys are the store's own; callers never build paths from them. */
export interface MediaStore {
  /** Stores the bytes and answers their key; the same bytes answer the same key (a retried fetch stores nothing new). */
  put(bytes: Buffer, mime: string): Promise<string>;
  /** The bytes of a key, or null when they are gone (deleted by retention, or never stored). */
  get(key: string): Promise<StoredMedia | null>;
  delete(key: string): Promise<void>;
}

/** Turns a voice note into words (an OpenAI-compatible `audio/transcriptions`); null when it could not. */
export interface Transcriber {
  transcribe(audio: { bytes: Buffer; mime: string; fileName: string | null }): Promise<string | null>;
}

/** How a deployment keeps photos and voice notes (src/compose.ts reads them from the configuration). */
export interface MediaOptions {
  /** In memory unless given (tests); files under LINLI_DATA_DIR/media in production. */
  store?: MediaStore;
  /** Largest attachment taken (LINLI_MEDIA_MAX_BYTES). */
  maxBytes?: number;
  /** Voice notes without the platform's recognition, to words (OPENAI_API_KEY); none: the leader listens. */
  transcriber?: Transcriber | null;
  /** Bytes of finished requests are deleted after this many days (LINLI_MEDIA_RETENTION_DAYS). */
  retentionDays?: number;
  /** What the web chat's uploads may take of the disk (LINLI_UPLOAD_*). */
  uploads?: UploadPolicy;
}

/**
 * The web chat's uploads: a photo waits this long for the message that names it, then is removed; the
 * bytes one identity and the whole deployment uploaded within the window and still keep have a ceiling.
 */
export interface UploadPolicy {
  unattachedMs: number;
  identityBytes: number;
  deploymentBytes: number;
  windowMs: number;
}

export const defaultUploadPolicy: UploadPolicy = {
  unattachedMs: 30 * 60_000,
  identityBytes: 20 * 1024 * 1024,
  deploymentBytes: 1024 * 1024 * 1024,
  windowMs: 24 * 3_600_000,
};

/** Largest attachment accepted when LINLI_MEDIA_MAX_BYTES is not set. */
export const DEFAULT_MEDIA_MAX_BYTES = 10 * 1024 * 1024;

/** A key as the stores make them: the bytes' SHA-256 in hex and an extension of letters and digits. */
export const MEDIA_KEY = /^[0-9a-f]{64}\.[a-z0-9]{1,5}$/;

const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/amr': 'amr',
  'audio/mp4': 'm4a',
  'audio/wav': 'wav',
  'audio/silk': 'silk',
  'video/mp4': 'mp4',
  'application/pdf': 'pdf',
};

export function extensionOf(mime: string): string {
  return extensions[mime.toLowerCase()] ?? 'bin';
}

/** What the bytes themselves say they are (their first bytes); null when they match none of the kinds we keep. */
export function sniffMime(bytes: Buffer): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const ascii = (at: number, s: string) => bytes.subarray(at, at + s.length).toString('latin1') === s;
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'OggS')) return 'audio/ogg';
  if (ascii(0, '#!AMR')) return 'audio/amr';
  if (ascii(0, '#!SILK') || ascii(1, '#!SILK')) return 'audio/silk';
  if (ascii(0, 'ID3') || starts(0xff, 0xfb) || starts(0xff, 0xf3)) return 'audio/mpeg';
  if (ascii(0, 'RIFF') && ascii(8, 'WAVE')) return 'audio/wav';
  if (ascii(4, 'ftyp')) return ascii(8, 'M4A') ? 'audio/mp4' : 'video/mp4';
  if (ascii(0, '%PDF-')) return 'application/pdf';
  return null;
}

export const isImageMime = (mime: string | null): boolean => mime !== null && /^image\/(jpeg|png|webp|gif)$/.test(mime);

export type MediaVerdict = { ok: true; mime: string } | { ok: false; reason: 'too_large' | 'not_media' | 'empty' };

/**
 * Whether fetched bytes are kept: within the size limit, and really what they claim to be (a file that
 * calls itself a photo but is a program is refused; an image must be whole and of a photo's size, not a
 * decompression bomb). Files of no known kind are refused too.
 */
export function judgeMedia(bytes: Buffer, kind: AttachmentKind, maxBytes: number): MediaVerdict {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.length > maxBytes) return { ok: false, reason: 'too_large' };
  const mime = sniffMime(bytes);
  if (!mime) return { ok: false, reason: 'not_media' };
  if (kind === 'photo' && !isImageMime(mime)) return { ok: false, reason: 'not_media' };
  if (kind === 'voice' && !mime.startsWith('audio/') && mime !== 'video/mp4') return { ok: false, reason: 'not_media' };
  // An image goes to a leader's phone, which decodes it whole: its header must hold together and its size be a photo's.
  if (isImageMime(mime)) {
    const image = checkImage(bytes, mime);
    if (!image.ok) return { ok: false, reason: image.reason === 'too_many_pixels' ? 'too_large' : 'not_media' };
  }
  return { ok: true, mime };
}

/** More than this many attachments on one message are not fetched (no platform sends more). */
const MAX_ATTACHMENTS = 10;
/** Longest transcript or recognition kept. */
export const MAX_WORDS = 2000;
const kinds: readonly AttachmentKind[] = ['photo', 'voice', 'file'];

const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : null;
const str = (v: unknown, max: number): string | null =>
  typeof v === 'string' && v.trim() ? cleanText(v).slice(0, max) : null;

/** The stored payload came from an adapter, but is read as untrusted JSON: anything malformed is dropped. */
export function cleanAttachments(raw: unknown): AttachmentRef[] {
  if (!Array.isArray(raw)) return [];
  return raw.slice(0, MAX_ATTACHMENTS).flatMap((a: Record<string, unknown>) => {
    if (!a || typeof a !== 'object' || !kinds.includes(a.kind as AttachmentKind)) return [];
    const platformId = str(a.platformId, 512);
    if (!platformId) return [];
    return [
      {
        kind: a.kind as AttachmentKind,
        platformId,
        mime: str(a.mime, 100),
        size: num(a.size),
        durationSec: num(a.durationSec),
        recognition: str(a.recognition, MAX_WORDS),
        fileName: str(a.fileName, 200),
      },
    ];
  });
}
