import type { Telegram } from 'telegraf';
import { TelegramError } from 'telegraf';
import { type ChannelSender, type OutboundMessage, SendError } from '../../src/channels/channel.port.js';

/** Neutral outbound → Bot API call. Failures become SendError so the outbox knows whether to retry. */
export function createTelegramSender(telegram: Telegram, perSecond = 30): ChannelSender {
  return {
    platform: 'telegram',
    // Telegram allows about 30 messages a second per bot; private chats take short bursts.
    pacing: { perRecipientMs: 0, jitterMs: 0, perSecond },
    async send(address: string, message: OutboundMessage): Promise<void> {
      const extra = message.buttons?.length
        ? { reply_markup: { inline_keyboard: message.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))) } }
        : {};
      try {
        // In a group the reply names the person it answers.
        const text = message.mention?.name ? `${message.mention.name}，${message.text}` : message.text;
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
