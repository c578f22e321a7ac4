import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importRoster } from '../roster/roster.import.js';
import { rosterXlsxRoutes } from './roster-xlsx.routes.js';
import type { RouteContext } from './route.context.js';

export function rosterRoutes(
  app: FastifyInstance,
  ctx: Pick<RouteContext, 'db' | 'clock' | 'policies' | 'robotKeys'>,
): void {
  const {
    db,
    clock,
    policies: { sla },
  } = ctx;
  const robotKeys = ctx.robotKeys ?? undefined;
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/roster',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        summary:
          "Import or update one village roster (re-import updates by code, never duplicates; missing card codes are generated, changed ones revoke the old cards' accounts, members left out are deactivated)",
        security: [{ bearer: [] }],
        body: z.looseObject({
          village: z.looseObject({}),
          members: z.array(z.unknown()),
          groups: z.array(z.unknown()),
          households: z.array(z.unknown()),
        }),
        response: {
          200: z.object({
            village: z.string(),
            members: z.number(),
            groups: z.number(),
            households: z.number(),
            generated: z.number(),
            changed: z.number(),
            revoked: z.number(),
            deactivated: z.number(),
            moved: z.number(),
          }),
        },
      },
    },
    async (req) =>
      importRoster(db, req.body, {
        clock,
        sla,
        ...(robotKeys ? { robotKeys } : {}),
        actor: { audit: 'admin', label: null, ip: req.ip },
      }),
  );
  rosterXlsxRoutes(app, db, { clock, sla, ...(robotKeys ? { robotKeys } : {}) });
}
