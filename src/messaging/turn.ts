import type { Tx } from '../../db/client.js';
import type { InboundMessage, OutButton, OutboundMessage } from '../channels/channel.port.js';
import { defaultSla, type SlaPolicy } from '../domain/deadlines.js';
import { deliverableAt } from '../domain/quiet-hours.js';
import { enqueue } from '../data/outbox.repository.js';
import { languageOf, type Texts, textsFor } from '../texts/index.js';
import type { Actor, Address } from '../data/people.repository.js';

/** One inbound message being handled inside one transaction: everything it writes commits together. */
export interface Turn {
  tx: Tx;
  now: Date;
  msg: InboundMessage;
  actor: Actor;
  t: Texts;
  /** Response windows of this deployment. */
  sla: SlaPolicy;
  /** Answers the person; from a group chat a bound person is answered privately. */
  reply(text: string, buttons?: OutButton[][]): Promise<void>;
  /** Says something in the chat the message came from, to everyone there. */
  replyInChat(text: string): Promise<void>;
  send(to: Address | null, build: (t: Texts) => OutboundMessage, opts?: { quietHoursIn?: string }): Promise<void>;
}

export function makeTurn(tx: Tx, now: Date, msg: InboundMessage, actor: Actor, sla: SlaPolicy = defaultSla): Turn {
  const language = actor.kind === 'stranger' ? languageOf(msg.language) : actor.identity.language;
  const inGroup = msg.chatType === 'group';
  const mention = { userId: msg.userId, name: msg.displayName };
  const chat = { platform: msg.platform, address: msg.chatId };
  // In a group chat a bound person is answered privately, so no household's details reach the room;
  // the room only sees a short acknowledgement addressed to them.
  const privateTo = inGroup && actor.kind !== 'stranger' ? { platform: msg.platform, address: actor.identity.address } : null;
  let acknowledged = false;
  const turn: Turn = {
    tx, now, msg, actor, sla, t: textsFor(language),
    reply: async (text, buttons) => {
      if (!privateTo) {
        await enqueue(tx, chat, { text, ...(buttons ? { buttons } : {}), ...(inGroup ? { mention } : {}) }, now);
        return;
      }
      await enqueue(tx, privateTo, { text, ...(buttons ? { buttons } : {}) }, now);
      if (!acknowledged) {
        acknowledged = true;
        await enqueue(tx, chat, { text: turn.t.room.ack, mention }, now);
      }
    },
    replyInChat: (text) => enqueue(tx, chat, { text, ...(inGroup ? { mention } : {}) }, now),
    send: async (to, build, opts) => {
      if (to) await enqueue(tx, to, build(textsFor(to.language)), now, opts?.quietHoursIn ? deliverableAt(now, opts.quietHoursIn) : now);
    },
  };
  return turn;
}
