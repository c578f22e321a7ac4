import type { OutboundMessage, Platform } from './channel.port.js';

/** One thing said in a person's conversation with the bot, as a chat page replays it. */
export type HistoryEntry =
  /** A message the bot sent (or queued) to the person; `outboxId` orders them and lets a page drop a copy. */
  | { kind: 'sent'; outboxId: number; message: OutboundMessage; at: string; on?: Platform }
  /** What the person sent: a text, or the callback data of a pressed button. */
  | { kind: 'received'; text: string | null; action: string | null; at: string; on?: Platform };
// `on`: said on another platform — the Official Account a web page opened inside WeChat took its binding from.

/** A card of the demo village a newcomer may try the chat with. */
export interface DemoCard {
  /** Where the card is kept in the browser: the household's or member's code. */
  slot: string;
  /** The binding code printed on the card. */
  code: string;
  who: 'resident' | 'leader' | 'secretary' | 'mediator';
  title: string;
  subtitle: string;
}

/**
 * What a channel may read of the village's records, and only this. The core implements it
 * (src/chat/channel.directory.ts) and hands it to the adapters in their ChannelContext.
 */
export interface ChannelDirectory {
  /** "village · household address" or "village · member name" for a bound person; null for a stranger. */
  whoIs(platform: Platform, userId: string): Promise<string | null>;
  /**
   * The newest `limit` messages sent to the person with an outbox id above `afterOutboxId` and, when
   * `withReceived`, the newest `limit` the person sent; each kind oldest first.
   */
  history(
    platform: Platform,
    userId: string,
    opts: { afterOutboxId: number; limit: number; withReceived: boolean },
  ): Promise<HistoryEntry[]>;
  /** The demo village's cards whose codes are still the published ones (none for a real village). */
  demoCards(): Promise<DemoCard[]>;
}
