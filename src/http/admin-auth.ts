import { createHash } from 'node:crypto';
import { sameSecret } from '../domain/constant-time.js';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** What the Authorization header says about the caller: the right admin token, none, or a wrong one. */
export type TokenCheck = 'ok' | 'missing' | 'invalid';

export interface AdminAccess {
  /** Reads the header only; the rate limiter uses it to keep wrong tokens on a budget of their own. */
  check(req: Pick<FastifyRequest, 'headers'>): TokenCheck;
  /** An onRequest hook: refuses a missing or wrong token. */
  guard(req: FastifyRequest): Promise<void>;
}

/** `Authorization: Bearer <LINLI_ADMIN_TOKEN>`; with no token configured the admin API stays shut. */
export function adminAccess(token: string | null): AdminAccess {
  const expected = token ? digest(token) : null;
  const check = (req: Pick<FastifyRequest, 'headers'>): TokenCheck => {
    const header = req.headers.authorization;
    const given =
      typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : null;
    if (!given) return 'missing';
    return expected && sameSecret(expected, digest(given)) ? 'ok' : 'invalid';
  };
  return {
    check,
    async guard(req) {
      const state = check(req);
      if (state === 'missing') throw new AppError('auth.missing_token', 'Authorization: Bearer <admin token> required');
      if (state === 'invalid') throw new AppError('auth.invalid_token', 'admin token is not valid');
    },
  };
}

/** The guard alone, for callers that need no rate limiting of their own. */
export function adminGuard(token: string | null): (req: FastifyRequest) => Promise<void> {
  return adminAccess(token).guard;
}
