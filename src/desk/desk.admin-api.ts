import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditLog, liveDeskSessions, revokeDeskSession } from '../data/desk.repository.js';
import { AppError } from '../domain/errors.js';
import type { RouteContext } from '../routes/route.context.js';

const entry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  sessionId: z.number().nullable(),
  details: z.record(z.string(), z.unknown()),
});

/** Admin-token routes of the desk: the audit log and the open sessions (to revoke one). Register inside the admin scope. */
export function deskAdminRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'clock'>): void {
  const { db, clock } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/audit',
    {
      schema: {
        summary:
          'Every desk action (logins, request actions, settings): who, what, when, from which address; newest first',
        security: [{ bearer: [] }],
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
          action: z.string().max(64).optional(),
        }),
        response: { 200: z.object({ items: z.array(entry), nextBefore: z.number().nullable() }) },
      },
    },
    async (req) => {
      const rows = await auditLog(db, {
        limit: req.query.limit,
        ...(req.query.before ? { before: req.query.before } : {}),
        ...(req.query.action ? { action: req.query.action } : {}),
      });
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actor: r.actor,
          action: r.action,
          target: r.target,
          ip: r.ip,
          sessionId: r.sessionId,
          details: r.details,
        })),
        nextBefore: rows.length === req.query.limit ? rows.at(-1)!.id : null,
      };
    },
  );

  api.get(
    '/api/v1/desk/sessions',
    {
      schema: { summary: 'Open desk sessions', security: [{ bearer: [] }] },
    },
    async () => ({
      items: (await liveDeskSessions(db, clock.now())).map((s) => ({
        ...s,
        createdAt: s.createdAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
      })),
    }),
  );

  api.post(
    '/api/v1/desk/sessions/:id/revoke',
    {
      schema: {
        summary: 'Revoke a desk session: its next page asks to log in again',
        security: [{ bearer: [] }],
        params: z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) }),
      },
    },
    async (req) => {
      if (!(await revokeDeskSession(db, req.params.id, clock.now())))
        throw new AppError('request.not_found', `no open desk session ${req.params.id}`);
      return { revoked: req.params.id };
    },
  );
}
