import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, errorCatalogue } from '../domain/errors.js';
import { statementName } from './logging.js';

/**
 * Every error leaves as `{ error: { code, message } }` with a stable code. A 5xx never shows
 * internals: the details go to the log with the request id, and the caller gets that id.
 */
function fieldOf(v: { instancePath: string; params?: Record<string, unknown> }): string {
  if (v.instancePath) return v.instancePath.slice(1).replace(/\//g, '.');
  const path = (v.params?.issue as { path?: PropertyKey[] } | undefined)?.path ?? [];
  return path.map(String).join('.');
}

/** The PostgreSQL error inside an error (drizzle wraps it in `cause`), by its SQLSTATE. */
function databaseErrorOf(err: unknown): { code: string; constraint?: string; query?: unknown } | null {
  for (
    let e = err as Record<string, unknown> | undefined, depth = 0;
    e && typeof e === 'object' && depth < 4;
    e = e.cause as Record<string, unknown>, depth++
  ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && ('severity' in e || 'routine' in e)) {
      const constraint = e.constraint_name ?? e.constraint;
      return {
        code: e.code,
        ...(typeof constraint === 'string' ? { constraint } : {}),
        query: (err as { query?: unknown }).query ?? e.query,
      };
    }
  }
  return null;
}

/** A browser opening a page gets the polite sentence as a page, not JSON. */
function wantsPage(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? '';
  return req.method === 'GET' && /text\/html/.test(accept);
}

function sendLimited(req: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  const retry = reply.getHeader('retry-after');
  const { zh, en } = errorCatalogue['rate.limited'];
  if (wantsPage(req)) {
    const s = typeof retry === 'number' || typeof retry === 'string' ? String(retry).replace(/\D/g, '') : '';
    return reply
      .code(429)
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
          '<title>请稍等 · Please wait</title><body style="font:20px/1.6 sans-serif;margin:2rem">' +
          `<p>${zh}${s ? `（约 ${s} 秒后）` : ''}。</p><p lang="en">${en}${s ? ` (in about ${s} s)` : ''}.</p></body></html>`,
      );
  }
  return reply.code(429).send({ error: { code: err.code, message: err.message } });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({ field: fieldOf(v), message: v.message ?? 'invalid' }));
      const where = err.validationContext ?? 'body';
      return reply.code(400).send({
        error: {
          code: 'validation.failed',
          message: fields.map((f) => `${where}${f.field ? `.${f.field}` : ''}: ${f.message}`).join('; '),
          fields,
        },
      });
    }
    if (err instanceof AppError) {
      if (err.code === 'rate.limited') return sendLimited(req, reply, err);
      return reply
        .code(err.statusCode)
        .send({ error: { code: err.code, message: err.message, ...(err.details ?? {}) } });
    }
    if (
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err instanceof SyntaxError
    ) {
      return reply.code(400).send({ error: { code: 'body.invalid_json', message: `body: ${err.message}` } });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: { code: 'body.too_large', message: 'body: too large' } });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .code(415)
        .send({ error: { code: 'body.unsupported_media_type', message: 'body: send application/json' } });
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: { code: 'request.invalid', message: err.message } });
    }
    // What the caller sent clashed with what is stored, or cannot be stored: their mistake, not ours. The
    // answer names the constraint at most, never the values (they are a person's code, name or address).
    const db = databaseErrorOf(err);
    if (db && (db.code === '23505' || db.code.startsWith('22'))) {
      req.log.warn({ err, sqlState: db.code, statement: statementName(db.query) }, 'request refused by the database');
      const code = req.url.startsWith('/api/v1/roster') ? 'roster.invalid' : 'request.invalid';
      const message =
        db.code === '23505'
          ? `a value that must be unique is already in use${db.constraint ? ` (${db.constraint})` : ''}`
          : 'a value is out of range or cannot be stored';
      return reply.code(400).send({ error: { code, message } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'Internal error', requestId: req.id } });
  });
}

/** 404 for unknown routes, counted against the caller's budget like any other call. */
export function installNotFound(app: FastifyInstance, preHandler: preHandlerAsyncHookHandler): void {
  app.setNotFoundHandler({ preHandler }, (req, reply) =>
    reply
      .code(404)
      .send({ error: { code: 'route.not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } }),
  );
}
