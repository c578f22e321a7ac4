import type { ChannelDirectory } from '../../src/channels/directory.js';
import { textFormOfButton } from '../../src/domain/commands.js';
import { textsFor } from '../../src/texts/index.js';
import { pageAttachments } from './web.media.js';
import type { BotItem, MeItem } from './web.sockets.js';

const LIMIT = 100;

/** How a pressed button reads in the person's own history (only the callback data was stored). */
export function actionText(data: string): string {
  const t = textsFor('zh');
  const rate = /^rate:\d+:([123])$/.exec(data);
  if (rate) return `${rate[1]} ${[t.rating.satisfied, t.rating.basic, t.rating.unsatisfied][Number(rate[1]) - 1]}`;
  return textFormOfButton({ label: data, data }, true, t.channels.arg);
}

/**
 * What a page shows when it opens: the bot's messages (sent or still queued) and, on a fresh page,
 * the person's own messages, in time order. `after` skips what the page already has.
 */
export async function loadHistory(
  directory: ChannelDirectory,
  userId: string,
  after: number,
  sessionSecret: string,
): Promise<(BotItem | MeItem)[]> {
  const entries = await directory.history('web', userId, {
    afterOutboxId: after,
    limit: LIMIT,
    withReceived: after === 0,
  });
  const items: (BotItem | MeItem)[] = [];
  for (const e of entries) {
    if (e.kind === 'sent') {
      items.push({
        // Said on the Official Account: a negative id, so the page keeps it once without counting it as this page's last message.
        kind: 'bot',
        id: e.on ? -e.outboxId : e.outboxId,
        text: e.message.text,
        ...(e.message.buttons ? { buttons: e.message.buttons } : {}),
        ...(e.message.attachments?.length && !e.on
          ? { attachments: pageAttachments(sessionSecret, userId, e.message.attachments) }
          : {}),
        at: e.at,
      });
      continue;
    }
    const text = e.text ?? (e.action ? actionText(e.action) : null);
    if (text) items.push({ kind: 'me', text, at: e.at });
  }
  // A reply is written after the message it answers, so at equal times the person's message goes first.
  return items.sort((a, b) => a.at.localeCompare(b.at) || (a.kind === b.kind ? 0 : a.kind === 'me' ? -1 : 1));
}
