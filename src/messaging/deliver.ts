import type { DbOrTx } from '../../db/client.js';
import type { OutboundMessage } from '../channels/channel.port.js';
import type { Address } from '../data/people.repository.js';
import { deliverableAt } from '../domain/quiet-hours.js';
import { enqueue } from '../data/outbox.repository.js';
import { type Texts, textsFor } from '../texts/index.js';

export interface Delivery {
  /** Residents are not woken for what can wait: set to hold the message outside 07:00–21:00 village time. */
  quietHoursIn?: string;
}

/** Queues a message for a person in their own language, from timed work that has no conversation to answer. */
export async function deliver(tx: DbOrTx, to: Address | null, build: (t: Texts) => OutboundMessage, now: Date, opts: Delivery = {}): Promise<void> {
  if (!to) return;
  const notBefore = opts.quietHoursIn ? deliverableAt(now, opts.quietHoursIn) : now;
  await enqueue(tx, to, build(textsFor(to.language)), now, notBefore);
}
