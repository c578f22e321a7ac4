import type { FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';

// NUL and the other C0 controls except tab, line feed and carriage return, and DEL: PostgreSQL cannot store
// NUL in text or JSON, and none of them belongs in a name, an address or a query.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Deeper than any roster or query goes; past it the value is refused rather than walked. */
const MAX_DEPTH = 32;

export interface BadText {
  /** Dotted path inside the part, e.g. `households.3.address`; empty for the part itself. */
  field: string;
  message: string;
}

function problemOf(s: string): string | null {
  if (CONTROL.test(s)) return 'contains a control character';
  if (!s.isWellFormed()) return 'contains an invalid character (a lone surrogate)';
  return null;
}

/** The first string (or object key) in a parsed value that cannot be stored as text, with its path. */
export function findBadText(value: unknown, path: string[] = [], depth = 0): BadText | null {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    return problem ? { field: path.join('.'), message: problem } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return { field: path.join('.'), message: 'is nested too deeply' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadText(value[i], [...path, String(i)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    const keyProblem = problemOf(key);
    if (keyProblem) return { field: path.join('.'), message: `has a key that ${keyProblem}` };
    const found = findBadText(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * preValidation, before any schema or handler sees the request: a NUL or a lone surrogate in the path
 * parameters, the query string or the JSON body is answered 400 naming the field, never passed on to
 * the database (where it used to end as a 500). Routes that take raw platform payloads opt out with
 * `config: { rawText: true }`: the adapters clean what they store.
 */
export async function rejectBadText(req: FastifyRequest): Promise<void> {
  if (req.routeOptions.config.rawText) return;
  const parts: [string, unknown][] = [
    ['params', req.params],
    ['querystring', req.query],
    ['body', req.body],
  ];
  for (const [where, value] of parts) {
    const bad = findBadText(value);
    if (bad) {
      const message = `${where}${bad.field ? `.${bad.field}` : ''}: ${bad.message}`;
      throw new AppError('validation.failed', message, { fields: [{ field: bad.field, message: bad.message }] });
    }
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes a platform's payload as it comes (control characters included) and cleans it itself. */
    rawText?: boolean;
  }
}
