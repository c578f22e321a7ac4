import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { confirmedLabels } from '../data/labels.repository.js';
import { classificationSchema, requestKinds, urgencies } from '../domain/classification.js';
import type { RouteContext } from './route.context.js';

const labelView = z.object({
  id: z.string(),
  text: z.string(),
  kind: z.enum(requestKinds),
  urgency: z.enum(urgencies),
  split: z.literal('train'),
  guessed: z.enum(requestKinds).nullable(),
  confidence: z.number().nullable(),
});

/** For operators and checks: what the service would make of a message, and which classifier decided. */
export function classifyRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'classifier'>): void {
  const { db, classifier } = ctx;
  // The kinds residents picked when the model was unsure: `npm run linli -- labels export` writes them
  // as labelled rows, and `npm run train -- --with <file>` learns from them.
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/labels',
    {
      schema: {
        summary: 'Kinds residents confirmed when the classifier was unsure, as labelled training rows',
        security: [{ bearer: [] }],
        response: { 200: z.object({ labels: z.array(labelView) }) },
      },
    },
    async () => ({ labels: await confirmedLabels(db) }),
  );

  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/classify',
    {
      schema: {
        summary: 'Classify a resident message (nothing is stored)',
        security: [{ bearer: [] }],
        body: z.object({ text: z.string().min(1).max(16_000) }),
        response: {
          200: classificationSchema.extend({ classifier: z.string(), promptVersion: z.string().optional() }),
        },
      },
    },
    async (req) => {
      const result = await classifier.classify(req.body.text);
      return { ...result, summary: result.summary.slice(0, 40) };
    },
  );
}
