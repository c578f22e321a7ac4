import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Bearer <LINLI_ADMIN_TOKEN>`; with no token configured the admin API stays shut. */
export function adminGuard(token: string | null) {
  const expected = token ? digest(token) : null;
  return async (req: FastifyRequest): Promise<void> => {
    const header = req.headers.authorization;
    const given = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : null;
    if (!given) throw new AppError('auth.missing_token', 'Authorization: Bearer <admin token> required');
    if (!expected || !timingSafeEqual(digest(given), expected)) throw new AppError('auth.invalid_token', 'admin token is not valid');
  };
}
