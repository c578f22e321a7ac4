import type { ChannelSender } from '../../src/channels/channel.port.js';
import type { Clock } from '../../src/domain/clock.js';
import { pageAttachments } from './web.media.js';
import type { SocketHub } from './web.sockets.js';

/**
 * Store-and-forward: the outbox row is the web user's mailbox. A send always succeeds — pushed at once
 * to the open pages of that user, and read back from the outbox as history when a page (re)connects.
 * Throwing while no page is open would instead burn the outbox's retries and drop a message once a
 * person stays away longer than the backoff lasts (about half an hour), and a person who closed the tab
 * comes back tomorrow.
 */
export function createWebSender(hub: SocketHub, clock: Clock, whoIs: (userId: string) => Promise<string | null>, sessionSecret: string): ChannelSender {
  return {
    platform: 'web',
    async send(address, message, { outboxId }) {
      // The row's id lets the page drop the copy it also gets in its history.
      const pushed = hub.push(address, {
        kind: 'bot', id: outboxId, text: message.text,
        ...(message.buttons?.length ? { buttons: message.buttons } : {}),
        ...(message.attachments?.length ? { attachments: pageAttachments(sessionSecret, address, message.attachments) } : {}),
        at: clock.now().toISOString(),
      });
      // After binding, the open page learns who it is signed in as.
      if (pushed > 0 && hub.needsWho(address)) {
        const who = await whoIs(address);
        if (who) hub.tellWho(address, who);
      }
    },
  };
}
