import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { classificationSchema, type Classifier } from '../domain/classification.js';

/** For operators and checks: what the service would make of a message, and which classifier decided. */
export function classifyRoutes(app: FastifyInstance, classifier: Classifier): void {
  app.withTypeProvider<ZodTypeProvider>().post('/api/v1/classify', {
    schema: {
      summary: 'Classify a resident message (nothing is stored)',
      security: [{ bearer: [] }],
      body: z.object({ text: z.string().min(1).max(16_000) }),
      response: { 200: classificationSchema.extend({ classifier: z.string(), promptVersion: z.string().optional() }) },
    },
  }, async (req) => {
    const result = await classifier.classify(req.body.text);
    return { ...result, summary: result.summary.slice(0, 40) };
  });
}
