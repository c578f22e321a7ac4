import type { Tx } from '../../db/client.js';
import type { InboundMessage, OutButton, OutboundMessage } from '../channels/channel.port.js';
import type { Classifier } from '../domain/classification.js';
import { enqueue } from '../outbox/outbox.js';
import { type Texts, textsFor } from '../texts/index.js';
import type { Actor, Address } from './identity.repo.js';

/** One inbound message being handled inside one transaction: everything it writes commits together. */
export interface Turn {
  tx: Tx;
  now: Date;
  msg: InboundMessage;
  actor: Actor;
  t: Texts;
  reply(text: string, buttons?: OutButton[][]): Promise<void>;
  send(to: Address | null, build: (t: Texts) => OutboundMessage): Promise<void>;
}

export interface ChatServices {
  classifier: Classifier;
}

export function makeTurn(tx: Tx, now: Date, msg: InboundMessage, actor: Actor): Turn {
  const language = actor.kind === 'stranger' ? (msg.language?.startsWith('en') ? 'en' : 'zh') : actor.identity.language;
  // In a group chat a bound person is answered privately, so no household's details reach the room.
  const replyTo = msg.chatType === 'group' && actor.kind !== 'stranger'
    ? { platform: msg.platform, address: actor.identity.address }
    : { platform: msg.platform, address: msg.chatId };
  return {
    tx, now, msg, actor, t: textsFor(language),
    reply: (text, buttons) => enqueue(tx, replyTo, { text, ...(buttons ? { buttons } : {}) }, now),
    send: async (to, build) => {
      if (to) await enqueue(tx, to, build(textsFor(to.language)), now);
    },
  };
}
