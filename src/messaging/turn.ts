import type { Tx } from '../data/database.js';
import { type OutboxInsert, outboxBuffer } from '../data/outbox.repository.js';
import type { Actor, MemberActor, ResidentActor } from '../data/people.repository.js';
import type { InboundMessage, OutButton } from '../channels/channel.port.js';
import type { IdentityPolicy } from '../domain/binding.js';
import type { SlaPolicy } from '../domain/deadlines.js';
import { defaultPolicies, type Policies } from '../domain/policies.js';
import { languageOf, type Texts, textsFor } from '../texts/index.js';
import { type EventContext, sendingThrough } from './send.js';

/** One inbound message being handled inside one transaction: everything it writes commits together. */
export interface Turn extends EventContext {
  tx: Tx;
  msg: InboundMessage;
  actor: Actor;
  t: Texts;
  /** Response windows of this deployment. */
  sla: SlaPolicy;
  /** Binding throttles and the household account limit of this deployment. */
  identity: IdentityPolicy;
  /** Answers the person; from a group chat a bound person is answered privately. */
  reply(text: string, buttons?: OutButton[][]): Promise<void>;
  /** Says something in the chat the message came from, to everyone there. */
  replyInChat(text: string): Promise<void>;
  /** What the turn queued for sending (replies and notices, in order), handed over once to be written in one insert. */
  queued(): QueuedReply[];
}

/** One outbox row a turn queued. */
export type QueuedReply = OutboxInsert;

export type ResidentTurn = Turn & { actor: ResidentActor };
export type MemberTurn = Turn & { actor: MemberActor };

export function makeTurn(
  tx: Tx,
  now: Date,
  msg: InboundMessage,
  actor: Actor,
  policies: Policies = defaultPolicies,
): Turn {
  const { sla, identity } = policies;
  const language = actor.kind === 'stranger' ? languageOf(msg.language) : actor.identity.language;
  const inGroup = msg.chatType === 'group';
  const mention = { userId: msg.userId, name: msg.displayName };
  const chat = { platform: msg.platform, address: msg.chatId };
  // In a group chat a bound person is answered privately, so no household's details reach the room;
  // the room only sees a short acknowledgement addressed to them.
  const privateTo =
    inGroup && actor.kind !== 'stranger' ? { platform: msg.platform, address: actor.identity.address } : null;
  let acknowledged = false;
  const out = outboxBuffer();
  const turn: Turn = {
    tx,
    now,
    msg,
    actor,
    sla,
    identity,
    t: textsFor(language),
    send: sendingThrough((to, message, notBefore, bulk) => out.enqueue(to, message, now, notBefore, bulk), now),
    reply: async (text, buttons) => {
      if (!privateTo) {
        out.enqueue(chat, { text, ...(buttons ? { buttons } : {}), ...(inGroup ? { mention } : {}) }, now);
        return;
      }
      out.enqueue(privateTo, { text, ...(buttons ? { buttons } : {}) }, now);
      if (!acknowledged) {
        acknowledged = true;
        out.enqueue(chat, { text: turn.t.room.ack, mention }, now);
      }
    },
    replyInChat: async (text) => {
      out.enqueue(chat, { text, ...(inGroup ? { mention } : {}) }, now);
    },
    queued: out.take,
  };
  return turn;
}
