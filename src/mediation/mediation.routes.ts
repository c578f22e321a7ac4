import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../data/database.js';
import { AppError } from '../domain/errors.js';
import { mediationStatuses } from '../domain/mediation.machine.js';
import { renderCaseFile } from './case-file.html.js';
import { type CaseView, caseView } from './case.view.js';
import { listCases, scheduleReturnVisit } from './schedule.usecase.js';
import { textsFor } from '../texts/index.js';
import type { RouteContext } from '../routes/route.context.js';

const refParams = z.object({ ref: z.coerce.number().int().positive().max(2_147_483_647) });
const person = z.object({ code: z.string(), name: z.string() }).nullable();
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const caseShape = z.object({
  ref: z.number(),
  caseNo: z.string(),
  village: z.string(),
  status: z.enum(mediationStatuses),
  disputeType: z.string(),
  source: z.string(),
  facts: z.string(),
  summary: z.string(),
  acceptedAt: z.string(),
  agreedAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  failReason: z.string().nullable(),
  referral: z.string().nullable(),
  returnVisitDueAt: z.string().nullable(),
  followedUpAt: z.string().nullable(),
  openedBy: person,
  presiding: person,
  assistants: z.array(z.object({ code: z.string(), name: z.string() })),
  parties: z.array(
    z.object({
      id: z.number(),
      role: z.string(),
      name: z.string(),
      household: z.string().nullable(),
      address: z.string().nullable(),
      bound: z.boolean(),
    }),
  ),
  steps: z.array(
    z.object({
      at: z.string(),
      type: z.string(),
      text: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
      actor: z.object({ kind: z.string(), id: z.number().nullable(), name: z.string().nullable() }),
    }),
  ),
  agreement: z
    .object({
      text: z.string(),
      proposedAt: z.string(),
      proposedBy: person,
      effectiveAt: z.string().nullable(),
      confirmations: z.array(
        z.object({
          partyId: z.number(),
          party: z.string(),
          decision: z.string(),
          reason: z.string().nullable(),
          at: z.string(),
          identity: z.object({ id: z.number(), platform: z.string().nullable() }),
        }),
      ),
    })
    .nullable(),
});

function shape(v: CaseView): z.infer<typeof caseShape> {
  return {
    ref: v.ref,
    caseNo: v.caseNo,
    village: v.village,
    status: v.status,
    disputeType: v.disputeType,
    source: v.source,
    facts: v.facts,
    summary: v.summary,
    acceptedAt: v.acceptedAt.toISOString(),
    agreedAt: iso(v.agreedAt),
    failedAt: iso(v.failedAt),
    failReason: v.failReason,
    referral: v.referral,
    returnVisitDueAt: iso(v.returnVisitDueAt),
    followedUpAt: iso(v.followedUpAt),
    openedBy: v.openedBy,
    presiding: v.presiding,
    assistants: v.assistants,
    parties: v.parties,
    steps: v.steps.map((s) => ({ ...s, at: s.at.toISOString() })),
    agreement: v.agreement && {
      ...v.agreement,
      proposedAt: v.agreement.proposedAt.toISOString(),
      effectiveAt: iso(v.agreement.effectiveAt),
      confirmations: v.agreement.confirmations.map((c) => ({ ...c, at: c.at.toISOString() })),
    },
  };
}

async function mustView(db: Db, ref: number): Promise<CaseView> {
  const v = await caseView(db, ref);
  if (!v) throw new AppError('mediation.not_found', `no mediation case for request #${ref}`);
  return v;
}

/** People's mediation cases (人民调解): one case whole, its printable file, and the return-visit date. `ref` is the dispute's request number. */
export function mediationRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'clock'>): void {
  const { db, clock } = ctx;
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/mediations',
    {
      schema: {
        summary: "A village's mediation cases, newest first",
        security: [{ bearer: [] }],
        querystring: z.object({ village: z.string().min(1).max(64) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                ref: z.number(),
                caseNo: z.string(),
                status: z.enum(mediationStatuses),
                acceptedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const items = await listCases(db, req.query.village);
      if (!items) throw new AppError('village.not_found', `village ${req.query.village} not found`);
      return {
        items: items.map((c) => ({
          ref: c.requestRef,
          caseNo: c.caseNo,
          status: c.status,
          acceptedAt: c.acceptedAt.toISOString(),
        })),
      };
    },
  );

  api.get(
    '/api/v1/mediations/:ref',
    {
      schema: {
        summary:
          'One mediation case: number, status, steps with times and actors, parties, agreement with confirmations',
        security: [{ bearer: [] }],
        params: refParams,
        response: { 200: caseShape },
      },
    },
    async (req) => shape(await mustView(db, req.params.ref)),
  );

  api.get(
    '/api/v1/mediations/:ref/file',
    {
      schema: {
        summary:
          'The printable case file (卷宗) as HTML: 受理登记表, 权利义务告知书, 调查记录, 调解记录, 协议书, 回访记录',
        security: [{ bearer: [] }],
        params: refParams,
        querystring: z.object({ lang: z.enum(['zh', 'en']).default('zh') }),
      },
    },
    async (req, reply) => {
      const v = await mustView(db, req.params.ref);
      return reply.type('text/html; charset=utf-8').send(renderCaseFile(v, textsFor(req.query.lang)));
    },
  );

  api.post(
    '/api/v1/mediations/:ref/return-visit',
    {
      schema: {
        summary: 'Sets when the return visit on performance is due (default: 30 days after the agreement)',
        security: [{ bearer: [] }],
        params: refParams,
        body: z.object({ dueAt: z.iso.datetime({ offset: true }) }),
        response: { 200: caseShape },
      },
    },
    async (req) => {
      const done = await scheduleReturnVisit(db, req.params.ref, new Date(req.body.dueAt), clock.now());
      if (!done) throw new AppError('mediation.not_found', `no mediation case for request #${req.params.ref}`);
      return shape(await mustView(db, req.params.ref));
    },
  );
}
