import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ping } from '../data/database.js';
import type { RouteContext } from './route.context.js';

export function healthRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'database' | 'channels'>): void {
  const { db, channels } = ctx;
  const dbKind = ctx.database.kind;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness and database reachability',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.string(), channels: z.record(z.string(), z.string()) }),
        },
      },
    },
    async () => {
      await ping(db);
      return {
        status: 'ok' as const,
        database: dbKind,
        channels: Object.fromEntries(channels.map((c) => [c.platform, c.state()])),
      };
    },
  );
}
