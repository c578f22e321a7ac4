import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { removeDemo } from '../roster/demo.js';
import type { RouteContext } from './route.context.js';

/** `npm run linli -- demo remove` calls this while the service holds the embedded database. */
export function demoRoutes(app: FastifyInstance, { db }: Pick<RouteContext, 'db'>): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/demo/remove',
    {
      schema: {
        summary:
          'Delete the demo village and everything of it (households, members, their accounts, requests, cases, notices); real villages are untouched',
        security: [{ bearer: [] }],
        response: {
          200: z.object({
            removed: z.array(
              z.object({
                village: z.string(),
                households: z.number(),
                members: z.number(),
                accounts: z.number(),
                requests: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const removed = await removeDemo(db);
      req.log.info({ removed: removed.map((r) => r.village) }, 'demo village removed');
      return { removed };
    },
  );
}
