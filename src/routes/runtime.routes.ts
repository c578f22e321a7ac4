import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteContext } from './route.context.js';

/** The process's own counters, for `npm run bench` (statements per report) and for an operator checking memory. */
export function runtimeRoutes(app: FastifyInstance, { database }: Pick<RouteContext, 'database'>): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/runtime',
    {
      schema: {
        summary:
          'Statements and transactions the repositories sent since start (counted on the client), resident memory, uptime',
        security: [{ bearer: [] }],
        response: {
          200: z.object({
            database: z.enum(['pglite', 'postgres']),
            statements: z.number().int().nonnegative(),
            transactions: z.number().int().nonnegative(),
            savepoints: z.number().int().nonnegative(),
            rssMb: z.number().nonnegative(),
            uptimeSec: z.number().nonnegative(),
          }),
        },
      },
    },
    async () => ({
      database: database.kind,
      ...database.stats(),
      rssMb: Math.round(process.memoryUsage.rss() / 1024 / 102.4) / 10,
      uptimeSec: Math.round(process.uptime() * 10) / 10,
    }),
  );
}
