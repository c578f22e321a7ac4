import type { DbOrTx } from '../data/database.js';
import { enqueue } from '../data/outbox.repository.js';
import type { AttachmentRow } from '../data/attachments.repository.js';
import { type Address, memberAddresses } from '../data/people.repository.js';
import type { OutboundMessage } from '../channels/channel.port.js';
import { deliverableAt, type QuietHours } from '../domain/quiet-hours.js';
import { type Texts, textsFor } from '../texts/index.js';

export interface SendOptions {
  /** Residents are not woken for what can wait: hold the message through the village's quiet hours (a time zone alone: 21:00–07:00). */
  quietHoursIn?: string | QuietHours;
  /** One of a broadcast to many (a reminder, a notice, a ballot): it goes after the answers waiting to be sent. */
  bulk?: boolean;
}

/** Tells one person something, in their own language; a person with no account (null) is skipped. */
export type Send = (to: Address | null, build: (t: Texts) => OutboundMessage, opts?: SendOptions) => Promise<void>;

/** The one way anything reaches a person: a row in the outbox, inside the caller's transaction. */
export function outboxSender(tx: DbOrTx, now: Date): Send {
  return sendingThrough((to, message, notBefore, bulk) => enqueue(tx, to, message, now, notBefore, bulk), now);
}

/** A Send that writes through `write` (at once, or into a turn's buffer): the person's language and quiet hours decided here. */
export function sendingThrough(
  write: (to: Address, message: OutboundMessage, notBefore: Date, bulk: boolean) => unknown,
  now: Date,
): Send {
  return async (to, build, opts) => {
    if (!to) return;
    await write(
      to,
      build(textsFor(to.language)),
      opts?.quietHoursIn ? deliverableAt(now, opts.quietHoursIn) : now,
      opts?.bulk === true,
    );
  };
}

/** Where raised events write and who they tell: one transaction, one clock reading. */
export interface EventContext {
  tx: DbOrTx;
  now: Date;
  send: Send;
  /** Attachments this context already knows by request (a request created in this turn): its task card needs no second read. */
  media?: Map<number, AttachmentRow[]>;
}

/**
 * Tells a member something on each of their confirmed accounts (one per platform: a member may have
 * Telegram and WeChat both), never on an account still waiting for confirmation.
 */
export async function sendToMember(
  ctx: Pick<EventContext, 'tx' | 'send'>,
  memberId: number,
  build: (t: Texts) => OutboundMessage,
  opts?: SendOptions,
): Promise<void> {
  for (const to of await memberAddresses(ctx.tx, memberId)) await ctx.send(to, build, opts);
}

export const eventContext = (tx: DbOrTx, now: Date): EventContext => ({ tx, now, send: outboxSender(tx, now) });
