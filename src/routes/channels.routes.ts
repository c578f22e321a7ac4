import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../data/database.js';
import { channelTraffic } from '../data/ledger.repository.js';
import type { ChannelAdapter } from '../channels/adapter.js';

const channelView = z.object({
  platform: z.string(),
  state: z.string(),
  lastInboundAt: z.string().nullable(),
  lastOutboundAt: z.string().nullable(),
  /** Messages queued and neither sent nor given up: a growing number means the channel is stuck. */
  backlog: z.number().int(),
});

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

/** For the secretary's operator: is each chat channel up, and is anything piling up in front of it? */
export function channelRoutes(app: FastifyInstance, db: Db, channels: ChannelAdapter[]): void {
  app.withTypeProvider<ZodTypeProvider>().get('/api/v1/channels', {
    schema: {
      summary: 'Configured chat channels: state, last traffic, outbox backlog',
      security: [{ bearer: [] }],
      response: { 200: z.object({ channels: z.array(channelView) }) },
    },
  }, async () => {
    const traffic = await channelTraffic(db);
    return {
      channels: channels.map((c) => ({
        platform: c.platform,
        state: c.state(),
        lastInboundAt: iso(traffic.lastInboundAt.get(c.platform)),
        lastOutboundAt: iso(traffic.lastOutboundAt.get(c.platform)),
        backlog: traffic.backlog.get(c.platform) ?? 0,
      })),
    };
  });
}
