import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../data/database.js';
import {
  type DeliberationRow,
  deliberationById,
  evaluationCounts,
  householdByCode,
  setVillageTallyRule,
  stagesOf,
  villageDeliberations,
} from '../data/deliberation.repository.js';
import { villageByCode, villageById } from '../data/people.repository.js';
import { findRequest } from '../data/requests.repository.js';
import { formatDeliberation } from '../domain/deliberation.commands.js';
import { deliberationMoves, deliberationStatuses } from '../domain/deliberation.machine.js';
import { AppError } from '../domain/errors.js';
import { createDeliberation, type Mover, moveDeliberation, recordInPerson } from './deliberation.usecase.js';
import { currentTally } from './deliberation.views.js';
import { inviteComments, matterComments } from './comments.usecase.js';
import { outboxSender } from '../messaging/send.js';
import type { RouteContext } from '../routes/route.context.js';

const fraction = z.number().gt(0).max(1);
const quorum = z
  .object({
    turnout: fraction.optional().describe('share of the electorate that must vote, inclusive (default 0.5)'),
    majority: z
      .number()
      .min(0)
      .lt(1)
      .optional()
      .describe('share of the valid votes the first option must exceed (default 0.5)'),
  })
  .strict();
const line = z.string().trim().min(1);
const id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

const createBody = z
  .object({
    village: line.max(64),
    title: line.max(100),
    text: line.max(4000),
    options: z
      .array(line.max(20))
      .min(2)
      .max(9)
      .refine((o) => new Set(o).size === o.length, 'options must differ')
      .optional(),
    electorate: z.enum(['households', 'representatives']),
    /** Household codes whose representative votes; required for a representatives' vote. */
    representatives: z.array(line.max(64)).min(1).max(1000).optional(),
    closesAt: z.iso.datetime({ offset: true }),
    quorum: quorum.optional(),
    /** A resident's proposal or a say-things topic the matter comes from (its request number). */
    fromRequest: z.number().int().positive().max(2_147_483_647).optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.electorate === 'representatives' && !b.representatives)
      ctx.addIssue({
        code: 'custom',
        path: ['representatives'],
        message: 'required when electorate is representatives',
      });
  });

const view = z.object({
  id: z.number(),
  ref: z.string(),
  village: z.string(),
  title: z.string(),
  text: z.string(),
  status: z.enum(deliberationStatuses),
  options: z.array(z.string()),
  tally: z.record(z.string(), z.number()),
  voted: z.number(),
  inPerson: z.number(),
  electorate: z.number(),
  electorateKind: z.enum(['households', 'representatives']),
  quorumMet: z.boolean(),
  result: z.enum(['passed', 'rejected']).nullable(),
  closesAt: z.string(),
  sourceRef: z.number().nullable(),
  evaluation: z.record(z.string(), z.number()),
  stages: z.array(
    z.object({
      move: z.string(),
      status: z.string(),
      at: z.string(),
      actor: z.object({ kind: z.string(), id: z.number().nullable() }),
      notes: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
  /** What invited households replied while the matter was discussed (议事 D3 征求意见), oldest first. */
  comments: z.array(
    z.object({
      household: z.object({
        code: z.string(),
        head: z.string(),
        group: z.string().nullable(),
        address: z.string().nullable(),
      }),
      at: z.string(),
      text: z.string(),
    }),
  ),
});

async function viewOf(db: Db, d: DeliberationRow, villageCode: string): Promise<z.infer<typeof view>> {
  const t = await currentTally(db, d);
  return {
    id: d.id,
    ref: formatDeliberation(d.id),
    village: villageCode,
    title: d.title,
    text: d.text,
    status: d.status,
    options: d.options,
    tally: Object.fromEntries(d.options.map((o, i) => [o, t.counts[i] ?? 0])),
    voted: t.voted,
    inPerson: t.inPerson,
    electorate: t.electorate,
    electorateKind: d.electorate,
    quorumMet: t.quorumMet,
    result: t.result,
    closesAt: d.closesAt.toISOString(),
    sourceRef: d.sourceRef,
    evaluation: await evaluationCounts(db, d.id),
    stages: (await stagesOf(db, d.id)).map((s) => ({
      move: s.move,
      status: s.status,
      at: s.at.toISOString(),
      actor: { kind: s.actorKind, id: s.actorId },
      notes: s.notes,
      details: s.details,
    })),
    comments: (await matterComments(db, d)).map(({ comment, household: h }) => ({
      household: { code: h.code, head: h.head, group: h.groupName, address: h.address },
      at: comment.at.toISOString(),
      text: comment.text,
    })),
  };
}

const moveBody = z
  .object({
    notes: z.string().trim().max(4000).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    closesAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** Village deliberation (四议两公开) for the secretary's operator and the desk; every move is the one the chat makes. */
export function deliberationRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'clock'>): void {
  const { db, clock } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const security = [{ bearer: [] }];
  const load = async (did: number) => {
    const d = await deliberationById(db, did);
    if (!d) throw new AppError('deliberation.not_found', `deliberation ${did} not found`);
    return d;
  };
  const show = async (d: DeliberationRow) => viewOf(db, d, (await villageById(db, d.villageId))?.code ?? '');
  const mover = <T>(work: (ctx: Mover) => Promise<T>) => {
    const now = clock.now();
    return db.transaction((tx) => work({ tx, now, send: outboxSender(tx, now), by: { kind: 'admin', id: null } }));
  };

  api.post(
    '/api/v1/deliberations',
    {
      schema: {
        summary: 'Propose a matter for the village to deliberate (党支部提议)',
        security,
        body: createBody,
        response: { 200: view },
      },
    },
    async (req) => {
      const b = req.body;
      const village = await villageByCode(db, b.village);
      if (!village) throw new AppError('village.not_found', 'village not found');
      const closesAt = new Date(b.closesAt);
      const representatives: number[] = [];
      for (const [i, code] of (b.representatives ?? []).entries()) {
        const h = await householdByCode(db, village.id, code);
        if (!h)
          throw new AppError('validation.failed', `body.representatives.${i}: no such household`, {
            fields: [{ field: `representatives.${i}`, message: 'no such household' }],
          });
        representatives.push(h.id);
      }
      if (b.fromRequest !== undefined) {
        const r = await findRequest(db, b.fromRequest);
        if (!r || r.villageId !== village.id)
          throw new AppError('request.not_found', `request ${b.fromRequest} not found`);
      }
      const d = await mover((ctx) =>
        createDeliberation(ctx, village, {
          title: b.title,
          text: b.text,
          ...(b.options ? { options: b.options } : {}),
          electorate: b.electorate,
          representatives,
          closesAt,
          ...(b.quorum ? { quorum: b.quorum } : {}),
          sourceRef: b.fromRequest ?? null,
        }),
      );
      return viewOf(db, d, village.code);
    },
  );

  api.get(
    '/api/v1/deliberations',
    {
      schema: {
        summary: "A village's deliberations, newest first (for the desk)",
        security,
        querystring: z.object({ village: line.max(64), limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: z.object({ village: z.string(), deliberations: z.array(view) }) },
      },
    },
    async (req) => {
      const village = await villageByCode(db, req.query.village);
      if (!village) throw new AppError('village.not_found', `village ${req.query.village} not found`);
      const rows = await villageDeliberations(db, village.id, req.query.limit);
      return { village: village.code, deliberations: await Promise.all(rows.map((d) => viewOf(db, d, village.code))) };
    },
  );

  api.get(
    '/api/v1/deliberations/:id',
    {
      schema: {
        summary: 'A deliberation: stage, tally per option (households), turnout, quorum and result',
        security,
        params: id,
        response: { 200: view },
      },
    },
    async (req) => show(await load(req.params.id)),
  );

  for (const move of deliberationMoves) {
    api.post(
      `/api/v1/deliberations/:id/${move}`,
      {
        schema: {
          summary: `Move a deliberation: ${move}`,
          security,
          params: id,
          body: moveBody.nullish(),
          response: {
            200: view.extend({ sent: z.object({ accounts: z.number(), households: z.number(), rooms: z.number() }) }),
          },
        },
      },
      async (req) => {
        await load(req.params.id);
        const b = req.body ?? {};
        const out = await mover((ctx) =>
          moveDeliberation(ctx, req.params.id, move, {
            notes: b.notes ?? null,
            ...(b.details ? { details: b.details } : {}),
            ...(b.closesAt ? { closesAt: new Date(b.closesAt) } : {}),
          }),
        );
        return {
          ...(await show(out.row)),
          sent: { accounts: out.accounts, households: out.households, rooms: out.rooms },
        };
      },
    );
  }

  api.post(
    '/api/v1/deliberations/:id/invite-comments',
    {
      schema: {
        summary:
          "Invite the comments of the matter's households while it is discussed (征求意见): a plain reply is recorded as the household's comment until the vote opens",
        security,
        params: id,
        body: z
          .object({ notes: z.string().trim().max(4000).optional(), days: z.number().int().min(1).max(60).optional() })
          .strict()
          .nullish(),
        response: { 200: view.extend({ sent: z.object({ accounts: z.number(), households: z.number() }) }) },
      },
    },
    async (req) => {
      await load(req.params.id);
      const b = req.body ?? {};
      const out = await mover((ctx) => inviteComments(ctx, req.params.id, b.notes ?? '', b.days ?? null));
      return { ...(await show(out.row)), sent: { accounts: out.accounts, households: out.households } };
    },
  );

  api.post(
    '/api/v1/deliberations/:id/votes/in-person',
    {
      schema: {
        summary: 'Record the vote a household gave in person (no phone): marked, and the household cannot vote in chat',
        security,
        params: id,
        body: z.object({ household: line.max(64), option: line.max(20) }).strict(),
        response: { 200: view },
      },
    },
    async (req) => {
      await load(req.params.id);
      await mover((ctx) => recordInPerson(ctx, req.params.id, req.body.household, req.body.option));
      return show(await load(req.params.id));
    },
  );

  api.put(
    '/api/v1/villages/:code/tally-rule',
    {
      schema: {
        summary: "The village's own tally rule (turnout and majority fractions) for its deliberations",
        security,
        params: z.object({ code: line.max(64) }),
        body: z.object({ turnout: fraction, majority: z.number().min(0).lt(1) }).strict(),
        response: { 200: z.object({ village: z.string(), turnout: z.number(), majority: z.number() }) },
      },
    },
    async (req) => {
      const village = await villageByCode(db, req.params.code);
      if (!village) throw new AppError('village.not_found', `village ${req.params.code} not found`);
      await setVillageTallyRule(db, village.id, req.body, clock.now());
      return { village: village.code, ...req.body };
    },
  );
}
