import type { Update } from 'telegraf/types';
import type { InboundAttachment, InboundMessage } from '../../src/channels/channel.port.js';
import { cleanPlace, type Place } from '../../src/domain/place.js';

export interface MappedUpdate {
  message: InboundMessage;
  callbackQueryId: string | null;
}

const unsupportedKinds = ['sticker', 'video', 'contact', 'animation', 'video_note', 'poll', 'dice'] as const;

type Sized = { file_id: string; file_size?: number; width?: number; height?: number };
type FileLike = { file_id: string; file_size?: number; mime_type?: string; duration?: number; file_name?: string };

/** A photo comes in several sizes: the largest is kept. Voice notes, audio files and documents come as one file. */
export function attachmentsOf(m: Record<string, unknown>): InboundAttachment[] {
  const none = { mime: null, size: null, durationSec: null, recognition: null, fileName: null };
  const out: InboundAttachment[] = [];
  if (Array.isArray(m.photo) && m.photo.length > 0) {
    const sizes = (m.photo as Sized[]).filter((p) => typeof p?.file_id === 'string');
    const largest = sizes
      .sort(
        (a, b) =>
          (a.width ?? 0) * (a.height ?? 0) - (b.width ?? 0) * (b.height ?? 0) ||
          (a.file_size ?? 0) - (b.file_size ?? 0),
      )
      .at(-1);
    if (largest)
      out.push({
        ...none,
        kind: 'photo',
        platformId: largest.file_id,
        mime: 'image/jpeg',
        size: largest.file_size ?? null,
      });
  }
  for (const [field, kind] of [
    ['voice', 'voice'],
    ['audio', 'voice'],
    ['document', 'file'],
  ] as const) {
    const f = m[field] as FileLike | undefined;
    if (!f || typeof f.file_id !== 'string') continue;
    // A photo sent "as a file" is still a photo to the person who sent it.
    const asKind =
      kind === 'file' && typeof f.mime_type === 'string' && f.mime_type.startsWith('image/') ? 'photo' : kind;
    out.push({
      kind: asKind,
      platformId: f.file_id,
      mime: f.mime_type ?? null,
      size: f.file_size ?? null,
      durationSec: typeof f.duration === 'number' ? f.duration : null,
      recognition: null,
      fileName: f.file_name ?? null,
    });
  }
  return out;
}

/**
 * A shared location (or a venue: a place picked from the map, with its title and address) as a point.
 * A live location is its first position: later positions come as edits, which are ignored.
 */
export function placeOf(m: Record<string, unknown>): Place | null {
  const venue = m.venue as { location?: unknown; title?: string; address?: string } | undefined;
  const loc = (venue?.location ?? m.location) as { latitude?: unknown; longitude?: unknown } | undefined;
  if (!loc) return null;
  const label = venue ? [venue.title, venue.address].filter((s) => typeof s === 'string' && s.trim()).join('，') : null;
  // Telegram's points are GPS (WGS-84).
  return cleanPlace({ lat: loc.latitude, long: loc.longitude, label, datum: 'wgs84' });
}

/**
 * Telegram update → neutral inbound message, or null for what the bot ignores: other bots, edits,
 * and in group chats anything that is neither a command nor addressed to the bot.
 */
export function mapTelegramUpdate(update: Update, botUsername: string | null, now: Date): MappedUpdate | null {
  const base = { platform: 'telegram' as const, messageId: String(update.update_id), receivedAt: now.toISOString() };
  if ('callback_query' in update && update.callback_query) {
    const q = update.callback_query;
    if (q.from.is_bot) return null;
    const data = 'data' in q && typeof q.data === 'string' ? q.data : null;
    const chat = q.message?.chat;
    return {
      callbackQueryId: q.id,
      message: {
        ...base,
        userId: String(q.from.id),
        chatId: String(chat?.id ?? q.from.id),
        chatType: chat && chat.type !== 'private' ? 'group' : 'private',
        displayName: [q.from.first_name, q.from.last_name].filter(Boolean).join(' ') || null,
        language: q.from.language_code ?? null,
        text: null,
        action: data,
        unsupported: data ? null : 'callback_game',
        source: null,
      },
    };
  }
  if (!('message' in update) || !update.message) return null;
  const m = update.message;
  if (!m.from || m.from.is_bot) return null;
  const isGroup = m.chat.type !== 'private';
  const caption = 'caption' in m && typeof m.caption === 'string' ? m.caption : null;
  let text = 'text' in m && typeof m.text === 'string' ? m.text : caption;
  const attachments = attachmentsOf(m as unknown as Record<string, unknown>);
  if (isGroup) {
    if (text === null) return null;
    const mention = botUsername ? new RegExp(`@${botUsername}\\b`, 'i') : null;
    const repliedTo = 'reply_to_message' in m ? m.reply_to_message?.from : undefined;
    const addressed =
      text.startsWith('/') ||
      (mention?.test(text) ?? false) ||
      (repliedTo?.is_bot === true && repliedTo.username === botUsername);
    if (!addressed) return null;
    if (mention) text = text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
  }
  const location = isGroup ? null : placeOf(m as unknown as Record<string, unknown>);
  const unsupported =
    text === null && attachments.length === 0 && !location
      ? (unsupportedKinds.find((k) => k in m) ?? ('location' in m ? 'location' : 'other'))
      : null;
  return {
    callbackQueryId: null,
    message: {
      ...base,
      userId: String(m.from.id),
      chatId: String(m.chat.id),
      chatType: isGroup ? 'group' : 'private',
      displayName: [m.from.first_name, m.from.last_name].filter(Boolean).join(' ') || null,
      language: m.from.language_code ?? null,
      text,
      action: null,
      unsupported,
      source: null,
      ...(attachments.length ? { attachments } : {}),
      ...(location ? { location } : {}),
    },
  };
}
