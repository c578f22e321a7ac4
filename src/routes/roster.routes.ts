import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../data/database.js';
import { importRoster } from '../roster/roster.import.js';

export function rosterRoutes(app: FastifyInstance, db: Db): void {
  app.withTypeProvider<ZodTypeProvider>().post('/api/v1/roster', {
    bodyLimit: 20 * 1024 * 1024,
    schema: {
      summary: 'Import or update one village roster (re-import updates by code, never duplicates)',
      security: [{ bearer: [] }],
      body: z.looseObject({ village: z.looseObject({}), members: z.array(z.unknown()), groups: z.array(z.unknown()), households: z.array(z.unknown()) }),
      response: { 200: z.object({ village: z.string(), members: z.number(), groups: z.number(), households: z.number() }) },
    },
  }, async (req) => importRoster(db, req.body));
}
