import type { Message } from 'wechaty';
import * as types from 'wechaty-puppet/types';
import type { InboundAttachment, InboundMessage } from '../../src/channels/channel.port.js';
import { isRoomCommand as isCommandForRoom, parseCommand } from '../../src/domain/commands.js';

const attachmentKinds: Partial<Record<types.Message, InboundAttachment['kind']>> = {
  [types.Message.Image]: 'photo',
  [types.Message.Audio]: 'voice',
  [types.Message.Attachment]: 'file',
};

/** Some puppets replay recent history after a login; what is this old was answered (or missed) long ago. */
const STALE_AFTER_S = 30 * 60;

/** In a room only what is plainly meant for the bot counts (the command table says what): a bare "1" or "算了" is chatter between neighbours. */
export function isRoomCommand(text: string): boolean {
  return isCommandForRoom(parseCommand(text));
}

/**
 * wechaty Message → neutral inbound message, or null for what the bot ignores: its own messages,
 * official accounts, stale replays, and in rooms anything neither @-mentioning it nor a command.
 */
export async function mapWechatMessage(m: Message, now: Date): Promise<InboundMessage | null> {
  if (m.self()) return null;
  const talker = m.talker();
  if (talker.type() === types.Contact.Official) return null;
  if (m.age() > STALE_AFTER_S) return null;
  const room = m.room();
  let text = m.type() === types.Message.Text ? m.text() : null;
  // A photo or voice note is named by its message id; the core fetches it (fetchMedia) and keeps it.
  const kind = attachmentKinds[m.type()];
  const attachments: InboundAttachment[] =
    kind && !room
      ? [{ kind, platformId: m.id, mime: null, size: null, durationSec: null, recognition: null, fileName: null }]
      : [];
  if (room) {
    if (text === null) return null;
    if (await m.mentionSelf()) text = await m.mentionText();
    else if (!isRoomCommand(text)) return null;
  }
  return {
    platform: 'wechat',
    messageId: m.id,
    userId: talker.id,
    chatId: room ? room.id : talker.id,
    chatType: room ? 'group' : 'private',
    displayName: talker.name() || null,
    // WeChat does not tell the app language; replies are in Chinese.
    language: null,
    text,
    action: null,
    unsupported: text === null && attachments.length === 0 ? (types.Message[m.type()] ?? 'other').toLowerCase() : null,
    ...(attachments.length ? { attachments } : {}),
    source: null,
    receivedAt: now.toISOString(),
  };
}
