import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { memberRoles } from '../domain/routing.js';
import { cardsOf } from '../roster/cards.js';
import type { RouteContext } from './route.context.js';

const card = z.object({
  kind: z.enum(['household', 'member']),
  code: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  group: z.object({ code: z.string(), name: z.string() }).nullable(),
  roles: z.array(z.enum(memberRoles)),
  bindCode: z.string(),
  display: z.string(),
});

/** The contact cards (联心卡) of a village, to print: `npm run linli -- cards <village>` reads them here while the service runs. */
export function cardsRoutes(app: FastifyInstance, { db }: Pick<RouteContext, 'db'>): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/villages/:code/cards',
    {
      schema: {
        summary:
          "A village's contact cards: every household's and active member's card code (bindCode normalized, display as printed)",
        security: [{ bearer: [] }],
        params: z.object({ code: z.string().min(1) }),
        response: {
          200: z.object({
            village: z.object({ code: z.string(), name: z.string(), town: z.string().nullable() }),
            cards: z.array(card),
          }),
        },
      },
    },
    async (req) => cardsOf(db, req.params.code),
  );
}
