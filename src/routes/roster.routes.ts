import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../data/database.js';
import type { SecretBox } from '../data/secret-box.js';
import type { Clock } from '../domain/clock.js';
import type { SlaPolicy } from '../domain/deadlines.js';
import { importRoster } from '../roster/roster.import.js';
import { rosterXlsxRoutes } from './roster-xlsx.routes.js';

export function rosterRoutes(app: FastifyInstance, db: Db, clock: Clock, sla: SlaPolicy, robotKeys?: SecretBox): void {
  app.withTypeProvider<ZodTypeProvider>().post('/api/v1/roster', {
    bodyLimit: 20 * 1024 * 1024,
    schema: {
      summary: 'Import or update one village roster (re-import updates by code, never duplicates; missing card codes are generated, changed ones revoke the old cards\' accounts, members left out are deactivated)',
      security: [{ bearer: [] }],
      body: z.looseObject({ village: z.looseObject({}), members: z.array(z.unknown()), groups: z.array(z.unknown()), households: z.array(z.unknown()) }),
      response: {
        200: z.object({
          village: z.string(), members: z.number(), groups: z.number(), households: z.number(),
          generated: z.number(), changed: z.number(), revoked: z.number(), deactivated: z.number(), moved: z.number(),
        }),
      },
    },
  }, async (req) => importRoster(db, req.body, { clock, sla, ...(robotKeys ? { robotKeys } : {}), actor: { audit: 'admin', label: null, ip: req.ip } }));
  rosterXlsxRoutes(app, db, { clock, sla, ...(robotKeys ? { robotKeys } : {}) });
}
