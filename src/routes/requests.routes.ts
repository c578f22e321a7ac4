import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listedRequest, type ListedRequest } from '../data/ledger.repository.js';
import { memberNames } from '../data/people.repository.js';
import { placeOf } from '../data/places.repository.js';
import { eventsOf } from '../data/requests.repository.js';
import { mapLink } from '../domain/place.js';
import { requestAttachments } from '../data/attachments.repository.js';
import { attachmentShape, attachmentView } from './attachments.routes.js';
import { requestKinds } from '../domain/classification.js';
import { AppError } from '../domain/errors.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { listRequestsInScope } from '../ledger/request-list.js';
import type { RouteContext } from './route.context.js';

const listQuery = z.object({
  village: z.string().optional(),
  status: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe(
      'open (every status in which somebody still has to act), a status, several separated by commas, or the parameter repeated',
    ),
  kind: z.enum(requestKinds).optional(),
  assignee: z.string().optional().describe('member code'),
  group: z.string().optional().describe("group code of the requester's household"),
  from: z.string().optional().describe('reported on or after: a date YYYY-MM-DD (village time) or an ISO 8601 time'),
  to: z
    .string()
    .optional()
    .describe('reported up to: a date YYYY-MM-DD (that day included) or an ISO 8601 time (excluded)'),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true: only requests past their running deadline'),
  cursor: z.string().optional().describe('the `next` of the previous page'),
  page: z.coerce.number().int().min(1).optional().describe('offset paging (prefer cursor)'),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

const summaryShape = {
  ref: z.number(),
  reference: z.string(),
  village: z.string(),
  kind: z.string(),
  status: z.string(),
  urgency: z.string(),
  summary: z.string(),
  household: z.string(),
  assignee: z.object({ code: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

const eventShape = z.object({
  at: z.string(),
  type: z.string(),
  actor: z.object({ kind: z.string(), id: z.number().nullable(), name: z.string().nullable() }),
  details: z.record(z.string(), z.unknown()),
});

/**
 * The list masks phone and ID numbers in summaries: it is read on screens shared in the village office.
 * One request (`/:ref`) is the admin looking at a case on purpose: its summary and text are whole.
 */
export function requestRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'clock'>): void {
  const { db, clock } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const shape = (x: ListedRequest, masked: boolean) => ({
    ref: x.r.ref,
    reference: `#${x.r.ref}`,
    village: x.village,
    kind: x.r.kind,
    status: x.r.status,
    urgency: x.r.urgency,
    summary: masked ? maskPersonalNumbers(x.r.summary) : x.r.summary,
    household: x.household,
    assignee: x.assigneeCode ? { code: x.assigneeCode, name: x.assigneeName! } : null,
    createdAt: x.r.createdAt.toISOString(),
    updatedAt: x.r.updatedAt.toISOString(),
  });

  api.get(
    '/api/v1/requests',
    {
      schema: {
        summary: 'List requests (newest first; cursor pagination with `next`)',
        security: [{ bearer: [] }],
        querystring: listQuery,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                ...summaryShape,
                group: z.object({ code: z.string(), name: z.string() }).nullable(),
                deadline: z.object({ stage: z.enum(['accept', 'resolve']), due: z.string() }).nullable(),
                overdue: z.boolean(),
              }),
            ),
            page: z.number(),
            pageSize: z.number(),
            total: z.number(),
            next: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const status = q.status === undefined ? undefined : Array.isArray(q.status) ? q.status : [q.status];
      return listRequestsInScope(db, { kind: 'all' }, { ...q, status }, clock.now());
    },
  );

  api.get(
    '/api/v1/requests/:ref',
    {
      schema: {
        summary: 'One request with its full ledger of events',
        security: [{ bearer: [] }],
        params: z.object({ ref: z.coerce.number().int().positive().max(2_147_483_647) }),
        response: {
          200: z.object({
            ...summaryShape,
            text: z.string(),
            classifier: z.string().nullable(),
            resolution: z.string().nullable(),
            rating: z.string().nullable(),
            details: z.record(z.string(), z.unknown()),
            events: z.array(eventShape),
            attachments: z.array(attachmentShape),
            place: z
              .object({
                lat: z.number(),
                long: z.number(),
                label: z.string().nullable(),
                datum: z.enum(['gcj02', 'wgs84']),
                map: z.string(),
              })
              .nullable()
              .describe(
                'the point the resident shared on the map (WeChat: GCJ-02; Telegram, Open311: WGS-84) and a link that opens it',
              ),
          }),
        },
      },
    },
    async (req) => {
      const row = await listedRequest(db, req.params.ref);
      if (!row) throw new AppError('request.not_found', `request #${req.params.ref} not found`);
      const events = await eventsOf(db, row.r.ref);
      const attachments = (await requestAttachments(db, row.r.ref)).map((a) => attachmentView(a));
      const names = await memberNames(db, [
        ...new Set(events.flatMap((e) => (e.actorKind === 'member' && e.actorId !== null ? [e.actorId] : []))),
      ]);
      return {
        ...shape(row, false),
        text: row.r.text,
        classifier: row.r.classifier,
        resolution: row.r.resolution,
        rating: row.r.rating,
        details: row.r.details,
        events: events.map((e) => ({
          at: e.at.toISOString(),
          type: e.type,
          details: e.details,
          actor: {
            kind: e.actorKind,
            id: e.actorId,
            name: e.actorKind === 'member' && e.actorId !== null ? (names.get(e.actorId) ?? null) : null,
          },
        })),
        attachments,
        place: placeView(row.r),
      };
    },
  );
}

function placeView(r: Parameters<typeof placeOf>[0]) {
  const p = placeOf(r);
  return p ? { ...p, map: mapLink(p) } : null;
}
