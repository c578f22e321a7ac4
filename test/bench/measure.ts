import { audit, type AuditResult, type Stages, stages } from './audit.js';
import { PidSetCpu } from './cpu.js';
import { backendPids } from './db.js';
import { runLoad } from './load.js';
import { startActivitySampler, startCpuProfile } from './profiling.js';
import type { Session } from './session.js';
import { round, summarize } from './stats.js';

export interface LoadMetrics {
  db: 'postgres' | 'pglite';
  /** Reports sent (a report may take several updates when the bot asks back). */
  messages: number;
  /** Reports that became a request with receipt and task card delivered. */
  done: number;
  outcomes: Record<string, number>;
  asked: Record<string, number>;
  /** A few replies the bench did not recognise (outcome other_reply), to see which text changed. */
  otherReplies: string[];
  updates: number;
  seconds: number | null;
  messagesPerSec: number | null;
  updatesPerSec: number | null;
  ackP50Ms: number | null;
  ackP99Ms: number | null;
  e2eP50Ms: number | null;
  e2eP99Ms: number | null;
  e2eMaxMs: number | null;
  rssMb: number | null;
  /** Service processes that shared the load (CPU figures are their sum). */
  instances: number;
  cpuSecPer1k: number | null;
  /** CPU of the PostgreSQL backends that served the service during the load (postgres only). */
  pgCpuSecPer1k: number | null;
  /** The same two per report, in ms (s/1k reads the same number; kept under the names the issue uses). */
  serviceCpuMsPerReport: number | null;
  dbCpuMsPerReport: number | null;
  /** Backends of the service's database seen during the load (pool connections and the job queue's). */
  dbBackends: number;
  /** From the service's GET /api/v1/runtime before and after the load (counted on its client); null when it restarted meanwhile. */
  statementsPerReport: number | null;
  transactionsPerReport: number | null;
  savepointsPerReport: number | null;
  webhookRetries: number;
  sendMessageCalls: number;
  bindSeconds: number | null;
  audit: AuditResult;
  stages: Stages;
  crashes: number;
  /** 429 answers of the webhook during the load (its budget per address), and messages to everyone seen. */
  webhook429: number;
  broadcastsSeen: number;
}

interface Runtime {
  statements: number;
  transactions: number;
  savepoints: number;
  uptimeSec: number;
}

/** The instances' own counters (admin route), added up; null when one does not answer. */
async function runtimeOf(s: Session): Promise<Runtime | null> {
  const each = await Promise.all(
    s.services.map(async (svc) => {
      try {
        const res = await fetch(`${svc.url}/api/v1/runtime`, {
          headers: { authorization: `Bearer ${svc.adminToken()}` },
          signal: AbortSignal.timeout(5000),
        });
        return res.status === 200 ? ((await res.json()) as Runtime) : null;
      } catch {
        return null;
      }
    }),
  );
  if (each.some((r) => r === null)) return null;
  const all = each as Runtime[];
  return {
    statements: all.reduce((n, r) => n + r.statements, 0),
    transactions: all.reduce((n, r) => n + r.transactions, 0),
    savepoints: all.reduce((n, r) => n + r.savepoints, 0),
    uptimeSec: Math.min(...all.map((r) => r.uptimeSec)),
  };
}

/** CPU seconds of every instance so far. */
const cpuOf = (s: Session, fallback = 0) =>
  s.services.reduce((n, svc) => n + (svc.sample()?.cpuSec ?? 0), 0) || fallback;

/** The measured run: `messages` or `durationS` of resident reports at `concurrency`, then an exactly-once audit. */
export async function measureLoad(
  s: Session,
  o: { messages?: number; durationS?: number; texts: string[]; timeoutMs?: number; profileDir?: string },
): Promise<LoadMetrics> {
  const since = new Date();
  const from = s.fake.deliveries.length;
  const sendsBefore = s.fake.count('sendMessage');
  const probe = s.liveProbe;
  const dbName = s.dbName;
  // Sampled through the load, not listed once: the pool opens connections as it needs them.
  const backends = probe && dbName ? await new PidSetCpu(() => backendPids(probe, dbName)).begin() : null;
  const rt0 = await runtimeOf(s);
  const cpu0 = cpuOf(s);
  const retries0 = s.sim.retries;
  const limited0 = s.sim.rateLimited;
  const broadcasts0 = s.inbox.broadcasts;
  const crashes0 = s.service.crashes.length;
  const stopProfile = o.profileDir
    ? await startCpuProfile(s.service.inspectorUrl, o.profileDir, `service-${s.kind}`)
    : null;
  const stopSampler = o.profileDir && s.liveProbe && s.dbName ? startActivitySampler(s.liveProbe, s.dbName) : null;
  const res = await runLoad({
    sim: s.sim,
    inbox: s.inbox,
    residents: s.residents,
    texts: o.texts,
    rand: s.rand,
    concurrency: s.o.concurrency,
    timeoutMs: o.timeoutMs ?? 30_000,
    ...(o.messages !== undefined ? { messages: o.messages } : {}),
    ...(o.durationS !== undefined ? { durationS: o.durationS } : {}),
  });
  const cpu1 = cpuOf(s, cpu0);
  const rt1 = await runtimeOf(s);
  const pg = backends ? await backends.end() : null;
  if (stopProfile)
    s.o.log(`\n  CPU profile of the service during the load:\n${(await stopProfile()) ?? '  (no profile)'}`);
  if (stopSampler) s.o.log(`\n${await stopSampler()}\n`);
  const done = res.records.filter((r) => r.outcome === 'request');
  const outcomes: Record<string, number> = {};
  for (const r of res.records) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  const asked: Record<string, number> = {};
  for (const r of res.records) for (const a of r.asked) asked[a] = (asked[a] ?? 0) + 1;
  const updates = res.records.reduce((n, r) => n + r.updateIds.length, 0);
  const ack = summarize(res.records.flatMap((r) => r.ackMs));
  const e2e = summarize(done.map((r) => r.e2eMs!));
  await s.restarting;
  const settled = await s.settle(60_000);
  if (settled.pendingIn || settled.pendingOut) s.o.log(`  not settled after 60 s: ${JSON.stringify(settled)}`);
  const [result, stage] = await s.inspect(
    async (p) =>
      [
        await audit(
          p,
          since,
          res.records,
          s.fake.deliveries.slice(from),
          undefined,
          s.fake.deliveries.slice(Math.max(0, from - 200), from),
        ),
        await stages(p, since),
      ] as const,
  );
  const seconds = res.wallMs / 1000;
  const n = res.records.length;
  const perReport = (x: number | null, digits = 2) => (x !== null && n ? round(x / n, digits) : null);
  // A restart in between starts the counters again: no figure rather than a wrong one.
  const rt =
    rt0 &&
    rt1 &&
    rt1.uptimeSec >= rt0.uptimeSec &&
    rt1.statements >= rt0.statements &&
    s.service.crashes.length === crashes0
      ? ([rt0, rt1] as const)
      : null;
  return {
    db: s.kind,
    messages: res.records.length,
    done: done.length,
    outcomes,
    asked,
    updates,
    otherReplies: [
      ...new Set(res.records.filter((r) => r.outcome === 'other_reply' && r.reply).map((r) => r.reply!.slice(0, 80))),
    ].slice(0, 3),
    seconds: round(seconds, 2),
    messagesPerSec: round(done.length / seconds, 1),
    updatesPerSec: round(updates / seconds, 1),
    ackP50Ms: round(ack.p50, 2),
    ackP99Ms: round(ack.p99, 2),
    e2eP50Ms: round(e2e.p50, 1),
    e2eP99Ms: round(e2e.p99, 1),
    e2eMaxMs: round(e2e.max, 1),
    // Per instance: the largest of them.
    rssMb: round(Math.max(...s.services.map((svc) => svc.peakRssKb)) / 1024, 1),
    instances: s.services.length,
    cpuSecPer1k: perReport((cpu1 - cpu0) * 1000),
    pgCpuSecPer1k: pg?.pids ? perReport(pg.cpuSec * 1000) : null,
    serviceCpuMsPerReport: perReport((cpu1 - cpu0) * 1000),
    dbCpuMsPerReport: pg?.pids ? perReport(pg.cpuSec * 1000) : null,
    dbBackends: pg?.pids ?? 0,
    statementsPerReport: rt ? perReport(rt[1].statements - rt[0].statements, 1) : null,
    transactionsPerReport: rt ? perReport(rt[1].transactions - rt[0].transactions, 1) : null,
    savepointsPerReport: rt ? perReport(rt[1].savepoints - rt[0].savepoints, 1) : null,
    webhookRetries: s.sim.retries - retries0,
    webhook429: s.sim.rateLimited - limited0,
    broadcastsSeen: s.inbox.broadcasts - broadcasts0,
    sendMessageCalls: s.fake.count('sendMessage') - sendsBefore,
    bindSeconds: round(s.bindMs / 1000, 1),
    audit: result,
    stages: stage,
    crashes: s.service.crashes.length - crashes0,
  };
}
