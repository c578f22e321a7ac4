import type { DbOrTx } from '../../db/client.js';
import { inboundMessages } from '../../db/schema.js';
import type { InboundMessage } from '../channels/channel.port.js';
import { cleanText } from '../domain/commands.js';

/** Longest text kept; a 100 KB paste is stored truncated rather than refused, so nothing a person sent is silently dropped. */
export const MAX_STORED_TEXT = 16_000;

/**
 * Stores a message before the platform is told it arrived. The platform's message id makes a
 * redelivery a no-op. Returns false for a duplicate.
 */
export async function storeInbound(db: DbOrTx, msg: InboundMessage): Promise<boolean> {
  const clean: InboundMessage = {
    ...msg,
    text: msg.text === null ? null : cleanText(msg.text).slice(0, MAX_STORED_TEXT),
    displayName: msg.displayName === null ? null : cleanText(msg.displayName).slice(0, 64),
    action: msg.action === null ? null : cleanText(msg.action).slice(0, 256),
  };
  const inserted = await db.insert(inboundMessages).values({
    platform: msg.platform,
    platformMessageId: msg.messageId,
    platformUserId: msg.userId,
    payload: clean as unknown as Record<string, unknown>,
    receivedAt: new Date(msg.receivedAt),
  }).onConflictDoNothing().returning({ id: inboundMessages.id });
  return inserted.length > 0;
}
