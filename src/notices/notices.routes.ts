import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { groupsByCodes, noticeById, noticeCounts, recentNotices } from '../data/notices.repository.js';
import { villageByCode, villageById } from '../data/people.repository.js';
import { formatNotice } from '../domain/deliberation.commands.js';
import { AppError } from '../domain/errors.js';
import { outboxSender } from '../messaging/send.js';
import { publishNotice } from './notices.usecase.js';
import type { RouteContext } from '../routes/route.context.js';

const line = z.string().trim().min(1);
const categories = ['affairs', 'finance', 'decision', 'other'] as const;
const counts = z.object({
  queued: z.object({ rooms: z.number(), residents: z.number() }),
  delivered: z.object({ rooms: z.number(), residents: z.number() }),
  reads: z.number(),
  householdsRead: z.number(),
});
const view = z
  .object({
    id: z.number(),
    ref: z.string(),
    village: z.string(),
    title: z.string(),
    text: z.string(),
    category: z.enum(categories),
    groups: z.array(z.number()),
    toResidents: z.boolean(),
    createdAt: z.string(),
    deliberationId: z.number().nullable(),
  })
  .extend(counts.shape);

/** Open village affairs (村务公开): post a notice to the groups' chats (and residents), and see who got and read it. */
export function noticeRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'clock'>): void {
  const { db, clock } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearer: [] }];

  api.post(
    '/api/v1/notices',
    {
      schema: {
        summary:
          'Post a notice to the linked group chats of the groups (all when none named) and, with toResidents, to their bound residents',
        security,
        body: z
          .object({
            village: line.max(64),
            title: line.max(100),
            text: line.max(4000),
            groups: z.array(line.max(64)).max(100).optional(),
            category: z.enum(categories),
            toResidents: z.boolean().default(false),
          })
          .strict(),
        response: { 200: view },
      },
    },
    async (req) => {
      const b = req.body;
      const village = await villageByCode(db, b.village);
      if (!village) throw new AppError('village.not_found', 'village not found');
      const codes = [...new Set(b.groups ?? [])];
      const found = await groupsByCodes(db, village.id, codes);
      const missing = (b.groups ?? []).findIndex((c) => !found.some((g) => g.code === c));
      if (missing >= 0)
        throw new AppError('validation.failed', `body.groups.${missing}: no such group`, {
          fields: [{ field: `groups.${missing}`, message: 'no such group' }],
        });
      const now = clock.now();
      const { notice } = await db.transaction((tx) =>
        publishNotice({ tx, now, send: outboxSender(tx, now) }, village, {
          title: b.title,
          text: b.text,
          category: b.category,
          groupIds: found.map((g) => g.id),
          toResidents: b.toResidents,
        }),
      );
      return { ...shape(notice, village.code), ...(await noticeCounts(db, notice.id)) };
    },
  );

  api.get(
    '/api/v1/notices',
    {
      schema: {
        summary: "A village's notices, newest first, with their counts (for the desk)",
        security,
        querystring: z.object({ village: line.max(64), limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: z.object({ village: z.string(), notices: z.array(view) }) },
      },
    },
    async (req) => {
      const village = await villageByCode(db, req.query.village);
      if (!village) throw new AppError('village.not_found', `village ${req.query.village} not found`);
      const rows = await recentNotices(db, village.id, req.query.limit);
      return {
        village: village.code,
        notices: await Promise.all(
          rows.map(async (n) => ({ ...shape(n, village.code), ...(await noticeCounts(db, n.id)) })),
        ),
      };
    },
  );

  api.get(
    '/api/v1/notices/:id',
    {
      schema: {
        summary: 'A notice with how many chats and accounts it was queued for, delivered to and read by',
        security,
        params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }),
        response: { 200: view },
      },
    },
    async (req) => {
      const notice = await noticeById(db, req.params.id);
      if (!notice) throw new AppError('notice.not_found', `notice ${req.params.id} not found`);
      const village = await villageById(db, notice.villageId);
      return { ...shape(notice, village?.code ?? ''), ...(await noticeCounts(db, notice.id)) };
    },
  );
}

function shape(n: NonNullable<Awaited<ReturnType<typeof noticeById>>>, village: string) {
  return {
    id: n.id,
    ref: formatNotice(n.id),
    village,
    title: n.title,
    text: n.text,
    category: n.category,
    groups: n.groupIds,
    toResidents: n.toResidents,
    createdAt: n.createdAt.toISOString(),
    deliberationId: n.deliberationId,
  };
}
