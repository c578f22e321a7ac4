import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, onRequestAsyncHookHandler } from 'fastify';
import type { ChannelAdapter, ChannelContext } from '../channels/adapter.js';
import type { Budget, ChannelSocket, HttpRequest, HttpResponse, HttpRoute, SocketRoute } from '../channels/http.js';
import { budgetHook } from './limits.js';

/** Public channel routes are the platforms' doors (a webhook, the web chat), not API: hidden from /docs. */
const hidden = { hide: true } as FastifySchema;

function queryOf(req: FastifyRequest): Record<string, string | undefined> {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(q)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}

function headOf(req: FastifyRequest): Omit<HttpRequest, 'body'> {
  return {
    headers: req.headers,
    query: queryOf(req),
    ip: req.ip,
    protocol: req.protocol === 'https' ? 'https' : 'http',
  };
}

function requestOf(req: FastifyRequest): HttpRequest {
  return { ...headOf(req), body: req.body };
}

function reply(res: HttpResponse, out: FastifyReply): FastifyReply {
  out.code(res.status ?? 200);
  for (const [name, value] of Object.entries(res.headers ?? {})) out.header(name, value);
  return out.send(res.body);
}

/** One limiter per budget object: routes that share a budget (the web chat's page and its assets) share the count. */
function limiterFor(scope: FastifyInstance): (budget: Budget | undefined) => onRequestAsyncHookHandler[] {
  const made = new Map<Budget, onRequestAsyncHookHandler>();
  return (budget) => {
    if (!budget) return [];
    let hook = made.get(budget);
    if (!hook) made.set(budget, (hook = budgetHook(scope, budget)));
    return [hook];
  };
}

function mount(scope: FastifyInstance, route: HttpRoute, limit: onRequestAsyncHookHandler[]): void {
  const guard = route.guard
    ? [
        async (req: FastifyRequest) => {
          await route.guard?.(headOf(req));
        },
      ]
    : [];
  scope.route({
    method: route.method,
    url: route.path,
    schema: route.admin
      ? ({ ...(route.summary ? { summary: route.summary } : {}), security: [{ bearer: [] }] } as FastifySchema)
      : hidden,
    ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
    // A route with its own budget counts before its guard, so a caller guessing a secret is slowed too;
    // the app's default budget applies to the others. The adapters clean the platforms' payloads themselves.
    config: { ...(limit.length ? { rateLimit: false as const } : {}), rawText: !route.admin },
    // Before the body is read, so a refused caller's body is never parsed.
    onRequest: [...limit, ...guard],
    handler: async (req, out) => reply(await route.handler(requestOf(req)), out),
  });
}

function mountSocket(
  scope: FastifyInstance,
  route: SocketRoute,
  limit: onRequestAsyncHookHandler[],
  origin: (req: FastifyRequest) => Promise<void>,
): void {
  scope.get(
    route.path,
    {
      websocket: true,
      schema: hidden,
      config: { ...(limit.length ? { rateLimit: false as const } : {}), rawText: true },
      // Refused before the upgrade: a page of another site never gets a socket.
      onRequest: [...limit, origin],
    },
    (socket, req) => route.open(socket as unknown as ChannelSocket, requestOf(req)),
  );
}

export interface ChannelRouteOptions {
  /** onRequest hooks of admin routes: the admin limiter, then the token check. */
  adminHooks: onRequestAsyncHookHandler[];
  /** Refuses a WebSocket upgrade from a page of another origin. */
  originCheck: (req: FastifyRequest) => Promise<void>;
}

/**
 * Mounts what the adapters describe through the port (src/channels/http.ts): admin routes behind the
 * admin guard, public routes and WebSockets hidden from the docs. The adapters never see Fastify.
 */
export async function registerChannelRoutes(
  app: FastifyInstance,
  channels: ChannelAdapter[],
  ctx: ChannelContext,
  opts: ChannelRouteOptions,
): Promise<void> {
  const described = channels.map((c) => c.routes?.(ctx) ?? {});
  const http = described.flatMap((r) => r.http ?? []);
  const sockets = described.flatMap((r) => r.sockets ?? []);
  await app.register(async (admin) => {
    for (const hook of opts.adminHooks) admin.addHook('onRequest', hook);
    for (const route of http.filter((r) => r.admin)) mount(admin, route, []);
  });
  await app.register(async (scope) => {
    if (sockets.length > 0) {
      // One WebSocket server for all of them: it takes the largest message any of them accepts.
      await scope.register(websocket, { options: { maxPayload: Math.max(...sockets.map((s) => s.maxPayload)) } });
    }
    const limiter = limiterFor(scope);
    for (const route of http.filter((r) => !r.admin)) mount(scope, route, limiter(route.rateLimit));
    for (const route of sockets) mountSocket(scope, route, limiter(route.rateLimit), opts.originCheck);
  });
}
