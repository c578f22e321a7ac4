import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { outbox } from '../../db/schema.js';
import type { ChannelSender, OutboundMessage } from '../../src/channels/channel.port.js';
import type { Clock } from '../../src/domain/clock.js';
import { findActor } from '../../src/chat/identity.repo.js';
import { signedInAs } from './web.session.js';
import type { SocketHub } from './web.sockets.js';

/**
 * Store-and-forward: the outbox row is the web user's mailbox. A send always succeeds — pushed at once
 * to the open pages of that user, and read back from the outbox as history when a page (re)connects.
 * Throwing while no page is open would instead burn the outbox's retries and drop a message once a
 * person stays away longer than the backoff lasts (about half an hour), and a person who closed the tab
 * comes back tomorrow.
 */
export function createWebSender(db: Db, hub: SocketHub, clock: Clock): ChannelSender {
  return {
    platform: 'web',
    async send(address: string, message: OutboundMessage): Promise<void> {
      // The dispatcher sends one recipient's rows strictly in order, one at a time: the row being sent
      // is that recipient's oldest unsent one. Its id lets the page drop the copy it also gets in history.
      const [row] = await db.select({ id: outbox.id }).from(outbox)
        .where(and(eq(outbox.channel, 'web'), eq(outbox.recipient, address), isNull(outbox.sentAt), isNull(outbox.failedAt)))
        .orderBy(asc(outbox.id)).limit(1);
      const pushed = hub.push(address, {
        kind: 'bot', id: row ? Number(row.id) : null, text: message.text,
        ...(message.buttons?.length ? { buttons: message.buttons } : {}), at: clock.now().toISOString(),
      });
      // After binding, the open page learns who it is signed in as.
      if (pushed > 0 && hub.needsWho(address)) {
        const who = signedInAs(await findActor(db, 'web', address));
        if (who) hub.tellWho(address, who);
      }
    },
  };
}
