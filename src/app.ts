import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  type onRequestHookHandler,
} from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Database } from './data/database.js';
import { takeOverLeftLeases } from './data/takeover.repository.js';
import type { ChannelAdapter, ChannelContext, Ingest } from './channels/adapter.js';
import { createChannelDirectory } from './chat/channel.directory.js';
import { channelEvents } from './chat/channel.events.js';
import { registerChannelRoutes } from './http/channel-routes.js';
import { storeInbound } from './data/inbound.repository.js';
import { releaseHeld } from './data/outbox.repository.js';
import { createPlatformTokenStore } from './data/platform-tokens.repository.js';
import { createPushNonceStore } from './data/push-nonces.repository.js';
import { createGroupRobotKeys } from './data/robots.repository.js';
import { robotKeyBox } from './data/secret-box.js';
import { InboundWorker } from './chat/inbound.worker.js';
import { ROSTER_CHANNEL, rosterChanged } from './data/roster.cache.js';
import { databaseFanout } from './data/fanout.js';
import type { MediaDeps } from './chat/media.fetch.js';
import { createUploadKeeper } from './chat/web-uploads.usecase.js';
import { createMemoryMediaStore } from './data/media.store.js';
import type { InboundAttachment } from './channels/channel.port.js';
import { DEFAULT_MEDIA_MAX_BYTES, defaultUploadPolicy, type MediaOptions } from './domain/media.js';
import type { Classifier } from './domain/classification.js';
import type { Clock } from './domain/clock.js';
import type { Log } from './log.js';
import { adminAccess } from './http/admin-auth.js';
import { installErrorHandling, installNotFound } from './http/error-handler.js';
import { rejectBadText } from './http/input.js';
import { adminLimiter, installRateLimits } from './http/limits.js';
import { withSafeLogging } from './http/logging.js';
import { installSecurityHeaders, originCheck } from './http/security.js';
import { errorCatalogue, errorCodes } from './domain/errors.js';
import { defaultSla, type SlaPolicy } from './domain/deadlines.js';
import type { Policies } from './domain/policies.js';
import type { RouteContext } from './routes/route.context.js';
import { defaultIdentityPolicy, type IdentityPolicy } from './domain/binding.js';
import { type JobQueue, startJobQueue } from './jobs/job-queue.js';
import { OutboxDispatcher } from './outbox/outbox.dispatcher.js';
import { deliveryRecorder } from './outbox/delivery.usecase.js';
import { identityAdopter } from './chat/adopt.usecase.js';
import { createSubscriptionStore } from './data/mp-subscriptions.repository.js';
import { runTick, type TickResult } from './rhythm/tick.js';
import { cardsRoutes } from './routes/cards.routes.js';
import { demoRoutes } from './routes/demo.routes.js';
import { channelRoutes } from './routes/channels.routes.js';
import { classifyRoutes } from './routes/classify.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { identitiesRoutes } from './routes/identities.routes.js';
import { ledgerRoutes } from './routes/ledger.routes.js';
import { open311Routes } from './routes/open311/open311.routes.js';
import { requestRoutes } from './routes/requests.routes.js';
import { attachmentRoutes } from './routes/attachments.routes.js';
import { rhythmRoutes } from './routes/rhythm.routes.js';
import { rosterRoutes } from './routes/roster.routes.js';
import { runtimeRoutes } from './routes/runtime.routes.js';
import { deskAdminRoutes, deskRoutes } from './desk/desk.routes.js';
import { randomBytes } from 'node:crypto';
import { type BackupOptions, type NightlyBackup, nightlyBackup } from './jobs/nightly-backup.js';
import { backupRoutes } from './routes/backup.routes.js';
import { installedFeatures } from './features.js';

export interface AppDeps {
  database: Database;
  clock: Clock;
  /** The classifier, or a factory given the app's logger. */
  classifier: Classifier | ((log: Log) => Classifier);
  /** The adapters, or a factory given the app's logger. */
  channels: ChannelAdapter[] | ((log: Log) => ChannelAdapter[]);
  /** null keeps the admin API shut (every call 401). */
  adminToken: string | null;
  logger?: FastifyServerOptions['logger'];
  /** How the HTTP server treats its clients; every field has a production default. */
  http?: HttpOptions;
  /** How often the queues look for work when nobody woke them. */
  pollMs?: number;
  outboxBaseDelayMs?: number;
  /** Response windows; the defaults follow the county practice in DOMAIN.md. */
  sla?: SlaPolicy;
  /** Binding throttles and the household account limit (LINLI_BIND_*, LINLI_HOUSEHOLD_MAX_ACCOUNTS); defaults in src/domain/binding.ts. */
  identity?: IdentityPolicy;
  /** Run timed work on the Postgres-backed job queue (off in tests that drive ticks by hand). */
  jobs?: boolean;
  /** Open311 GeoReport v2 clients (OPEN311_API_KEYS); none: /open311/v2 reads services only and refuses filing with 403. */
  open311?: { apiKeys: { name: string; key: string }[] };
  /**
   * Demo mode (LINLI_DEMO=true or `--demo`): the demo village's cards are offered on /chat/cards, its codes
   * bind and its members may use the desk. Off unless said: then the demo village, if any, is inert.
   */
  demo?: boolean;
  /**
   * The service process (server.ts), not a test's app: leases killed processes left are taken over at start —
   * embedded, because this process holds the data folder's lock; on PostgreSQL, when no other instance holds
   * the instances' lock (Database.standAsInstance). Never set where several apps share one database in one
   * process (tests).
   */
  ownsDatabase?: boolean;
  /** Signs the desk's session cookie (LINLI_SESSION_SECRET or the web chat's fallback); a random one per process otherwise. */
  deskSecret?: string;
  /** Photos and voice notes: where they are kept (in memory unless given), limits, transcription and retention. */
  media?: MediaOptions;
  /** Backups: the data folder to archive (GET /api/v1/backup) and the nightly job's folder and retention; none: no backup. */
  backup?: BackupOptions;
}

export type { MediaOptions };

export interface HttpOptions {
  /** Fastify's trustProxy (LINLI_TRUST_PROXY): which proxies' X-Forwarded-For to believe for the client address. */
  trustProxy?: boolean | number | string[];
  /** Origins besides the page's own host that may open the web chat's socket (LINLI_WEB_ORIGINS). */
  webOrigins?: string[];
  /** Longest a request may take to arrive whole, headers and body (LINLI_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** A connection silent this long is closed. */
  connectionTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this (above the usual 60 s of a proxy in front). */
  keepAliveTimeoutMs?: number;
}

/** Production defaults of HttpOptions. */
export const httpDefaults = {
  requestTimeoutMs: 60_000,
  connectionTimeoutMs: 120_000,
  keepAliveTimeoutMs: 72_000,
} as const;

export interface Linli {
  ingest: Ingest;
  /** Runs the timed work due at this instant (the job queue calls it each minute; tests call it directly). */
  tick(now?: Date): Promise<TickResult>;
  /** The job queue, once the app is ready (when enabled). */
  jobs: JobQueue | null;
  inbound: InboundWorker;
  outbox: OutboxDispatcher;
  /** The nightly backup (when configured): the tick asks it each minute; tests call it directly. */
  backup: NightlyBackup | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    linli: Linli;
  }
}

/** The core's admin API, behind the admin token: each takes the app and the route context (the features' are their `routes`). */
const adminRoutes: ((app: FastifyInstance, ctx: RouteContext) => void)[] = [
  requestRoutes,
  ledgerRoutes,
  attachmentRoutes,
  rosterRoutes,
  cardsRoutes,
  demoRoutes,
  classifyRoutes,
  rhythmRoutes,
  channelRoutes,
  identitiesRoutes,
  deskAdminRoutes,
  runtimeRoutes,
  backupRoutes,
];

/** The API's front page in /docs, with every error code the API can answer. */
function apiDescription(): string {
  const rows = errorCodes.map(
    (code) =>
      `| \`${code}\` | ${errorCatalogue[code].status} | ${errorCatalogue[code].zh} · ${errorCatalogue[code].en} |`,
  );
  return [
    'Village affairs: requests, roster, the three rates, say-things day, channels.',
    '',
    'Errors are `{ "error": { "code", "message" } }` with one of these codes:',
    '',
    '| code | HTTP | meaning |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/** Builds the whole service from its parts; listening is server.ts's job, so tests build the same app. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const http = { ...httpDefaults, ...deps.http };
  const app = Fastify({
    logger: withSafeLogging(deps.logger ?? false),
    // Chat texts can be long; the webhook sets its own limit, the roster route a larger one.
    bodyLimit: 1024 * 1024,
    // A number of hops is "the n nearest addresses are proxies" (proxy-addr's own reading of a number).
    trustProxy: typeof http.trustProxy === 'number' ? trustHops(http.trustProxy) : (http.trustProxy ?? false),
    // A request must arrive whole within requestTimeout (a body trickled byte by byte is cut off with 408);
    // Node checks for overdue requests every connectionsCheckingInterval, so that is a fraction of it.
    requestTimeout: http.requestTimeoutMs,
    connectionTimeout: http.connectionTimeoutMs,
    keepAliveTimeout: http.keepAliveTimeoutMs,
    http: {
      headersTimeout: Math.min(20_000, http.requestTimeoutMs),
      connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(http.requestTimeoutMs / 4))),
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  // Headers, then budgets, on every route registered from here on (the docs, the API, the channels, a 404).
  await installSecurityHeaders(app);
  await installRateLimits(app);
  installNotFound(app, app.rateLimit());
  app.addHook('preValidation', rejectBadText);
  // WeChat and WeCom push XML: the body reaches their adapters as the string it was, to be verified and parsed there.
  app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  const admin = adminAccess(deps.adminToken);
  const adminHooks = [adminLimiter(app, admin), admin.guard];

  const { db } = deps.database;
  // WeCom robots' webhook keys are sealed under the admin token: without one none is kept nor read.
  const robotKeys = deps.adminToken ? robotKeyBox(deps.adminToken) : null;
  const channels = typeof deps.channels === 'function' ? deps.channels(app.log) : deps.channels;
  const pollMs = deps.pollMs ?? 500;
  const mediaStore = deps.media?.store ?? createMemoryMediaStore();
  const mediaDeps: MediaDeps = {
    store: mediaStore,
    transcriber: deps.media?.transcriber ?? null,
    maxBytes: deps.media?.maxBytes ?? DEFAULT_MEDIA_MAX_BYTES,
    fetchers: Object.fromEntries(
      channels.filter((c) => c.fetchMedia).map((c) => [c.platform, (a: InboundAttachment) => c.fetchMedia!(a)]),
    ),
  };
  const uploadPolicy = deps.media?.uploads ?? defaultUploadPolicy;
  const retention = {
    store: mediaStore,
    retentionMs: (deps.media?.retentionDays ?? 365) * 86_400_000,
    uploads: uploadPolicy,
  };
  const outbox = new OutboxDispatcher(
    db,
    channels.map((c) => c.sender),
    deps.clock,
    app.log,
    {
      pollMs,
      media: mediaStore,
      ...(deps.outboxBaseDelayMs !== undefined ? { baseDelayMs: deps.outboxBaseDelayMs } : {}),
    },
  );
  const classifier = typeof deps.classifier === 'function' ? deps.classifier(app.log) : deps.classifier;
  // The deployment's decisions, in one object for whatever needs them (src/domain/policies.ts).
  const policies: Policies = {
    sla: deps.sla ?? defaultSla,
    identity: { ...(deps.identity ?? defaultIdentityPolicy), demoCodes: deps.demo ?? false },
    uploads: uploadPolicy,
  };
  const { sla } = policies;
  const inbound = new InboundWorker({
    db,
    classifier,
    clock: deps.clock,
    log: app.log,
    pollMs,
    afterCommit: () => outbox.wake(),
    policies,
    media: mediaDeps,
  });
  const ingest: Ingest = async (msg) => {
    const fresh = await storeInbound(deps.database.front, msg);
    if (fresh) inbound.wake();
    return fresh;
  };
  const backup = deps.backup?.dir ? nightlyBackup(deps.database, deps.backup, deps.clock, app.log) : null;
  const tick = async (now = deps.clock.now()) => {
    const result = await runTick(db, now, { policies, log: app.log, media: retention });
    outbox.wake();
    // Started, not awaited: the archive is written beside the ticks.
    await backup?.due(now).catch((err) => app.log.error({ err }, 'nightly backup could not start'));
    return result;
  };
  const linli: Linli = { ingest, inbound, outbox, tick, jobs: null, backup };
  app.decorate('linli', linli);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Linli 邻里 API', version: '0.1.0', description: apiDescription() },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  // The docs list every admin route: the admin's, behind the same limiter and token check as the API.
  const adminOnly = (async (req: FastifyRequest, reply: FastifyReply) => {
    for (const hook of adminHooks) await hook.call(app, req, reply);
  }) as unknown as onRequestHookHandler;
  await app.register(swaggerUi, { routePrefix: '/docs', uiHooks: { onRequest: adminOnly } });

  // Every routes function takes the app and this one object, and names the part of it it uses.
  const routes: RouteContext = {
    db,
    database: deps.database,
    clock: deps.clock,
    policies,
    classifier,
    channels,
    media: mediaStore,
    robotKeys,
    backupDataDir: deps.backup?.dataDir ?? null,
    wake: () => outbox.wake(),
  };
  healthRoutes(app, routes);
  await app.register(async (admin) => {
    for (const hook of adminHooks) admin.addHook('onRequest', hook);
    for (const register of adminRoutes) register(admin, routes);
    // The features' own admin API (their `routes` in src/features.ts).
    for (const feature of installedFeatures()) for (const register of feature.routes ?? []) register(admin, routes);
  });
  await open311Routes(app, { ...routes, apiKeys: deps.open311?.apiKeys ?? [] });
  // What the adapters get of the core: the inbound door, what they may read, and where to report their state.
  const channelContext: ChannelContext = {
    ingest,
    directory: createChannelDirectory(db, { demoCards: deps.demo ?? false }),
    stateChanged: channelEvents(db, deps.clock, app.log, () => outbox.wake()),
    tokens: createPlatformTokenStore(db, deps.clock),
    // On the webhooks' own pool, like storing what they push: a busy service still answers WeChat in time.
    nonces: createPushNonceStore(deps.database.front, deps.clock),
    media: mediaStore,
    uploads: createUploadKeeper(db, mediaStore, uploadPolicy, deps.clock),
    robots: createGroupRobotKeys(db, robotKeys),
    fanout: databaseFanout(deps.database),
    delivered: deliveryRecorder(deps.database.front, app.log),
    adopt: identityAdopter(db, deps.clock),
    subscriptions: createSubscriptionStore(deps.database.front),
    // What a platform's reply window held back (the Official Account's 48 hours): its adapter says when it goes.
    held: {
      release: async (to, notice) => {
        const released = await releaseHeld(deps.database.front, to, deps.clock.now(), notice);
        if (released > 0) outbox.wake();
        return released;
      },
    },
  };
  await registerChannelRoutes(app, channels, channelContext, {
    adminHooks,
    originCheck: originCheck(http.webOrigins ?? []),
  });
  await deskRoutes(
    app,
    {
      db,
      clock: deps.clock,
      sla,
      secret: deps.deskSecret ?? randomBytes(32).toString('base64url'),
      wake: () => outbox.wake(),
      demo: deps.demo ?? false,
      media: mediaStore,
      classifier,
      isAdminToken: (token) => admin.check({ headers: { authorization: `Bearer ${token}` } }) === 'ok',
    },
    installedFeatures().flatMap((f) => f.desk ?? []),
  );

  let unlistenRoster: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    // A roster imported by another instance (or a CLI) clears this one's cached roster reads.
    unlistenRoster = await deps.database.listen(ROSTER_CHANNEL, () => rosterChanged());
    const takenOver = deps.ownsDatabase ? await takeOverLeftLeases(deps.database) : 0;
    if (takenOver > 0) app.log.warn({ rows: takenOver }, 'took over work a killed process had claimed');
    inbound.start();
    outbox.start();
    if (deps.jobs)
      linli.jobs = await startJobQueue(deps.database, app.log, async () => {
        await tick();
      });
    for (const channel of channels) {
      channel
        .start(channelContext)
        .catch((err) => app.log.error({ err, channel: channel.platform }, 'channel failed to start'));
    }
  });
  app.addHook('onClose', async () => {
    for (const channel of channels) await channel.stop();
    await linli.jobs?.stop();
    await inbound.stop();
    await outbox.stop();
    await unlistenRoster?.();
  });
  return app;
}
