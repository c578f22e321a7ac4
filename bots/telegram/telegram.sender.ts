import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import {
  type ChannelSender,
  type MediaReader,
  type OutAttachment,
  type OutboundMessage,
  SendError,
} from '../../src/channels/channel.port.js';

/** Neutral outbound → Bot API call. Failures become SendError so the outbox knows whether to retry. */
export function createTelegramSender(telegram: Telegram, perSecond = 30): ChannelSender {
  return {
    platform: 'telegram',
    // Telegram allows about 30 messages a second per bot; private chats take short bursts.
    pacing: { perRecipientMs: 0, jitterMs: 0, perSecond },
    async send(address: string, message: OutboundMessage, meta?: { media?: MediaReader }): Promise<void> {
      const extra = message.buttons?.length
        ? {
            reply_markup: {
              inline_keyboard: message.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))),
            },
          }
        : {};
      try {
        // In a group the reply names the person it answers.
        const text = message.mention?.name ? `${message.mention.name}，${message.text}` : message.text;
        // The photos and voice notes first, then the card that says what they are about (with its buttons, last).
        for (const a of message.attachments ?? []) await sendAttachment(telegram, address, a, meta?.media);
        await telegram.sendMessage(address, text, extra);
      } catch (err) {
        throw toSendError(err);
      }
    },
  };
}

export function toSendError(err: unknown): SendError {
  if (err instanceof TelegramError) {
    const retryAfter = err.parameters?.retry_after;
    if (err.code === 429) return new SendError(`telegram 429: ${err.description}`, true, (retryAfter ?? 1) * 1000);
    // 400 (bad chat, text rejected) and 403 (the person blocked the bot) will not get better by retrying.
    if (err.code === 400 || err.code === 403 || err.code === 401 || err.code === 404) {
      return new SendError(`telegram ${err.code}: ${err.description}`, false);
    }
    return new SendError(`telegram ${err.code}: ${err.description}`, true);
  }
  return new SendError(`telegram network: ${(err as Error)?.message ?? String(err)}`, true);
}

/**
 * One attachment: by Telegram's own file_id when it came from Telegram (no upload), otherwise uploaded
 * from the store. A voice note that is not Ogg/Opus cannot be a voice bubble, so it goes as a file.
 */
async function sendAttachment(
  telegram: Telegram,
  address: string,
  a: OutAttachment,
  media: MediaReader | undefined,
): Promise<void> {
  let input: string | { source: Buffer; filename: string };
  if (a.platform === 'telegram') {
    input = a.platformId;
  } else {
    const stored = await media?.get(a.mediaKey);
    // Deleted by retention meanwhile: the card still goes, without it.
    if (!stored) return;
    input = { source: stored.bytes, filename: a.fileName ?? `${a.kind}-${a.id}.${extension(stored.mime)}` };
  }
  if (a.kind === 'photo') await telegram.sendPhoto(address, input);
  else if (a.kind === 'voice' && a.mime === 'audio/ogg')
    await telegram.sendVoice(address, input, a.durationSec ? { duration: a.durationSec } : {});
  else if (a.kind === 'voice' && (a.mime === 'audio/mpeg' || a.mime === 'audio/mp4'))
    await telegram.sendAudio(address, input);
  else await telegram.sendDocument(address, input);
}

const extension = (mime: string) =>
  mime
    .split('/')[1]
    ?.replace(/[^a-z0-9]/g, '')
    .slice(0, 5) || 'bin';
