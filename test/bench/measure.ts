import { audit, type AuditResult, type Stages, stages } from './audit.js';
import { backendPids } from './db.js';
import { runLoad } from './load.js';
import { startActivitySampler, startCpuProfile } from './profiling.js';
import { readProc } from './service.js';
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
  cpuSecPer1k: number | null;
  /** CPU of the PostgreSQL backends that served the service during the load (postgres only). */
  pgCpuSecPer1k: number | null;
  webhookRetries: number;
  sendMessageCalls: number;
  bindSeconds: number | null;
  audit: AuditResult;
  stages: Stages;
  crashes: number;
}

function cpuOf(pids: number[]): number {
  return pids.reduce((s, pid) => s + (readProc(pid)?.cpuSec ?? 0), 0);
}

/** The measured run: `messages` or `durationS` of resident reports at `concurrency`, then an exactly-once audit. */
export async function measureLoad(s: Session, o: { messages?: number; durationS?: number; texts: string[]; timeoutMs?: number; profileDir?: string }): Promise<LoadMetrics> {
  const since = new Date();
  const from = s.fake.deliveries.length;
  const sendsBefore = s.fake.count('sendMessage');
  const pids = s.liveProbe && s.dbName ? await backendPids(s.liveProbe, s.dbName) : [];
  const pgCpu0 = cpuOf(pids);
  const cpu0 = s.service.sample()?.cpuSec ?? 0;
  const retries0 = s.sim.retries;
  const crashes0 = s.service.crashes.length;
  const stopProfile = o.profileDir ? await startCpuProfile(s.service.inspectorUrl, o.profileDir, `service-${s.kind}`) : null;
  const stopSampler = o.profileDir && s.liveProbe && s.dbName ? startActivitySampler(s.liveProbe, s.dbName) : null;
  const res = await runLoad({
    sim: s.sim, inbox: s.inbox, residents: s.residents, texts: o.texts, rand: s.rand, concurrency: s.o.concurrency,
    timeoutMs: o.timeoutMs ?? 30_000,
    ...(o.messages !== undefined ? { messages: o.messages } : {}), ...(o.durationS !== undefined ? { durationS: o.durationS } : {}),
  });
  const cpu1 = s.service.sample()?.cpuSec ?? cpu0;
  const pgCpu1 = cpuOf(pids);
  if (stopProfile) s.o.log(`\n  CPU profile of the service during the load:\n${await stopProfile() ?? '  (no profile)'}`);
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
  const [result, stage] = await s.inspect(async (p) => [await audit(p, since, res.records, s.fake.deliveries.slice(from)), await stages(p, since)] as const);
  const seconds = res.wallMs / 1000;
  return {
    db: s.kind,
    messages: res.records.length,
    done: done.length,
    outcomes, asked, updates,
    seconds: round(seconds, 2),
    messagesPerSec: round(done.length / seconds, 1),
    updatesPerSec: round(updates / seconds, 1),
    ackP50Ms: round(ack.p50, 2), ackP99Ms: round(ack.p99, 2),
    e2eP50Ms: round(e2e.p50, 1), e2eP99Ms: round(e2e.p99, 1), e2eMaxMs: round(e2e.max, 1),
    rssMb: round(s.service.peakRssKb / 1024, 1),
    cpuSecPer1k: res.records.length ? round(((cpu1 - cpu0) / res.records.length) * 1000, 2) : null,
    pgCpuSecPer1k: pids.length && res.records.length ? round(((pgCpu1 - pgCpu0) / res.records.length) * 1000, 2) : null,
    webhookRetries: s.sim.retries - retries0,
    sendMessageCalls: s.fake.count('sendMessage') - sendsBefore,
    bindSeconds: round(s.bindMs / 1000, 1),
    audit: result,
    stages: stage,
    crashes: s.service.crashes.length - crashes0,
  };
}
