import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jsonOf } from '../../db/rows.js';
import { inboundMessages, outbox } from '../../db/schema.js';
import type { InboundMessage, OutButton } from '../../src/channels/channel.port.js';
import { textsFor } from '../../src/texts/index.js';
import { commandForButton } from '../wechat/wechat.buttons.js';
import type { BotItem, MeItem } from './web.sockets.js';

const LIMIT = 100;

/** How a pressed button reads in the person's own history (only the callback data was stored). */
export function actionText(data: string): string {
  const t = textsFor('zh');
  const rate = /^rate:\d+:([123])$/.exec(data);
  if (rate) return `${rate[1]} ${[t.rating.satisfied, t.rating.basic, t.rating.unsatisfied][Number(rate[1]) - 1]}`;
  return commandForButton({ label: data, data }, true, t.channels.arg);
}

/**
 * What a page shows when it opens: the bot's messages from the outbox (sent or still queued) and,
 * on a fresh page, the person's own messages, in time order. `after` skips what the page already has.
 */
export async function loadHistory(db: Db, userId: string, after: number): Promise<(BotItem | MeItem)[]> {
  const bot = await db.select({ id: outbox.id, payload: outbox.payload, at: outbox.createdAt }).from(outbox)
    .where(and(eq(outbox.channel, 'web'), eq(outbox.recipient, userId), isNull(outbox.failedAt), gt(outbox.id, after)))
    .orderBy(desc(outbox.id)).limit(LIMIT);
  const items: (BotItem | MeItem)[] = bot.reverse().map((r) => {
    const p = jsonOf<{ text: string; buttons?: OutButton[][] }>(r.payload);
    return { kind: 'bot', id: Number(r.id), text: p.text, ...(p.buttons ? { buttons: p.buttons } : {}), at: r.at.toISOString() };
  });
  if (after > 0) return items;
  const mine = await db.select({ payload: inboundMessages.payload, at: inboundMessages.receivedAt }).from(inboundMessages)
    .where(and(eq(inboundMessages.platform, 'web'), eq(inboundMessages.platformUserId, userId)))
    .orderBy(desc(inboundMessages.id)).limit(LIMIT);
  for (const r of mine.reverse()) {
    const m = jsonOf<InboundMessage>(r.payload);
    const text = m.text ?? (m.action ? actionText(m.action) : null);
    if (text) items.push({ kind: 'me', text, at: r.at.toISOString() });
  }
  // A reply is written after the message it answers, so at equal times the person's message goes first.
  return items.sort((a, b) => a.at.localeCompare(b.at) || (a.kind === b.kind ? 0 : a.kind === 'me' ? -1 : 1));
}
