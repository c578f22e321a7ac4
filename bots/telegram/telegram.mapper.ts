import type { Update } from 'telegraf/types';
import type { InboundMessage } from '../../src/channels/channel.port.js';

export interface MappedUpdate {
  message: InboundMessage;
  callbackQueryId: string | null;
}

const unsupportedKinds = ['photo', 'sticker', 'voice', 'video', 'document', 'audio', 'location', 'contact', 'animation', 'video_note'] as const;

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
        ...base, userId: String(q.from.id), chatId: String(chat?.id ?? q.from.id),
        chatType: chat && chat.type !== 'private' ? 'group' : 'private',
        displayName: [q.from.first_name, q.from.last_name].filter(Boolean).join(' ') || null,
        language: q.from.language_code ?? null, text: null, action: data, unsupported: data ? null : 'callback_game', source: null,
      },
    };
  }
  if (!('message' in update) || !update.message) return null;
  const m = update.message;
  if (!m.from || m.from.is_bot) return null;
  const isGroup = m.chat.type !== 'private';
  let text = 'text' in m && typeof m.text === 'string' ? m.text : null;
  if (isGroup) {
    if (text === null) return null;
    const mention = botUsername ? new RegExp(`@${botUsername}\\b`, 'i') : null;
    const repliedTo = 'reply_to_message' in m ? m.reply_to_message?.from : undefined;
    const addressed = text.startsWith('/') || (mention?.test(text) ?? false)
      || (repliedTo?.is_bot === true && repliedTo.username === botUsername);
    if (!addressed) return null;
    if (mention) text = text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
  }
  const unsupported = text === null ? (unsupportedKinds.find((k) => k in m) ?? 'other') : null;
  return {
    callbackQueryId: null,
    message: {
      ...base, userId: String(m.from.id), chatId: String(m.chat.id), chatType: isGroup ? 'group' : 'private',
      displayName: [m.from.first_name, m.from.last_name].filter(Boolean).join(' ') || null,
      language: m.from.language_code ?? null, text, action: null, unsupported, source: null,
    },
  };
}
