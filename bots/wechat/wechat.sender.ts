import { FileBox } from 'file-box';
import type { Wechaty } from 'wechaty';
import {
  type ChannelSender,
  type OutboundMessage,
  type Pacing,
  SendError,
  type SendMeta,
} from '../../src/channels/channel.port.js';
import { textWithChoices } from '../wechat-common/wx-buttons.js';

/** While the account is logged out the whole channel waits this long between tries, not each message. */
export const LOGGED_OUT_WAIT_MS = 60_000;

/** Room ids: `…@chatroom` on personal WeChat, `R:…` on WeCom (workpro) puppets. */
export const isRoomId = (id: string) => id.endsWith('@chatroom') || id.startsWith('R:');

/**
 * Neutral outbound → contact.say / room.say. The outbox spaces messages by `pacing`: WeChat
 * restricts accounts that write like machines, so this never sends faster than it is called.
 */
export function createWechatSender(bot: () => Wechaty | null, pacing: Pacing): ChannelSender {
  return {
    platform: 'wechat',
    pacing,
    available: () => bot()?.isLoggedIn === true,
    async send(address: string, message: OutboundMessage, meta?: SendMeta): Promise<void> {
      const b = bot();
      if (!b?.isLoggedIn) throw new SendError('wechat: not logged in', true, LOGGED_OUT_WAIT_MS);
      const text = textWithChoices(message);
      try {
        if (isRoomId(address)) {
          const room = await b.Room.find({ id: address });
          // A lookup can fail on a flaky connection; the outbox tries again and gives up after its limit.
          if (!room) throw new SendError(`wechat: room ${address} not found`, true);
          const who = message.mention ? await b.Contact.find({ id: message.mention.userId }) : undefined;
          if (who) await room.say(text, who);
          else await room.say(text);
          return;
        }
        const contact = await b.Contact.find({ id: address });
        if (!contact) throw new SendError(`wechat: contact ${address} not found`, true);
        // A task card's photos and voice notes go first, as files, then the card's text.
        for (const a of message.attachments ?? []) {
          const stored = await meta?.media?.get(a.mediaKey);
          if (!stored) continue;
          const ext =
            stored.mime === 'image/png'
              ? 'png'
              : stored.mime.startsWith('image/')
                ? 'jpg'
                : a.kind === 'voice'
                  ? 'mp3'
                  : 'bin';
          // Base64 rather than a buffer: puppets that pass files over the wire (and the mock) need a serialisable box.
          await contact.say(FileBox.fromBase64(stored.bytes.toString('base64'), `${a.kind}-${a.id}.${ext}`));
        }
        await contact.say(text);
      } catch (err) {
        if (err instanceof SendError) throw err;
        throw new SendError(`wechat: ${(err as Error)?.message ?? String(err)}`, true);
      }
    },
  };
}
