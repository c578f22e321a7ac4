import type { DbOrTx } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import { type OutboundMessage, type Platform, platformTextLimits, splitText } from '../channels/channel.port.js';

export interface OutboxAddress {
  platform: Platform;
  address: string;
}

/**
 * Queue a message inside the caller's transaction, so a reply exists exactly when the change it
 * reports was committed. Long texts become several rows; buttons stay on the last part.
 */
export async function enqueue(tx: DbOrTx, to: OutboxAddress, message: OutboundMessage, now: Date, notBefore: Date = now): Promise<void> {
  const parts = splitText(message.text, platformTextLimits[to.platform]);
  await tx.insert(outbox).values(
    parts.map((text, i) => ({
      channel: to.platform,
      recipient: to.address,
      payload: {
        text,
        ...(i === parts.length - 1 && message.buttons ? { buttons: message.buttons } : {}),
        ...(message.mention ? { mention: message.mention } : {}),
      },
      // Quiet hours and scheduled notices wait here, in the database, not in a timer.
      nextAttemptAt: notBefore,
      createdAt: now,
    })),
  );
}
