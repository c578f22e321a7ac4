import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { villageByCode } from '../data/people.repository.js';
import { carriedOverFrom, sessionTopics } from '../data/requests.repository.js';
import { sessionsBefore } from '../data/sessions.repository.js';
import { AppError } from '../domain/errors.js';
import { currentMonth } from '../domain/ledger.js';
import { monthMetrics } from '../rhythm/metrics.js';
import { upcomingSession } from '../rhythm/say-things.sweep.js';
import type { RouteContext } from './route.context.js';

const rate = z.number().nullable();
const ratesShape = {
  requests: z.number(),
  assigned: z.number(),
  acceptedInTime: z.number(),
  responseRate: rate,
  rated: z.number(),
  solved: z.number(),
  resolutionRate: rate,
  satisfied: z.number(),
  satisfactionRate: rate,
  medianAcceptMinutes: rate,
  medianResolveMinutes: rate,
};
const topicShape = z.object({
  ref: z.number(),
  summary: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
});

export function rhythmRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'clock' | 'policies'>): void {
  const {
    db,
    clock,
    policies: { sla },
  } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/metrics',
    {
      schema: {
        summary: 'The three rates (response, resolution, satisfaction) for a village and month',
        security: [{ bearer: [] }],
        querystring: z.object({
          village: z.string().min(1),
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
            .optional()
            .describe("YYYY-MM; the current month in the village's time zone when left out"),
        }),
        response: {
          200: z.object({
            village: z.string(),
            villageName: z.string(),
            month: z.string(),
            totals: z.object(ratesShape),
            groups: z.array(z.object({ code: z.string(), name: z.string(), ...ratesShape })),
            leaders: z.array(z.object({ code: z.string(), name: z.string(), ...ratesShape })),
          }),
        },
      },
    },
    async (req) => {
      const now = clock.now();
      let month = req.query.month;
      if (month === undefined) {
        const village = await villageByCode(db, req.query.village);
        if (!village) throw new AppError('village.not_found', `village ${req.query.village} not found`);
        month = currentMonth(now, village.timezone);
      }
      const mm = await monthMetrics(db, req.query.village, month, sla, now);
      if (!mm) throw new AppError('village.not_found', `village ${req.query.village} not found`);
      return mm;
    },
  );

  api.get(
    '/api/v1/villages/:code/say-things',
    {
      schema: {
        summary: 'The next say-things day with its topics, and past sessions with their outcomes',
        security: [{ bearer: [] }],
        params: z.object({ code: z.string().min(1) }),
        response: {
          200: z.object({
            next: z.object({ date: z.string(), place: z.string().nullable(), topics: z.array(topicShape) }),
            past: z.array(z.object({ date: z.string(), place: z.string().nullable(), topics: z.array(topicShape) })),
          }),
        },
      },
    },
    async (req) => {
      const village = await villageByCode(db, req.params.code);
      if (!village) throw new AppError('village.not_found', `village ${req.params.code} not found`);
      const next = await upcomingSession(db, village, clock.now());
      const past = await sessionsBefore(db, village.id, next.date);
      const topicsOf = async (sessionId: number) =>
        (await sessionTopics(db, sessionId)).map((r) => ({
          ref: r.ref,
          summary: r.summary,
          status: r.status as string,
          outcome: r.resolution,
        }));
      // A topic carried over now belongs to a later session; the session it left still lists it as carried over.
      const pastTopics = async (sessionId: number, date: string) => {
        const settled = await topicsOf(sessionId);
        const moved = await carriedOverFrom(db, village.id, date);
        return [
          ...settled,
          ...moved.map((r) => ({ ref: r.ref, summary: r.summary, status: 'carried_over', outcome: null })),
        ];
      };
      return {
        next: { date: next.date, place: next.place, topics: await topicsOf(next.id) },
        past: await Promise.all(
          past.map(async (s) => ({ date: s.date, place: s.place, topics: await pastTopics(s.id, s.date) })),
        ),
      };
    },
  );
}
