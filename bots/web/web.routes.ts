import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ChannelContext } from '../../src/channels/adapter.js';
import type { ChannelRoutes, ChannelSocket, HttpRequest, HttpResponse, HttpRoute } from '../../src/channels/http.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Log } from '../../src/log.js';
import { sourceKey } from '../../src/domain/binding.js';
import { cleanPlace } from '../../src/domain/place.js';
import { MEDIA_KEY } from '../../src/domain/media.js';
import { loadHistory } from './web.history.js';
import { mediaRoutes, validSignature } from './web.media.js';
import { CLOSE, MAX_TEXT, MessageBudgets, SocketCounts, webBudgets } from './web.limits.js';
import { newSessionId, sessionCookie, sessionOf, SLOT, webUserId } from './web.session.js';
import { type SocketHub, write } from './web.sockets.js';
import { wechatAuthRoutes, type WechatWebAuth } from './web.wechat.js';

export const WEB_CHAT_PATH = '/chat';

const asset = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
const page = { html: asset('web.page.html'), js: asset('web.page.js'), css: asset('web.page.css') };
const CSP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const messageId = z.string().regex(/^[\w-]{1,64}$/);
const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), id: messageId, text: z.string().trim().min(1).max(MAX_TEXT) }),
  z.object({ type: z.literal('action'), id: messageId, data: z.string().min(1).max(256) }),
  // A photo uploaded through /chat/upload, named by its key and the signature the upload gave this page.
  z.object({
    type: z.literal('photo'),
    id: messageId,
    text: z.string().trim().max(MAX_TEXT).optional(),
    key: z.string().regex(MEDIA_KEY),
    sig: z.string().max(64),
  }),
  // The phone's own position (the page's 📍, navigator.geolocation: WGS-84), as a location message is on WeChat.
  z.object({
    type: z.literal('location'),
    id: messageId,
    lat: z.number().min(-90).max(90),
    long: z.number().min(-180).max(180),
  }),
]);

/** What a frame says about itself before it is checked: its id (so a refusal names the message) and whether it is too long. */
function peek(raw: unknown): { id?: string; tooLong: boolean } {
  if (raw === null || typeof raw !== 'object') return { tooLong: false };
  const r = raw as { id?: unknown; text?: unknown };
  const id = messageId.safeParse(r.id);
  return {
    ...(id.success ? { id: id.data } : {}),
    tooLong: typeof r.text === 'string' && r.text.trim().length > MAX_TEXT,
  };
}

export interface WebRouteDeps {
  clock: Clock;
  log: Log;
  hub: SocketHub;
  sessionSecret: string;
  ctx: ChannelContext;
  /** The Official Account's web authorization: the page opened inside WeChat is the person's own account. */
  wechat?: WechatWebAuth;
}

/** What the sockets of one channel share: open sockets per session and address, messages per browser and address. */
interface SocketLimits {
  sockets: SocketCounts;
  messages: MessageBudgets;
}

/** The web chat: a page, its demo cards, and one WebSocket per open page speaking to the same core as every chat app. */
export function webRoutes(deps: WebRouteDeps): ChannelRoutes {
  const serve =
    (type: string, body: string): HttpRoute['handler'] =>
    async (req) => {
      const headers: HttpResponse['headers'] = {
        'content-type': type,
        'content-security-policy': CSP,
        'cache-control': 'no-cache',
      };
      // The page hands out the session; a missing or tampered cookie gets a new one.
      if (type.startsWith('text/html') && !sessionOf(req.headers, deps.sessionSecret)) {
        headers['set-cookie'] = sessionCookie(newSessionId(), deps.sessionSecret, {
          path: WEB_CHAT_PATH,
          secure: req.protocol === 'https',
        });
      }
      return { headers, body };
    };
  // The page and its assets share one budget per address (the same object: the app counts them together).
  const get = (path: string, handler: HttpRoute['handler']): HttpRoute => ({
    method: 'GET',
    path,
    handler,
    rateLimit: webBudgets.page,
  });
  const limits: SocketLimits = {
    sockets: new SocketCounts({ perSession: webBudgets.socketsPerSession, perAddress: webBudgets.socketsPerAddress }),
    messages: new MessageBudgets({ perSession: webBudgets.messages, perAddress: webBudgets.messagesPerAddress }),
  };
  return {
    http: [
      get(WEB_CHAT_PATH, serve('text/html; charset=utf-8', page.html)),
      get(`${WEB_CHAT_PATH}/app.js`, serve('text/javascript; charset=utf-8', page.js)),
      get(`${WEB_CHAT_PATH}/app.css`, serve('text/css; charset=utf-8', page.css)),
      get(`${WEB_CHAT_PATH}/cards`, async () => ({ body: { cards: await deps.ctx.directory.demoCards() } })),
      ...mediaRoutes(deps),
      ...(deps.wechat ? wechatAuthRoutes(deps, deps.wechat) : []),
    ],
    sockets: [
      {
        path: `${WEB_CHAT_PATH}/ws`,
        maxPayload: 64 * 1024,
        rateLimit: webBudgets.upgrades,
        open: (socket, req) => onSocket(socket, req, deps, limits),
      },
    ],
  };
}

function onSocket(socket: ChannelSocket, req: HttpRequest, deps: WebRouteDeps, limits: SocketLimits): void {
  const q = req.query;
  const session = sessionOf(req.headers, deps.sessionSecret);
  if (!session) {
    socket.close(CLOSE.noSession, 'no session: reload the page');
    return;
  }
  if (!limits.sockets.take(session, req.ip)) {
    socket.close(CLOSE.tooManySockets, 'too many open pages');
    return;
  }
  const slot = q.slot && SLOT.test(q.slot) ? q.slot : 'me';
  const after = Math.max(0, Number.parseInt(q.after ?? '0', 10) || 0);
  const language = q.lang?.slice(0, 16) || null;
  const userId = webUserId(session, slot);
  const conn = deps.hub.open(userId, socket, after);
  // Keeps idle connections open through proxies that drop silent ones.
  const ping = setInterval(() => socket.ping(), 25_000);
  socket.on('close', () => {
    clearInterval(ping);
    deps.hub.close(userId, conn);
    limits.sockets.release(session, req.ip);
  });
  socket.on('error', () => socket.close());

  socket.on('message', (raw) => {
    const now = deps.clock.now();
    let json: unknown;
    try {
      json = JSON.parse(String(raw));
    } catch {
      json = undefined;
    }
    // A refusal names the message, so the page drops it instead of sending it again after a reconnect.
    const { id, tooLong } = peek(json);
    const refuse = (code: 'slow_down' | 'too_long' | 'bad_message') =>
      write(conn, { type: 'error', code, ...(id ? { id } : {}) });
    // One budget per browser over all its cards and sockets, and one per address over all its browsers.
    if (!limits.messages.take(session, sourceKey(req.ip), now.getTime())) return refuse('slow_down');
    if (tooLong) return refuse('too_long');
    const parsed = clientMessage.safeParse(json);
    if (!parsed.success) return refuse('bad_message');
    const m = parsed.data;
    if (m.type === 'photo' && !validSignature(deps.sessionSecret, userId, m.key, m.sig)) return refuse('bad_message');
    const location = m.type === 'location' ? cleanPlace({ lat: m.lat, long: m.long, datum: 'wgs84' }) : null;
    if (m.type === 'location' && !location) return refuse('bad_message');
    const photo =
      m.type === 'photo'
        ? [
            {
              kind: 'photo' as const,
              platformId: m.key,
              mime: null,
              size: null,
              durationSec: null,
              recognition: null,
              fileName: null,
            },
          ]
        : null;
    deps.ctx
      .ingest({
        platform: 'web',
        messageId: `${userId}:${m.id}`,
        userId,
        chatId: userId,
        chatType: 'private',
        displayName: null,
        language,
        text: m.type === 'action' || m.type === 'location' ? null : m.text || null,
        action: m.type === 'action' ? m.data : null,
        unsupported: null,
        source: req.ip,
        receivedAt: now.toISOString(),
        ...(photo ? { attachments: photo } : {}),
        ...(location ? { location } : {}),
      })
      // A resend of a message already stored is acknowledged too: the page only needs to know it is safe.
      .then(() => write(conn, { type: 'ack', id: m.id }))
      .catch((err: unknown) => {
        deps.log.error({ err }, 'web message could not be stored');
        write(conn, { type: 'error', code: 'not_stored', id: m.id });
      });
  });

  (async () => {
    const who = await deps.ctx.directory.whoIs('web', userId);
    write(conn, { type: 'hello', bound: who !== null, who, maxText: MAX_TEXT });
    if (who) deps.hub.tellWho(userId, who, conn);
    deps.hub.replayed(conn, await loadHistory(deps.ctx.directory, userId, after, deps.sessionSecret));
  })().catch((err: unknown) => {
    deps.log.error({ err }, 'web chat could not open');
    socket.close(1011, 'try again');
  });
}
