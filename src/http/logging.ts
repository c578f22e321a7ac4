import type { FastifyServerOptions } from 'fastify';
import { scrubMessage, statementName } from '../log.js';

export { scrubMessage, statementName };

/**
 * What the logs may carry: ids, codes, the kind of statement that failed — never what a person wrote,
 * their phone number, name, address or binding code. Database errors are the risky ones: postgres.js
 * keeps `query`/`parameters`, PGlite `detail` ("Key (bind_code)=(483920) already exists"), and drizzle
 * wraps both in "Failed query: … params: 483920,三组1号,…". They are logged through `safeError`.
 */

/** Headers and bodies are never logged (pino `redact`, in case a line logs the request whole). */
export const redactPaths = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-telegram-bot-api-secret-token"]', 'req.body',
  'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie',
];


const text = (v: unknown, max = 200): string | undefined => (typeof v === 'string' && v ? v.slice(0, max) : undefined);

/**
 * An error as a log line may show it: its type, code, scrubbed message and stack, the constraint, table
 * and column of a database error and the statement's name, its cause the same way. Strings (some
 * adapters log `String(err)`) are scrubbed too. Never copied: parameters, `detail`, `where`, the query text.
 */
export function safeError(err: unknown, depth = 0): unknown {
  if (typeof err === 'string') return scrubMessage(err);
  if (err === null || typeof err !== 'object') return err;
  const e = err as Record<string, unknown>;
  const message = scrubMessage(typeof e.message === 'string' ? e.message : String(err));
  const ctor = text((err as { constructor?: { name?: string } }).constructor?.name);
  const type = (ctor && ctor !== 'Object' ? ctor : undefined) ?? text(e.name) ?? 'Error';
  const out: Record<string, unknown> = { type, message };
  const code = e.code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  const constraint = text(e.constraint_name) ?? text(e.constraint);
  const table = text(e.table_name) ?? text(e.table);
  const column = text(e.column_name) ?? text(e.column);
  const statement = statementName(e.query);
  if (constraint) out.constraint = constraint;
  if (table) out.table = table;
  if (column) out.column = column;
  if (statement) out.statement = statement;
  if (typeof e.stack === 'string') {
    out.stack = [`${type}: ${message}`, ...e.stack.split('\n').filter((l) => /^\s+at /.test(l))].join('\n');
  }
  if (e.cause !== undefined && depth < 3) out.cause = safeError(e.cause, depth + 1);
  return out;
}

type LoggerOption = FastifyServerOptions['logger'];
/** pino's shape for a serialized error; safeError's own output (a scrubbed string for a string). */
const serializeError = (err: unknown) => safeError(err) as { type: string; message: string; stack: string; [key: string]: unknown };

/** The given logger settings with the redaction and the error serializer added (tests pass `{ stream }`). */
export function withSafeLogging(given: LoggerOption): LoggerOption {
  if (!given) return false;
  const base = given === true ? {} : given;
  const redact = base.redact;
  const paths = Array.isArray(redact) ? redact : redact && typeof redact === 'object' ? redact.paths : [];
  return {
    ...base,
    redact: { ...(redact && !Array.isArray(redact) && typeof redact === 'object' ? redact : {}), paths: [...new Set([...redactPaths, ...paths])] },
    serializers: { ...base.serializers, err: serializeError, error: serializeError },
  };
}
