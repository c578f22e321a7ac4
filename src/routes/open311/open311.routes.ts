import { createHash } from 'node:crypto';
import { sameSecret } from '../../domain/constant-time.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { open311Requests, refOfToken } from '../../data/open311.repository.js';
import { allVillages, villageByCode, type VillageRow } from '../../data/people.repository.js';
import type { Classifier } from '../../domain/classification.js';
import type { Clock } from '../../domain/clock.js';
import type { SlaPolicy } from '../../domain/deadlines.js';
import { AppError, errorCatalogue } from '../../domain/errors.js';
import { DEFAULT_SPAN_MS, isServiceCode, MAX_REQUESTS, type ServiceCode, statusesFor } from '../../domain/open311.js';
import { fileOpen311Request } from '../../open311/open311.file.js';
import {
  definitionXml,
  discovery,
  discoveryXml,
  serviceDefinition,
  serviceRequest,
  services,
  xmlList,
  type Open311Error,
} from '../../open311/open311.views.js';
import { textsFor } from '../../texts/index.js';
import { formBody } from './open311.form.js';
import type { RouteContext } from '../route.context.js';

export interface Open311Options {
  /** From OPEN311_API_KEYS: who may file requests and read them. */
  apiKeys: { name: string; key: string }[];
  classifier: Classifier;
  sla: SlaPolicy;
  clock: Clock;
  /** Called after a request is filed, so its task cards leave the outbox at once. */
  wake: () => void;
}

/** Filing is a person's report: a client may file this many a minute from one address. */
const POST_BUDGET = { max: 30, timeWindow: 60_000 };
const READ_BUDGET = { max: 300, timeWindow: 60_000 };
const CHANGESET = '2026-12-01T00:00:00Z';

type Format = 'json' | 'xml';
class Open311Failure extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

const t = textsFor('zh');
const e = t.ledger.open311.errors;
const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Open311 GeoReport v2 at /open311/v2 (http://wiki.open311.org/GeoReport_v2): discovery and services are
 * public; reading and filing requests need an api_key from OPEN311_API_KEYS (reading too: these are
 * residents' own words). Every answer is JSON or XML by the path's extension; errors are the spec's
 * `[{ code, description }]`, 403 for a bad key.
 */
export async function open311Routes(
  app: FastifyInstance,
  ctx: Pick<RouteContext, 'db' | 'clock' | 'classifier' | 'policies' | 'wake'> & Pick<Open311Options, 'apiKeys'>,
): Promise<void> {
  const { db } = ctx;
  const opts: Open311Options = {
    apiKeys: ctx.apiKeys,
    classifier: ctx.classifier,
    sla: ctx.policies.sla,
    clock: ctx.clock,
    wake: ctx.wake,
  };
  await app.register(
    async (scope) => {
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 64 * 1024 },
        (_req, body, done) => {
          try {
            done(null, formBody(body as string));
          } catch (err) {
            done(err as Error, undefined);
          }
        },
      );
      scope.setErrorHandler((err, req, reply) => {
        if (err instanceof Open311Failure) return sendError(req, reply, err.status, err.description);
        if (err instanceof AppError) return sendError(req, reply, err.statusCode, err.message);
        if (hasZodFastifySchemaValidationErrors(err)) return sendError(req, reply, 400, err.message);
        const status = (err as { statusCode?: number }).statusCode;
        if (status && status < 500) return sendError(req, reply, status, (err as Error).message);
        req.log.error({ err }, 'open311 request failed');
        return sendError(req, reply, 500, errorCatalogue.internal.en);
      });
      scope.setNotFoundHandler((req, reply) => sendError(req, reply, 404, errorCatalogue['route.not_found'].en));

      const key = (raw: unknown): string => {
        if (opts.apiKeys.length === 0) throw new Open311Failure(403, e.notConfigured);
        const given = typeof raw === 'string' ? digest(raw) : null;
        const hit = given && opts.apiKeys.find((k) => sameSecret(digest(k.key), given));
        if (!hit) throw new Open311Failure(403, e.badKey);
        return hit.name;
      };
      const jurisdiction = async (raw: unknown, required: boolean): Promise<VillageRow | null> => {
        if (typeof raw === 'string' && raw !== '') {
          const v = await villageByCode(db, raw);
          if (!v) throw new Open311Failure(404, e.unknownJurisdiction(raw));
          return v;
        }
        const all = await allVillages(db);
        if (all.length === 1) return all[0]!;
        if (required || all.length > 1) throw new Open311Failure(400, e.jurisdictionRequired);
        return null;
      };
      const format = (req: FastifyRequest): Format => {
        const f = (req.params as { format?: string }).format;
        if (f !== 'json' && f !== 'xml') throw new Open311Failure(404, errorCatalogue['route.not_found'].en);
        return f;
      };
      const send = (reply: FastifyReply, f: Format, json: unknown, xml: () => string, status = 200) =>
        f === 'json'
          ? reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(json))
          : reply.code(status).type('text/xml; charset=utf-8').send(xml());
      const read = { config: { rateLimit: READ_BUDGET }, schema: { hide: true } };

      scope.get('/discovery.:format', read, async (req, reply) => {
        const f = format(req);
        const d = discovery(`${req.protocol}://${req.host}`, CHANGESET);
        return send(reply, f, d, () => discoveryXml(d));
      });

      scope.get('/services.:format', read, async (req, reply) => {
        const f = format(req);
        await jurisdiction((req.query as Record<string, unknown>).jurisdiction_id, false);
        const list = services(t);
        return send(reply, f, list, () => xmlList('services', 'service', list));
      });

      scope.get('/services/:service_code.:format', read, async (req, reply) => {
        const f = format(req);
        const code = (req.params as { service_code: string }).service_code;
        await jurisdiction((req.query as Record<string, unknown>).jurisdiction_id, false);
        if (!isServiceCode(code)) throw new Open311Failure(404, e.unknownService(code));
        const d = serviceDefinition(code);
        return send(reply, f, d, () => definitionXml(d));
      });

      scope.get('/requests.:format', read, async (req, reply) => {
        const f = format(req);
        const q = req.query as Record<string, unknown>;
        key(q.api_key);
        const village = await jurisdiction(q.jurisdiction_id, true);
        const rows = await open311Requests(db, { ...listFilter(q, opts.clock.now()), villageId: village!.id });
        const list = rows.map((r) => serviceRequest(r, t));
        return send(reply, f, list, () => xmlList('service_requests', 'request', list));
      });

      scope.get('/requests/:id.:format', read, async (req, reply) => {
        const f = format(req);
        const q = req.query as Record<string, unknown>;
        key(q.api_key);
        const village = await jurisdiction(q.jurisdiction_id, true);
        const id = (req.params as { id: string }).id;
        const ref = /^\d{1,9}$/.test(id) ? Number(id) : null;
        const rows =
          ref === null
            ? []
            : await open311Requests(db, {
                villageId: village!.id,
                refs: [ref],
                from: new Date(0),
                to: new Date(0),
                limit: 1,
              });
        if (rows.length === 0) throw new Open311Failure(404, e.notFound(id));
        const list = rows.map((r) => serviceRequest(r, t));
        return send(reply, f, list, () => xmlList('service_requests', 'request', list));
      });

      scope.get('/tokens/:token.:format', read, async (req, reply) => {
        const f = format(req);
        key((req.query as Record<string, unknown>).api_key);
        const token = (req.params as { token: string }).token;
        const ref = /^[\w-]{1,64}$/.test(token) ? await refOfToken(db, token) : null;
        if (ref === null) throw new Open311Failure(404, e.notFound(token));
        const list = [{ service_request_id: String(ref), token }];
        return send(reply, f, list, () => xmlList('service_requests', 'request', list));
      });

      scope.post(
        '/requests.:format',
        { config: { rateLimit: POST_BUDGET }, schema: { hide: true } },
        async (req, reply) => {
          const f = format(req);
          const b = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
          const client = key(b.api_key);
          const village = (await jurisdiction(b.jurisdiction_id, true))!;
          const post = postOf(b);
          const filed = await fileOpen311Request(
            db,
            { classifier: opts.classifier, sla: opts.sla, now: opts.clock.now() },
            { ...post, client, village },
          );
          opts.wake();
          const list = [
            {
              service_request_id: String(filed.request.ref),
              token: filed.token,
              service_notice: filed.notice || null,
              account_id: filed.accountId,
            },
          ];
          return send(reply, f, list, () => xmlList('service_requests', 'request', list), 201);
        },
      );
    },
    { prefix: '/open311/v2' },
  );
}

function sendError(req: FastifyRequest, reply: FastifyReply, status: number, description: string): FastifyReply {
  const errors: Open311Error[] = [{ code: status, description }];
  return /\.xml(\?|$)/.test(req.url)
    ? reply
        .code(status)
        .type('text/xml; charset=utf-8')
        .send(xmlList('errors', 'error', errors))
    : reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify(errors));
}

const one = (v: unknown): string | undefined => {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined;
};
const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v])
    .flatMap((x) => (typeof x === 'string' ? x.split(',') : []))
    .map((s) => s.trim())
    .filter(Boolean);

function instant(v: unknown, field: string): Date | undefined {
  const s = one(v);
  if (s === undefined) return undefined;
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) || Number.isNaN(d.getTime()))
    throw new Open311Failure(400, e.invalid(field));
  return d;
}

/** GET requests' parameters; with service_request_id the others are ignored, as the spec says. */
function listFilter(q: Record<string, unknown>, now: Date) {
  const ids = list(q.service_request_id);
  if (ids.length) {
    if (!ids.every((x) => /^\d{1,9}$/.test(x))) throw new Open311Failure(400, e.invalid('service_request_id'));
    return { refs: ids.map(Number), from: new Date(0), to: new Date(0), limit: MAX_REQUESTS };
  }
  const codes = list(q.service_code);
  const bad = codes.find((c) => !isServiceCode(c));
  if (bad) throw new Open311Failure(400, e.unknownService(bad));
  const wanted = list(q.status);
  if (wanted.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Failure(400, e.invalid('status'));
  const start = instant(q.start_date, 'start_date');
  const end = instant(q.end_date, 'end_date');
  const to = end
    ? new Date(end.getTime() + 1)
    : start
      ? new Date(start.getTime() + DEFAULT_SPAN_MS)
      : new Date(now.getTime() + 1);
  const from = start ?? new Date(to.getTime() - DEFAULT_SPAN_MS);
  if (from >= to) throw new Open311Failure(400, e.invalid('end_date'));
  return {
    kinds: codes as ServiceCode[],
    statuses: [...new Set(wanted)].flatMap((s) => statusesFor(s as 'open' | 'closed')),
    from,
    to,
    limit: MAX_REQUESTS,
  };
}

/** POST requests' fields; a location is lat+long, address_string or address_id (or account_id, the household). */
function postOf(b: Record<string, unknown>) {
  const serviceCode = one(b.service_code);
  if (!serviceCode) throw new Open311Failure(400, e.missing('service_code'));
  if (!isServiceCode(serviceCode)) throw new Open311Failure(404, e.unknownService(serviceCode));
  const description = one(b.description);
  if (!description) throw new Open311Failure(400, e.missing('description'));
  if (description.length > 4000) throw new Open311Failure(400, e.invalid('description'));
  const coord = (field: 'lat' | 'long', max: number) => {
    const s = one(b[field]);
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isFinite(n) || Math.abs(n) > max) throw new Open311Failure(400, e.invalid(field));
    return n;
  };
  const lat = coord('lat', 90);
  const long = coord('long', 180);
  if ((lat === undefined) !== (long === undefined))
    throw new Open311Failure(400, e.missing(lat === undefined ? 'lat' : 'long'));
  const addressString = one(b.address_string);
  const addressId = one(b.address_id);
  const accountId = one(b.account_id);
  if (lat === undefined && !addressString && !addressId && !accountId)
    throw new Open311Failure(400, e.missing('lat/long, address_string or address_id'));
  const mediaUrl = one(b.media_url);
  if (mediaUrl !== undefined && !/^https?:\/\/\S{1,2000}$/.test(mediaUrl))
    throw new Open311Failure(400, e.invalid('media_url'));
  for (const [field, max] of [
    ['address_string', 500],
    ['address_id', 64],
    ['account_id', 64],
    ['first_name', 50],
    ['last_name', 50],
    ['email', 200],
    ['phone', 40],
    ['device_id', 200],
  ] as const) {
    const v = one(b[field]);
    if (v !== undefined && v.length > max) throw new Open311Failure(400, e.invalid(field));
  }
  const attributes: Record<string, string | string[]> = {};
  const attr = b.attribute;
  if (attr && typeof attr === 'object' && !Array.isArray(attr)) {
    for (const [k, v] of Object.entries(attr as Record<string, unknown>).slice(0, 50)) {
      if (typeof v === 'string') attributes[k.slice(0, 64)] = v.slice(0, 1000);
      else if (Array.isArray(v))
        attributes[k.slice(0, 64)] = v
          .filter((x): x is string => typeof x === 'string')
          .slice(0, 50)
          .map((x) => x.slice(0, 1000));
    }
  }
  return {
    serviceCode,
    description,
    lat,
    long,
    addressString,
    addressId,
    accountId,
    mediaUrl,
    attributes,
    firstName: one(b.first_name),
    lastName: one(b.last_name),
    email: one(b.email),
    phone: one(b.phone),
    deviceId: one(b.device_id),
  };
}
