import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type AttachmentRow, findRequestAttachment } from '../data/attachments.repository.js';
import { boardRow } from '../data/desk-board.repository.js';
import { formatRef } from '../domain/reference.js';
import { deskMediaTexts } from '../texts/desk-media.js';
import { type DeskDeps, langOf, requireUser } from './desk.context.js';
import { esc } from './desk.html.js';
import { DESK_PATH } from './desk.session.js';

// Shown in the page only what a browser draws itself and cannot run: raster pictures and sound. Anything else
// (an SVG, a document) is a download, as the admin API serves every file.
const INLINE = /^(image\/(jpeg|png|gif|webp|bmp)|audio\/(mpeg|mp4|aac|ogg|wav|x-wav|webm))$/;

const fileUrl = (ref: number, id: number) => `${DESK_PATH}/requests/${ref}/attachments/${id}`;

/**
 * The attachments of a request as a person sees them: pictures as thumbnails that open large in the page's viewer
 * (the desk's script), voice notes as a player with their words, other files as a download.
 */
export function attachmentsHtml(req: FastifyRequest, ref: number, files: AttachmentRow[], none: string): string {
  const m = deskMediaTexts(langOf(req));
  if (!files.length) return esc(none);
  let photo = 0;
  const items = files.map((f) => {
    const kept = f.state === 'stored' && f.storageKey !== null;
    const label = [m.kind[f.kind] ?? f.kind, f.durationSec ? m.seconds(f.durationSec) : null, f.fileName]
      .filter(Boolean)
      .join(' · ');
    const words = f.transcript ? `<div class="note">${esc(m.transcript)}：${esc(f.transcript)}</div>` : '';
    if (!kept)
      return `<li data-attachment="${f.id}" class="gone">${esc(label)} <span class="muted">${esc(m.gone)}</span>${words}</li>`;
    const url = fileUrl(ref, f.id);
    if (f.kind === 'photo' && INLINE.test(f.mime ?? '')) {
      photo++;
      const alt = m.photoOf(formatRef(ref), photo);
      return `<li data-attachment="${f.id}"><a href="${url}" class="viewable" title="${esc(m.open)}"><img class="thumb" src="${url}" alt="${esc(alt)}" loading="lazy"></a></li>`;
    }
    if (f.kind === 'voice') {
      const player = INLINE.test(f.mime ?? '') ? `<audio controls preload="metadata" src="${url}"></audio>` : '';
      return `<li data-attachment="${f.id}">${esc(label)} ${player} <a href="${url}?download=1">${esc(m.download)}</a>${words}</li>`;
    }
    return `<li data-attachment="${f.id}">${esc(label)} <a href="${url}?download=1">${esc(m.download)}</a>${words}</li>`;
  });
  return `<ul class="attachments" data-close="${esc(m.close)}">${items.join('')}</ul>`;
}

export function attachmentRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.get(`${DESK_PATH}/requests/:ref/attachments/:id`, async (req, reply) => {
    const user = await requireUser(deps, req, reply);
    if (!user) return reply;
    const p = req.params as { ref: string; id: string };
    const ref = /^\d{1,9}$/.test(p.ref) ? Number(p.ref) : null;
    const id = /^\d{1,9}$/.test(p.id) ? Number(p.id) : null;
    // The request must be one the session sees, exactly as its page; otherwise nothing says the file exists.
    const row = ref === null || id === null ? null : await boardRow(deps.db, user.scope, ref);
    const file = row && id !== null ? await findRequestAttachment(deps.db, row.r.ref, id) : null;
    const stored =
      file?.state === 'stored' && file.storageKey && deps.media ? await deps.media.get(file.storageKey) : null;
    if (!file || !stored) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    const mime = file.mime ?? stored.mime;
    const inline = INLINE.test(mime) && (req.query as Record<string, unknown>).download === undefined;
    return reply
      .header('content-type', inline ? mime : 'application/octet-stream')
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${row!.r.ref}-${file.id}"`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=300')
      .send(stored.bytes);
  });
}
