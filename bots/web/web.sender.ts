import type { ChannelSender } from '../../src/channels/channel.port.js';
import type { Clock } from '../../src/domain/clock.js';
import { pageAttachments } from './web.media.js';
import { randomUUID } from 'node:crypto';
import { type Fanout, FANOUT_MAX_BYTES } from '../../src/channels/adapter.js';
import type { BotItem, SocketHub } from './web.sockets.js';

/**
 * Store-and-forward: the outbox row is the web user's mailbox. A send always succeeds — pushed at once
 * to the open pages of that user, and read back from the outbox as history when a page (re)connects.
 * Throwing while no page is open would instead burn the outbox's retries and drop a message once a
 * person stays away longer than the backoff lasts (about half an hour), and a person who closed the tab
 * comes back tomorrow.
 */
export function createWebSender(
  hub: SocketHub,
  clock: Clock,
  whoIs: (userId: string) => Promise<string | null>,
  sessionSecret: string,
  others: () => WebFanout | null,
): ChannelSender {
  return {
    platform: 'web',
    async send(address, message, { outboxId }) {
      // The row's id lets the page drop the copy it also gets in its history.
      const item: BotItem = {
        kind: 'bot',
        id: outboxId,
        text: message.text,
        ...(message.buttons?.length ? { buttons: message.buttons } : {}),
        ...(message.attachments?.length
          ? { attachments: pageAttachments(sessionSecret, address, message.attachments) }
          : {}),
        at: clock.now().toISOString(),
      };
      await pushed(hub, whoIs, address, item);
      // The person's page may be open on another instance: it pushes there too.
      await others()?.publish(address, item);
    },
  };
}

/** Pushes to this instance's open pages of the user; after binding, a page learns who it is signed in as. */
export async function pushed(
  hub: SocketHub,
  whoIs: (userId: string) => Promise<string | null>,
  address: string,
  item: BotItem,
): Promise<void> {
  if (hub.push(address, item) > 0 && hub.needsWho(address)) {
    const who = await whoIs(address);
    if (who) hub.tellWho(address, who);
  }
}

/** What the web chat tells the other instances: a message for a user's pages, or (too long for a notification) to reload them. */
export interface WebFanout {
  publish(address: string, item: BotItem): Promise<void>;
}

const TOPIC = 'web_push';

/**
 * Through the core's fanout (LISTEN/NOTIFY): each instance pushes to the pages connected to it; its own
 * notifications it ignores (it pushed already). A message too long for a notification makes the other
 * instances' pages of that user reconnect, and a reconnecting page reads its history from the outbox.
 */
export function webFanout(fanout: Fanout, hub: SocketHub, whoIs: (userId: string) => Promise<string | null>) {
  const self = randomUUID();
  return {
    publish: async (address: string, item: BotItem) => {
      const full = JSON.stringify({ from: self, address, item });
      await fanout.publish(
        TOPIC,
        Buffer.byteLength(full) <= FANOUT_MAX_BYTES ? full : JSON.stringify({ from: self, address, reload: true }),
      );
    },
    listen: () =>
      fanout.subscribe(TOPIC, (payload) => {
        const note = parseNote(payload);
        if (!note || note.from === self) return;
        if (note.item) void pushed(hub, whoIs, note.address, note.item).catch(() => undefined);
        else hub.reconnect(note.address);
      }),
  };
}

function parseNote(payload: string): { from: string; address: string; item?: BotItem } | null {
  try {
    const v = JSON.parse(payload) as { from?: unknown; address?: unknown; item?: BotItem };
    return typeof v.from === 'string' && typeof v.address === 'string'
      ? { from: v.from, address: v.address, ...(v.item ? { item: v.item } : {}) }
      : null;
  } catch {
    return null;
  }
}
