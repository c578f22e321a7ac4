import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Database } from './data/database.js';
import type { ChannelAdapter, ChannelContext, Ingest } from './channels/adapter.js';
import { createChannelDirectory } from './chat/channel.directory.js';
import { channelEvents } from './chat/channel.events.js';
import { registerChannelRoutes } from './http/channel-routes.js';
import { storeInbound } from './data/inbound.repository.js';
import { InboundWorker } from './chat/inbound.worker.js';
import type { Classifier } from './domain/classification.js';
import type { Clock } from './domain/clock.js';
import type { Log } from './log.js';
import { adminGuard } from './http/admin-auth.js';
import { installErrorHandling } from './http/error-handler.js';
import { errorCatalogue, errorCodes } from './domain/errors.js';
import { defaultSla, type SlaPolicy } from './domain/deadlines.js';
import { type JobQueue, startJobQueue } from './jobs/job-queue.js';
import { OutboxDispatcher } from './outbox/outbox.dispatcher.js';
import { runTick, type TickResult } from './rhythm/tick.js';
import { channelRoutes } from './routes/channels.routes.js';
import { classifyRoutes } from './routes/classify.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { requestRoutes } from './routes/requests.routes.js';
import { rhythmRoutes } from './routes/rhythm.routes.js';
import { rosterRoutes } from './routes/roster.routes.js';

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
  /** How often the queues look for work when nobody woke them. */
  pollMs?: number;
  outboxBaseDelayMs?: number;
  /** Response windows; the defaults follow the county practice in DOMAIN.md. */
  sla?: SlaPolicy;
  /** Run timed work on the Postgres-backed job queue (off in tests that drive ticks by hand). */
  jobs?: boolean;
}

export interface Linli {
  ingest: Ingest;
  /** Runs the timed work due at this instant (the job queue calls it each minute; tests call it directly). */
  tick(now?: Date): Promise<TickResult>;
  /** The job queue, once the app is ready (when enabled). */
  jobs: JobQueue | null;
  inbound: InboundWorker;
  outbox: OutboxDispatcher;
}

declare module 'fastify' {
  interface FastifyInstance {
    linli: Linli;
  }
}

/** The API's front page in /docs, with every error code the API can answer. */
function apiDescription(): string {
  const rows = errorCodes.map((code) => `| \`${code}\` | ${errorCatalogue[code].status} | ${errorCatalogue[code].zh} · ${errorCatalogue[code].en} |`);
  return ['Village affairs: requests, roster, the three rates, say-things day, channels.', '',
    'Errors are `{ "error": { "code", "message" } }` with one of these codes:', '', '| code | HTTP | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Builds the whole service from its parts; listening is server.ts's job, so tests build the same app. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // Chat texts can be long; the webhook sets its own limit, the roster route a larger one.
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  const { db } = deps.database;
  const channels = typeof deps.channels === 'function' ? deps.channels(app.log) : deps.channels;
  const pollMs = deps.pollMs ?? 500;
  const outbox = new OutboxDispatcher(db, channels.map((c) => c.sender), deps.clock, app.log, {
    pollMs, ...(deps.outboxBaseDelayMs !== undefined ? { baseDelayMs: deps.outboxBaseDelayMs } : {}),
  });
  const classifier = typeof deps.classifier === 'function' ? deps.classifier(app.log) : deps.classifier;
  const sla = deps.sla ?? defaultSla;
  const inbound = new InboundWorker(db, classifier, deps.clock, app.log, pollMs, () => outbox.wake(), sla);
  const ingest: Ingest = async (msg) => {
    const fresh = await storeInbound(db, msg);
    if (fresh) inbound.wake();
    return fresh;
  };
  const tick = async (now = deps.clock.now()) => {
    const result = await runTick(db, now, sla, app.log);
    outbox.wake();
    return result;
  };
  const linli: Linli = { ingest, inbound, outbox, tick, jobs: null };
  app.decorate('linli', linli);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Linli 邻里 API', version: '0.1.0', description: apiDescription() },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  healthRoutes(app, db, deps.database.kind, channels);
  await app.register(async (admin) => {
    admin.addHook('onRequest', adminGuard(deps.adminToken));
    requestRoutes(admin, db);
    rosterRoutes(admin, db);
    classifyRoutes(admin, classifier);
    rhythmRoutes(admin, db, deps.clock, sla);
    channelRoutes(admin, db, channels);
  });
  // What the adapters get of the core: the inbound door, what they may read, and where to report their state.
  const channelContext: ChannelContext = {
    ingest, directory: createChannelDirectory(db), stateChanged: channelEvents(db, deps.clock, app.log, () => outbox.wake()),
  };
  await registerChannelRoutes(app, channels, channelContext, adminGuard(deps.adminToken));

  app.addHook('onReady', async () => {
    inbound.start();
    outbox.start();
    if (deps.jobs) linli.jobs = await startJobQueue(deps.database, app.log, async () => { await tick(); });
    for (const channel of channels) {
      channel.start(channelContext).catch((err) => app.log.error({ err, channel: channel.platform }, 'channel failed to start'));
    }
  });
  app.addHook('onClose', async () => {
    for (const channel of channels) await channel.stop();
    await linli.jobs?.stop();
    await inbound.stop();
    await outbox.stop();
  });
  return app;
}
