import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AttachmentRow, findRequestAttachment } from '../data/attachments.repository.js';
import { findRequest } from '../data/requests.repository.js';
import { AppError } from '../domain/errors.js';
import { extensionOf } from '../domain/media.js';
import type { RouteContext } from './route.context.js';

const params = z.object({
  ref: z.coerce.number().int().positive().max(2_147_483_647),
  id: z.coerce.number().int().positive().max(2_147_483_647),
});

export const attachmentShape = z.object({
  id: z.number(),
  kind: z.enum(['photo', 'voice', 'file']),
  mime: z.string().nullable(),
  size: z.number().nullable(),
  durationSec: z.number().nullable(),
  platform: z.string(),
  state: z.enum(['stored', 'refused', 'failed', 'deleted']),
  refusal: z.string().nullable(),
  transcript: z.string().nullable(),
  createdAt: z.string(),
  download: z.string().nullable().describe('the download route, while the file is kept'),
});

export function attachmentView(a: AttachmentRow): z.infer<typeof attachmentShape> {
  return {
    id: a.id,
    kind: a.kind,
    mime: a.mime,
    size: a.size,
    durationSec: a.durationSec,
    platform: a.platform,
    state: a.state,
    refusal: a.refusal,
    transcript: a.transcript,
    createdAt: a.createdAt.toISOString(),
    download: a.state === 'stored' ? `/api/v1/requests/${a.requestRef}/attachments/${a.id}` : null,
  };
}

/** One attachment's bytes, behind the admin token (GET /api/v1/requests/:ref lists them). */
export function attachmentRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'media'>): void {
  const { db, media: store } = ctx;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/requests/:ref/attachments/:id',
    {
      schema: { summary: 'Download a photo, voice note or file of a request', security: [{ bearer: [] }], params },
    },
    async (req, reply) => {
      const { ref, id } = req.params;
      if (!(await findRequest(db, ref))) throw new AppError('request.not_found', `request #${ref} not found`);
      const row = await findRequestAttachment(db, ref, id);
      if (!row) throw new AppError('attachment.not_found', `attachment ${id} of #${ref} not found`);
      const stored = row.state === 'stored' && row.storageKey ? await store.get(row.storageKey) : null;
      if (!stored) throw new AppError('attachment.gone', `attachment ${id} of #${ref} has no file`);
      const mime = row.mime ?? stored.mime;
      // Served as a download, never rendered in the admin's origin (a crafted file cannot run as a page there).
      return reply
        .header('content-type', mime)
        .header('content-disposition', `attachment; filename="${ref}-${id}.${extensionOf(mime)}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(stored.bytes);
    },
  );
}
