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
  // Adapters map to strings, but a forged body must not reach the database as anything else.
  const short = (s: unknown, max: number) => (typeof s === 'string' ? cleanText(s).slice(0, max) : null);
  const clean: InboundMessage = {
    ...msg,
    messageId: cleanText(String(msg.messageId)).slice(0, 128),
    userId: cleanText(String(msg.userId)).slice(0, 128),
    chatId: cleanText(String(msg.chatId)).slice(0, 128),
    text: short(msg.text, MAX_STORED_TEXT),
    displayName: short(msg.displayName, 64),
    language: short(msg.language, 16),
    action: short(msg.action, 256),
    unsupported: short(msg.unsupported, 32),
  };
  const inserted = await db.insert(inboundMessages).values({
    platform: msg.platform,
    platformMessageId: clean.messageId,
    platformUserId: clean.userId,
    payload: clean as unknown as Record<string, unknown>,
    receivedAt: new Date(msg.receivedAt),
  }).onConflictDoNothing().returning({ id: inboundMessages.id });
  return inserted.length > 0;
}
