import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, errorCatalogue } from '../domain/errors.js';
import { contentDisposition, exportLedger } from '../ledger/ledger.export.js';
import { audit, chrome, type DeskDeps, langOf, requireUser, sendPage, textsOf } from './desk.context.js';
import { esc } from './desk.html.js';
import { DESK_PATH } from './desk.session.js';

const empty = (v: unknown) => (v === '' ? undefined : v);
// Not desk.board's: the board imports this file for its links.
const issueText = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
/** The board's village and period (its other filters are for the screen; the ledger is the period's whole record). */
const exportQuery = z.object({
  village: z.preprocess(empty, z.string().max(64).optional()),
  month: z.preprocess(empty, z.string().max(7).optional()),
  from: z.preprocess(empty, z.string().max(40).optional()),
  to: z.preprocess(empty, z.string().max(40).optional()),
});

/** The board's links: same village and dates as its filters. */
export function exportLinks(
  t: ReturnType<typeof textsOf>,
  q: { village?: string | undefined; from?: string | undefined; to?: string | undefined },
): string {
  const r = t.desk.roster;
  const params = new URLSearchParams();
  for (const k of ['village', 'from', 'to'] as const) if (q[k]) params.set(k, q[k]);
  const qs = params.toString() ? `?${params.toString()}` : '';
  return `<p class="exports no-print" id="exports"><a href="${DESK_PATH}/ledger.csv${esc(qs)}" download>${esc(r.exportCsv)}</a>
    · <a href="${DESK_PATH}/ledger.xlsx${esc(qs)}" download>${esc(r.exportXlsx)}</a> <span class="muted">${esc(r.exportPeriod(q.from, q.to))}</span></p>`;
}

function failPage(
  req: FastifyRequest,
  reply: FastifyReply,
  user: Parameters<typeof chrome>[1],
  status: number,
  message: string,
): FastifyReply {
  const t = textsOf(req);
  return sendPage(
    reply,
    chrome(req, user),
    message,
    `<p class="flash error">${esc(message)}</p><a href="${DESK_PATH}">${esc(t.desk.errors.back)}</a>`,
    status,
  );
}

/** `GET /desk/ledger.csv|xlsx`: the ledger of the session's scope (a group leader's holds their groups only). */
export function exportRoutes(app: FastifyInstance, deps: DeskDeps): void {
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`${DESK_PATH}/ledger.${format}`, async (req, reply) => {
      const user = await requireUser(deps, req, reply);
      if (!user) return reply;
      const t = textsOf(req);
      const q = exportQuery.safeParse(req.query ?? {});
      if (!q.success)
        return failPage(req, reply, user, 400, t.desk.errors.badInput(`querystring.${issueText(q.error)}`));
      try {
        const file = await exportLedger(
          deps.db,
          user.scope,
          { ...q.data, language: langOf(req) },
          format,
          deps.clock.now(),
        );
        await audit(deps, req, user, `ledger.export.${format}`, q.data.village ?? null, { ...q.data, rows: file.rows });
        return reply
          .header('cache-control', 'no-store')
          .header('content-disposition', contentDisposition(file))
          .type(file.contentType)
          .send(file.body);
      } catch (err) {
        // A village outside the scope is "not found", the same as one that does not exist.
        if (!(err instanceof AppError)) throw err;
        const status = errorCatalogue[err.code].status;
        return failPage(
          req,
          reply,
          user,
          status,
          status === 404 ? t.desk.errors.notFound : t.desk.errors.badInput(err.message),
        );
      }
    });
  }
}
