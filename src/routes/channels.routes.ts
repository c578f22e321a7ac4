import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { count, isNull, max, and } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { inboundMessages, outbox } from '../../db/schema.js';
import type { ChannelAdapter } from '../channels/adapter.js';

const channelView = z.object({
  platform: z.string(),
  state: z.string(),
  lastInboundAt: z.string().nullable(),
  lastOutboundAt: z.string().nullable(),
  /** Messages queued and neither sent nor given up: a growing number means the channel is stuck. */
  backlog: z.number().int(),
});

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** For the secretary's operator: is each chat channel up, and is anything piling up in front of it? */
export function channelRoutes(app: FastifyInstance, db: Db, channels: ChannelAdapter[]): void {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/channels', {
    schema: {
      summary: 'Configured chat channels: state, last traffic, outbox backlog',
      security: [{ bearer: [] }],
      response: { 200: z.object({ channels: z.array(channelView) }) },
    },
  }, async () => {
    const [inbound, outbound, backlog] = await Promise.all([
      db.select({ platform: inboundMessages.platform, at: max(inboundMessages.receivedAt) }).from(inboundMessages)
        .groupBy(inboundMessages.platform),
      db.select({ channel: outbox.channel, at: max(outbox.sentAt) }).from(outbox).groupBy(outbox.channel),
      db.select({ channel: outbox.channel, n: count() }).from(outbox)
        .where(and(isNull(outbox.sentAt), isNull(outbox.failedAt))).groupBy(outbox.channel),
    ]);
    return {
      channels: channels.map((c) => ({
        platform: c.platform,
        state: c.state(),
        lastInboundAt: iso(inbound.find((r) => r.platform === c.platform)?.at),
        lastOutboundAt: iso(outbound.find((r) => r.channel === c.platform)?.at),
        backlog: Number(backlog.find((r) => r.channel === c.platform)?.n ?? 0),
      })),
    };
  });
}
