import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';

/**
 * Security headers on every answer (the API, /docs, the web chat, errors): no sniffing, no framing by
 * any site, no referrer. The CSP is what swagger-ui needs (its own scripts, inline styles, data: images);
 * the web chat sends a stricter one of its own. No `upgrade-insecure-requests`: a village server on
 * plain http (a LAN address) would otherwise break its own pages.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Only honoured over https; no includeSubDomains, other hosts of the domain are not ours to decide for.
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  });
}

/** scheme://host[:port] of an Origin header, lower case; null when it is not a URL ("null" from a sandboxed frame). */
function originOf(value: string): string | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? `${u.protocol}//${u.host}`.toLowerCase() : null;
  } catch {
    return null;
  }
}

/**
 * A browser always says which page opens a WebSocket (Origin), and cookies go along whatever the page:
 * only a page of this host (or a configured origin) may open one, so another site cannot talk as the
 * person. A client that sends no Origin is not a browser, and carries no one else's cookie.
 */
export function originCheck(allowed: readonly string[]): (req: FastifyRequest) => Promise<void> {
  const extra = new Set(allowed.map((o) => o.toLowerCase()));
  return async (req) => {
    const header = req.headers.origin;
    if (header === undefined) return;
    const origin = originOf(header);
    if (origin !== null && (extra.has(origin) || origin.slice(origin.indexOf('//') + 2) === req.host.toLowerCase()))
      return;
    throw new AppError('origin.not_allowed', `origin ${origin ?? 'null'} may not open this socket`);
  };
}
