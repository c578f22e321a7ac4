import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { boardRoutes } from './desk.board.js';
import { type DeskDeps, loadUser } from './desk.context.js';
import { exportRoutes } from './desk.export.js';
import { BoardWatch, liveRoutes } from './desk.live.js';
import { loginRoutes } from './desk.login.js';
import { mediationRoutes } from './desk.mediation.js';
import { ratesRoutes } from './desk.rates.js';
import { requestRoutes } from './desk.request.js';
import { rosterRoutes } from './desk.roster.js';
import { rosterBrowseRoutes } from './desk.roster-browse.js';
import { sayThingsRoutes } from './desk.saythings.js';
import { DESK_PATH, langCookie } from './desk.session.js';
import { settingsRoutes } from './desk.settings.js';
import { noticeDeskRoutes } from './desk.notices.js';
import { attachmentRoutes } from './desk.attachments.js';
import { voteRoutes } from './desk.votes.js';

export { deskAdminRoutes } from './desk.admin-api.js';
export { DESK_PATH } from './desk.session.js';
export type { DeskDeps } from './desk.context.js';

const own = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
// Chart.js ships with the package and is served from here: the desk works on a village PC with no internet.
const chartFile = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
const assets: Record<string, { type: string; body: string }> = {
  'desk.css': { type: 'text/css; charset=utf-8', body: own('desk.css') },
  'desk.js': { type: 'text/javascript; charset=utf-8', body: own('desk.js') },
  'desk-village.js': { type: 'text/javascript; charset=utf-8', body: own('desk-village.js') },
  'chart.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(chartFile, 'utf8') },
};

/** A form posted from another site's page is refused: the cookie is SameSite=Strict, and this checks the Origin too. */
function sameOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (req.method !== 'POST' || origin === undefined) return;
  let host: string | null;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    host = null;
  }
  if (host !== req.host.toLowerCase())
    throw new AppError('origin.not_allowed', 'desk forms are accepted from the desk only');
}

/** The secretary's desk at /desk: server-rendered pages, a live board, charts; every route filtered by the session's scope. */
export async function deskRoutes(
  app: FastifyInstance,
  deps: DeskDeps,
  featurePages: readonly ((desk: FastifyInstance, deps: DeskDeps) => void)[] = [],
): Promise<void> {
  const watch = new BoardWatch(deps.db, 1000);
  app.addHook('preClose', async () => {
    watch.closeAll();
  });
  await app.register(async (desk) => {
    desk.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    desk.addHook('onRequest', async (req) => sameOrigin(req));
    desk.get(`${DESK_PATH}/assets/:name`, async (req, reply) => {
      const a = assets[(req.params as { name: string }).name];
      if (!a) throw new AppError('route.not_found', 'no such desk asset');
      return reply.type(a.type).header('cache-control', 'public, max-age=3600').send(a.body);
    });
    desk.get(`${DESK_PATH}/lang`, async (req, reply) => {
      const q = req.query as Record<string, unknown>;
      const to = q.to === 'en' ? 'en' : 'zh';
      // Only back to a desk page: never a redirect to somewhere else.
      const back =
        typeof q.back === 'string' && /^\/desk(\/|\?|$)/.test(q.back) && !q.back.startsWith('//') ? q.back : DESK_PATH;
      return reply.header('set-cookie', langCookie(req, to)).redirect(back, 303);
    });
    desk.get(`${DESK_PATH}/whoami`, async (req) => {
      const user = await loadUser(deps, req);
      if (!user) throw new AppError('auth.missing_token', 'a desk session is required');
      return {
        kind: user.kind,
        scope: user.scope,
        ...(user.kind === 'member' ? { member: user.member.code, village: user.village.code } : {}),
      };
    });
    loginRoutes(desk, deps);
    boardRoutes(desk, deps);
    liveRoutes(desk, deps, watch);
    requestRoutes(desk, deps);
    ratesRoutes(desk, deps);
    sayThingsRoutes(desk, deps);
    settingsRoutes(desk, deps);
    exportRoutes(desk, deps);
    rosterRoutes(desk, deps);
    voteRoutes(desk, deps);
    noticeDeskRoutes(desk, deps);
    mediationRoutes(desk, deps);
    // The features' pages (their `desk` in the one feature list, src/features.ts).
    for (const register of featurePages) register(desk, deps);
    rosterBrowseRoutes(desk, deps);
    attachmentRoutes(desk, deps);
  });
}
