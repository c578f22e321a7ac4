import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ChannelContext } from '../../src/channels/adapter.js';
import type { ChannelRoutes, ChannelSocket, HttpRequest, HttpResponse, HttpRoute } from '../../src/channels/http.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Log } from '../../src/log.js';
import { loadHistory } from './web.history.js';
import { newSessionId, sessionCookie, sessionOf, SLOT, webUserId } from './web.session.js';
import { type SocketHub, write } from './web.sockets.js';

export const WEB_CHAT_PATH = '/chat';

const asset = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
const page = { html: asset('web.page.html'), js: asset('web.page.js'), css: asset('web.page.css') };
const CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
  + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), id: z.string().regex(/^[\w-]{1,64}$/), text: z.string().trim().min(1).max(4000) }),
  z.object({ type: z.literal('action'), id: z.string().regex(/^[\w-]{1,64}$/), data: z.string().min(1).max(256) }),
]);

/** A person types slowly; more than this from one page is a script. */
const BURST = { messages: 20, perMs: 10_000 };

export interface WebRouteDeps {
  clock: Clock;
  log: Log;
  hub: SocketHub;
  sessionSecret: string;
  ctx: ChannelContext;
}

/** The web chat: a page, its demo cards, and one WebSocket per open page speaking to the same core as every chat app. */
export function webRoutes(deps: WebRouteDeps): ChannelRoutes {
  const serve = (type: string, body: string): HttpRoute['handler'] => async (req) => {
    const headers: HttpResponse['headers'] = { 'content-type': type, 'content-security-policy': CSP, 'cache-control': 'no-cache' };
    // The page hands out the session; a missing or tampered cookie gets a new one.
    if (type.startsWith('text/html') && !sessionOf(req.headers, deps.sessionSecret)) {
      headers['set-cookie'] = sessionCookie(newSessionId(), deps.sessionSecret, { path: WEB_CHAT_PATH, secure: req.protocol === 'https' });
    }
    return { headers, body };
  };
  const get = (path: string, handler: HttpRoute['handler']): HttpRoute => ({ method: 'GET', path, handler });
  return {
    http: [
      get(WEB_CHAT_PATH, serve('text/html; charset=utf-8', page.html)),
      get(`${WEB_CHAT_PATH}/app.js`, serve('text/javascript; charset=utf-8', page.js)),
      get(`${WEB_CHAT_PATH}/app.css`, serve('text/css; charset=utf-8', page.css)),
      get(`${WEB_CHAT_PATH}/cards`, async () => ({ body: { cards: await deps.ctx.directory.demoCards() } })),
    ],
    sockets: [{ path: `${WEB_CHAT_PATH}/ws`, maxPayload: 64 * 1024, open: (socket, req) => onSocket(socket, req, deps) }],
  };
}

function onSocket(socket: ChannelSocket, req: HttpRequest, deps: WebRouteDeps): void {
  const q = req.query;
  const session = sessionOf(req.headers, deps.sessionSecret);
  if (!session) {
    socket.close(4401, 'no session: reload the page');
    return;
  }
  const slot = q.slot && SLOT.test(q.slot) ? q.slot : 'me';
  const after = Math.max(0, Number.parseInt(q.after ?? '0', 10) || 0);
  const language = q.lang?.slice(0, 16) || null;
  const userId = webUserId(session, slot);
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
    deps.ctx.ingest({
      platform: 'web', messageId: `${userId}:${m.id}`, userId, chatId: userId, chatType: 'private', displayName: null, language,
      text: m.type === 'text' ? m.text : null, action: m.type === 'action' ? m.data : null, unsupported: null, receivedAt: now.toISOString(),
    })
      // A resend of a message already stored is acknowledged too: the page only needs to know it is safe.
      .then(() => write(conn, { type: 'ack', id: m.id }))
      .catch((err) => { deps.log.error({ err: String(err) }, 'web message could not be stored'); write(conn, { type: 'error', code: 'not_stored', id: m.id }); });
  });

  (async () => {
    const who = await deps.ctx.directory.whoIs('web', userId);
    write(conn, { type: 'hello', bound: who !== null, who });
    if (who) deps.hub.tellWho(userId, who, conn);
    deps.hub.replayed(conn, await loadHistory(deps.ctx.directory, userId, after));
  })().catch((err) => {
    deps.log.error({ err: String(err) }, 'web chat could not open');
    socket.close(1011, 'try again');
  });
}
