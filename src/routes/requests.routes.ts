import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { households, members, requestEvents, requests, villages } from '../../db/schema.js';
import { requestKinds } from '../domain/classification.js';
import { requestStatuses } from '../domain/request.machine.js';
import { notFound } from '../errors.js';

const listQuery = z.object({
  village: z.string().optional(),
  status: z.enum(requestStatuses).optional(),
  kind: z.enum(requestKinds).optional(),
  assignee: z.string().optional().describe('member code'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const summaryShape = {
  ref: z.number(), reference: z.string(), village: z.string(), kind: z.string(), status: z.string(), urgency: z.string(),
  summary: z.string(), household: z.string(), assignee: z.object({ code: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(), updatedAt: z.string(),
};

const eventShape = z.object({
  at: z.string(), type: z.string(), actor: z.object({ kind: z.string(), id: z.number().nullable(), name: z.string().nullable() }),
  details: z.record(z.string(), z.unknown()),
});

export function requestRoutes(app: FastifyInstance, db: Db): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const base = () => db.select({ r: requests, village: villages.code, household: households.code, assigneeCode: members.code, assigneeName: members.name })
    .from(requests)
    .innerJoin(villages, eq(villages.id, requests.villageId))
    .innerJoin(households, eq(households.id, requests.householdId))
    .leftJoin(members, eq(members.id, requests.assigneeId));
  type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];
  const shape = (x: Row) => ({
    ref: x.r.ref, reference: `#${x.r.ref}`, village: x.village, kind: x.r.kind, status: x.r.status, urgency: x.r.urgency,
    summary: x.r.summary, household: x.household,
    assignee: x.assigneeCode ? { code: x.assigneeCode, name: x.assigneeName! } : null,
    createdAt: x.r.createdAt.toISOString(), updatedAt: x.r.updatedAt.toISOString(),
  });

  api.get('/api/v1/requests', {
    schema: {
      summary: 'List requests (paginated, newest first)', security: [{ bearer: [] }], querystring: listQuery,
      response: { 200: z.object({ items: z.array(z.object(summaryShape)), page: z.number(), pageSize: z.number(), total: z.number() }) },
    },
  }, async (req) => {
    const q = req.query;
    const where: SQL[] = [];
    if (q.village) where.push(eq(villages.code, q.village));
    if (q.status) where.push(eq(requests.status, q.status));
    if (q.kind) where.push(eq(requests.kind, q.kind));
    if (q.assignee) where.push(eq(members.code, q.assignee));
    const cond = where.length ? and(...where) : undefined;
    const rows = await base().where(cond).orderBy(desc(requests.ref)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
    const [total] = await db.select({ n: count() }).from(requests)
      .innerJoin(villages, eq(villages.id, requests.villageId))
      .leftJoin(members, eq(members.id, requests.assigneeId)).where(cond);
    return { items: rows.map(shape), page: q.page, pageSize: q.pageSize, total: Number(total?.n ?? 0) };
  });

  api.get('/api/v1/requests/:ref', {
    schema: {
      summary: 'One request with its full ledger of events', security: [{ bearer: [] }],
      params: z.object({ ref: z.coerce.number().int().positive().max(2_147_483_647) }),
      response: {
        200: z.object({ ...summaryShape, text: z.string(), classifier: z.string().nullable(), resolution: z.string().nullable(),
          rating: z.string().nullable(), details: z.record(z.string(), z.unknown()), events: z.array(eventShape) }),
      },
    },
  }, async (req) => {
    const [row] = await base().where(eq(requests.ref, req.params.ref));
    if (!row) throw notFound('request.not_found', `request #${req.params.ref} not found`);
    const events = await db.select().from(requestEvents).where(eq(requestEvents.requestRef, row.r.ref)).orderBy(asc(requestEvents.id));
    const actorIds = [...new Set(events.filter((e) => e.actorKind === 'member' && e.actorId !== null).map((e) => e.actorId!))];
    const names = new Map(actorIds.length
      ? (await db.select({ id: members.id, name: members.name }).from(members).where(inArray(members.id, actorIds))).map((m) => [m.id, m.name])
      : []);
    return {
      ...shape(row), text: row.r.text, classifier: row.r.classifier, resolution: row.r.resolution, rating: row.r.rating, details: row.r.details,
      events: events.map((e) => ({
        at: e.at.toISOString(), type: e.type, details: e.details,
        actor: { kind: e.actorKind, id: e.actorId, name: e.actorKind === 'member' ? (names.get(e.actorId!) ?? null) : null },
      })),
    };
  });
}
