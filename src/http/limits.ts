import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Budget } from '../channels/http.js';
import { AppError } from '../domain/errors.js';
import type { AdminAccess } from './admin-auth.js';

/**
 * Calls per client address (req.ip: behind a proxy, trust it with LINLI_TRUST_PROXY, or every caller
 * shares the proxy's budget). Chosen for a village: one household's phone never comes near them, a
 * village behind one carrier-grade NAT address still fits, a script hammering the service does not.
 * The adapters set their own (the Telegram webhook, the web chat page and its socket) on their routes.
 */
export const httpBudgets = {
  /** Any route without a budget of its own: /healthz, /docs, a 404. */
  anyRoute: { max: 600, perMs: 60_000 },
  /** The admin API with the right token: a dashboard, a script importing rosters, an export. */
  admin: { max: 1200, perMs: 60_000 },
  /** The admin API without the right token: someone guessing. A mistyped token is a handful of calls. */
  adminRefused: { max: 30, perMs: 15 * 60_000 },
} as const satisfies Record<string, Budget>;

const refused = (after: string) => new AppError('rate.limited', `too many requests: try again in ${after}`);

/** The rate limiter on every route (onRequest, before the body is read); call before any route is added. */
export async function installRateLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: httpBudgets.anyRoute.max,
    timeWindow: httpBudgets.anyRoute.perMs,
    // Keys are addresses (IPv6 by /64); the store keeps the most recent 10,000 of them.
    cache: 10_000,
    errorResponseBuilder: (_req, ctx) => refused(ctx.after),
  });
}

/** An onRequest hook with its own budget, for routes that count before their guard runs. */
export function budgetHook(app: FastifyInstance, budget: Budget): onRequestAsyncHookHandler {
  return app.rateLimit({ max: budget.max, timeWindow: budget.perMs }) as onRequestAsyncHookHandler;
}

/**
 * The admin API's limiter, run before the token check: callers with the right token share a generous
 * budget per address; calls without it have a small one of their own, so guessing is slow and a
 * guesser never uses up the operator's budget from the same address.
 */
export function adminLimiter(app: FastifyInstance, access: AdminAccess): onRequestAsyncHookHandler {
  const ok = (key: string) => key.endsWith('|ok');
  return app.rateLimit({
    keyGenerator: (req: FastifyRequest) => `${normalizeIP(req.ip)}|${access.check(req) === 'ok' ? 'ok' : 'refused'}`,
    max: (_req, key) => (ok(key) ? httpBudgets.admin.max : httpBudgets.adminRefused.max),
    timeWindow: (_req, key) => (ok(key) ? httpBudgets.admin.perMs : httpBudgets.adminRefused.perMs),
  }) as onRequestAsyncHookHandler;
}
