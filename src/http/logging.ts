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
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.body',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

/**
 * A URL as a log line may show it: the path and the names of its query parameters, never their values.
 * The query strings that reach this service carry WeChat's and WeCom's `signature`, `msg_signature`,
 * `timestamp`, `nonce` and `echostr` (a logged signed URL is a forgery kit in plaintext mode), Open311's
 * `api_key`, the desk's search text `q`, the web chat's media `sig`, people's openids. Rather than a list
 * of secret names that the next route could miss, the one rule for every route is that no value is
 * written; the names stay, so calls can still be told apart.
 */
export function redactUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const name = pair.split('=', 1)[0]!;
      return `${/^[\w.-]{1,40}$/.test(name) ? name : '?'}=*`;
    });
  return `${url.slice(0, at)}?${names.join('&')}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request serializer, with the URL redacted: every `req` in a log line (incoming request, errors) goes through it. */
function serializeRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

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
const serializeError = (err: unknown) =>
  safeError(err) as { type: string; message: string; stack: string; [key: string]: unknown };

/** The given logger settings with the redaction and the error serializer added (tests pass `{ stream }`). */
export function withSafeLogging(given: LoggerOption): LoggerOption {
  if (!given) return false;
  const base = given === true ? {} : given;
  const redact = base.redact;
  const paths = Array.isArray(redact) ? redact : redact && typeof redact === 'object' ? redact.paths : [];
  return {
    ...base,
    redact: {
      ...(redact && !Array.isArray(redact) && typeof redact === 'object' ? redact : {}),
      paths: [...new Set([...redactPaths, ...paths])],
    },
    serializers: { ...base.serializers, err: serializeError, error: serializeError, req: serializeRequest },
  };
}
