import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { Ingest } from '../../src/channels/adapter.js';
import { findActor } from '../../src/chat/identity.repo.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Log } from '../../src/log.js';
import { demoCards } from './web.cards.js';
import { loadHistory } from './web.history.js';
import { newSessionId, SESSION_COOKIE, signedInAs, SLOT, webUserId } from './web.session.js';
import { type Socket, type SocketHub, write } from './web.sockets.js';

export const WEB_CHAT_PATH = '/chat';

const asset = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
const page = { html: asset('web.page.html'), js: asset('web.page.js'), css: asset('web.page.css') };
const CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
  + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const hidden = { hide: true } as FastifySchema;

const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), id: z.string().regex(/^[\w-]{1,64}$/), text: z.string().trim().min(1).max(4000) }),
  z.object({ type: z.literal('action'), id: z.string().regex(/^[\w-]{1,64}$/), data: z.string().min(1).max(256) }),
]);

/** A person types slowly; more than this from one page is a script. */
const BURST = { messages: 20, perMs: 10_000 };

export interface WebRouteDeps {
  db: Db;
  clock: Clock;
  log: Log;
  hub: SocketHub;
  sessionSecret: string;
  ingest: Ingest;
}

function ensureSession(req: FastifyRequest, reply: FastifyReply): void {
  const signed = req.cookies[SESSION_COOKIE];
  if (signed && req.unsignCookie(signed).valid) return;
  reply.setCookie(SESSION_COOKIE, newSessionId(), {
    signed: true, httpOnly: true, sameSite: 'lax', path: WEB_CHAT_PATH, maxAge: 365 * 24 * 3600, secure: req.protocol === 'https',
  });
}

/** The web chat: a page, its demo cards, and one WebSocket per open page speaking to the same core as every chat app. */
export function registerWebRoutes(app: FastifyInstance, deps: WebRouteDeps): void {
  void app.register(async (scope) => {
    await scope.register(cookie, { secret: deps.sessionSecret });
    await scope.register(websocket, { options: { maxPayload: 64 * 1024 } });

    const serve = (type: string, body: string) => async (req: FastifyRequest, reply: FastifyReply) => {
      if (type.startsWith('text/html')) ensureSession(req, reply);
      return reply.type(type).header('content-security-policy', CSP).header('cache-control', 'no-cache').send(body);
    };
    scope.get(WEB_CHAT_PATH, { schema: hidden }, serve('text/html; charset=utf-8', page.html));
    scope.get(`${WEB_CHAT_PATH}/app.js`, { schema: hidden }, serve('text/javascript; charset=utf-8', page.js));
    scope.get(`${WEB_CHAT_PATH}/app.css`, { schema: hidden }, serve('text/css; charset=utf-8', page.css));
    scope.get(`${WEB_CHAT_PATH}/cards`, { schema: hidden }, async () => ({ cards: await demoCards(deps.db) }));
    scope.get(`${WEB_CHAT_PATH}/ws`, { websocket: true, schema: hidden }, (socket: Socket, req: FastifyRequest) => onSocket(socket, req, deps));
  });
}

function onSocket(socket: Socket, req: FastifyRequest, deps: WebRouteDeps): void {
  const q = req.query as Record<string, string | undefined>;
  const signed = req.cookies[SESSION_COOKIE];
  const session = signed ? req.unsignCookie(signed) : null;
  if (!session?.valid || !session.value) {
    socket.close(4401, 'no session: reload the page');
    return;
  }
  const slot = q.slot && SLOT.test(q.slot) ? q.slot : 'me';
  const after = Math.max(0, Number.parseInt(q.after ?? '0', 10) || 0);
  const language = q.lang?.slice(0, 16) || null;
  const userId = webUserId(session.value, slot);
  const conn = deps.hub.open(userId, socket, after);
  const recent: number[] = [];
  // Keeps idle connections open through proxies that drop silent ones.
  const ping = setInterval(() => socket.ping(), 25_000);
  socket.on('close', () => { clearInterval(ping); deps.hub.close(userId, conn); });
  socket.on('error', () => socket.close());

  socket.on('message', (raw) => {
    const now = deps.clock.now();
    while (recent.length && recent[0]! <= now.getTime() - BURST.perMs) recent.shift();
    if (recent.length >= BURST.messages) return write(conn, { type: 'error', code: 'slow_down' });
    recent.push(now.getTime());
    let parsed;
    try { parsed = clientMessage.safeParse(JSON.parse(String(raw))); } catch { parsed = null; }
    if (!parsed?.success) return write(conn, { type: 'error', code: 'bad_message' });
    const m = parsed.data;
    deps.ingest({
      platform: 'web', messageId: `${userId}:${m.id}`, userId, chatId: userId, chatType: 'private', displayName: null, language,
      text: m.type === 'text' ? m.text : null, action: m.type === 'action' ? m.data : null, unsupported: null, receivedAt: now.toISOString(),
    })
      // A resend of a message already stored is acknowledged too: the page only needs to know it is safe.
      .then(() => write(conn, { type: 'ack', id: m.id }))
      .catch((err) => { deps.log.error({ err: String(err) }, 'web message could not be stored'); write(conn, { type: 'error', code: 'not_stored', id: m.id }); });
  });

  (async () => {
    const actor = await findActor(deps.db, 'web', userId);
    const who = signedInAs(actor);
    write(conn, { type: 'hello', bound: who !== null, who });
    if (who) deps.hub.tellWho(userId, who, conn);
    deps.hub.replayed(conn, await loadHistory(deps.db, userId, after));
  })().catch((err) => {
    deps.log.error({ err: String(err) }, 'web chat could not open');
    socket.close(1011, 'try again');
  });
}
