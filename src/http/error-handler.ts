import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../domain/errors.js';

/**
 * Every error leaves as `{ error: { code, message } }` with a stable code. A 5xx never shows
 * internals: the details go to the log with the request id, and the caller gets that id.
 */
function fieldOf(v: { instancePath: string; params?: Record<string, unknown> }): string {
  if (v.instancePath) return v.instancePath.slice(1).replace(/\//g, '.');
  const path = (v.params?.issue as { path?: PropertyKey[] } | undefined)?.path ?? [];
  return path.map(String).join('.');
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({ field: fieldOf(v), message: v.message ?? 'invalid' }));
      const where = err.validationContext ?? 'body';
      return reply.code(400).send({
        error: { code: 'validation.failed', message: fields.map((f) => `${where}${f.field ? `.${f.field}` : ''}: ${f.message}`).join('; '), fields },
      });
    }
    if (err instanceof AppError) {
      return reply.code(err.statusCode).send({ error: { code: err.code, message: err.message, ...(err.details ?? {}) } });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError) {
      return reply.code(400).send({ error: { code: 'body.invalid_json', message: `body: ${err.message}` } });
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: { code: 'body.too_large', message: 'body: too large' } });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.code(415).send({ error: { code: 'body.unsupported_media_type', message: 'body: send application/json' } });
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: { code: 'request.invalid', message: err.message } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ error: { code: 'internal', message: 'Internal error', requestId: req.id } });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: { code: 'route.not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } }));
}
