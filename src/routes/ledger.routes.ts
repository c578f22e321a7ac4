import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expandStatuses } from '../domain/ledger.js';
import { AppError } from '../domain/errors.js';
import { requestKinds } from '../domain/classification.js';
import { contentDisposition, exportLedger } from '../ledger/ledger.export.js';
import type { RouteContext } from './route.context.js';

const ledgerQuery = z.object({
  village: z.string().min(1).optional().describe('village code (may be left out when only one village is in scope)'),
  month: z
    .string()
    .optional()
    .describe("YYYY-MM in the village's time zone; the current month when neither month nor from/to is given"),
  from: z.string().optional().describe('a date YYYY-MM-DD (village time) or an ISO 8601 time'),
  to: z.string().optional().describe('a date YYYY-MM-DD (that day included) or an ISO 8601 time'),
  status: z.string().optional().describe('open, a status, or several separated by commas'),
  kind: z.enum(requestKinds).optional(),
  group: z.string().optional().describe('group code'),
  lang: z.enum(['zh', 'en']).default('zh').describe('language of the headers and words (Chinese by default)'),
});

/**
 * The ledger (台账) of a village and period as files: CSV (UTF-8 with a BOM, RFC 4180) and XLSX (the
 * requests, and their timeline on a second sheet). The desk calls exportLedger with a session's scope.
 */
export function ledgerRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'clock'>): void {
  const { db, clock } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const handler =
    (format: 'csv' | 'xlsx') =>
    async (req: { query: z.infer<typeof ledgerQuery> }, reply: import('fastify').FastifyReply) => {
      const q = req.query;
      const statuses =
        q.status === undefined
          ? undefined
          : expandStatuses(
              q.status
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            );
      if (statuses === 'unknown')
        throw new AppError('validation.failed', 'querystring.status: open or a request status', {
          fields: [{ field: 'status', message: 'open or a request status' }],
        });
      const file = await exportLedger(
        db,
        { kind: 'all' },
        {
          village: q.village,
          month: q.month,
          from: q.from,
          to: q.to,
          language: q.lang,
          filter: {
            ...(statuses ? { statuses } : {}),
            ...(q.kind ? { kind: q.kind } : {}),
            ...(q.group ? { group: q.group } : {}),
          },
        },
        format,
        clock.now(),
      );
      return reply
        .type(file.contentType)
        .header('content-disposition', contentDisposition(file))
        .header('x-ledger-rows', String(file.rows))
        .send(file.body);
    };
  api.get(
    '/api/v1/requests.csv',
    {
      schema: {
        summary: 'The ledger (台账) of a village and period as CSV (UTF-8 with BOM, Chinese headers, village time)',
        security: [{ bearer: [] }],
        querystring: ledgerQuery,
      },
    },
    handler('csv'),
  );
  api.get(
    '/api/v1/ledger.xlsx',
    {
      schema: {
        summary: 'The ledger (台账) of a village and period as XLSX: requests, and their timeline on a second sheet',
        security: [{ bearer: [] }],
        querystring: ledgerQuery,
      },
    },
    handler('xlsx'),
  );
}
