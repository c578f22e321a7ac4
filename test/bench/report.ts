import type { AuditResult } from './audit.js';
import type { BareBotResult } from './bare.js';
import type { FaultReport } from './faults.js';
import type { FuzzReport } from './fuzz.js';
import type { LoadMetrics } from './measure.js';
import type { PgbenchResult } from './pgbench.js';
import { round, table } from './stats.js';

export interface Report {
  loads: LoadMetrics[];
  faults: FaultReport[];
  fuzz: FuzzReport[];
  pgbench: PgbenchResult;
  bareBot: BareBotResult | null;
  json: boolean;
  /** What the bench posted against: the service's webhook budget per address and how many addresses. */
  webhookLimit?: { perAddressPerMinute: number; addresses: number };
  log: (line: string) => void;
  commit: string;
}

const violations = (a: AuditResult | null) =>
  a ? a.lostMessages + a.duplicateRequests + a.lostReplies + a.duplicateReplies + a.stuckInbound + a.stuckOutbox : 0;

/** Prints the tables (stdout, or stderr with --json) and the JSON line; returns the exit code (1 when a guarantee was broken). */
export function printReport(r: Report): number {
  const { log } = r;
  const tps = r.pgbench.tps;
  let broken = 0;
  if (r.loads.length) {
    log('\nLoad (a report is "done" when its receipt reached the resident and its task card a member)');
    log(
      table([
        [
          'db',
          'reports',
          'done',
          'req/s',
          'updates/s',
          'ack p50 ms',
          'ack p99 ms',
          'e2e p50 ms',
          'e2e p99 ms',
          'peak RSS MB',
          'CPU s/1k',
          'PG CPU s/1k',
          'vs pgbench',
        ],
        ...r.loads.map((l) => [
          l.db,
          l.messages,
          l.done,
          l.messagesPerSec,
          l.updatesPerSec,
          l.ackP50Ms,
          l.ackP99Ms,
          l.e2eP50Ms,
          l.e2eP99Ms,
          l.rssMb,
          l.cpuSecPer1k,
          l.pgCpuSecPer1k,
          tps && l.messagesPerSec ? `${round((100 * l.messagesPerSec) / tps, 1)}%` : null,
        ]),
      ]),
    );
    for (const l of r.loads) {
      log(
        `  ${l.db}: outcomes ${JSON.stringify(l.outcomes)}, bot asked back ${JSON.stringify(l.asked)}, ${l.sendMessageCalls} sendMessage, ${l.webhookRetries} webhook retries, bind ${l.bindSeconds} s`,
      );
      log(
        `  ${l.db}: crashes ${l.crashes}, webhook 429s received ${l.webhook429}, broadcast messages seen ${l.broadcastsSeen}`,
      );
      if (l.otherReplies.length)
        log(
          `  ${l.db}: replies not recognised (other_reply), e.g. ${l.otherReplies.map((t) => JSON.stringify(t)).join(', ')}`,
        );
      const st = l.stages;
      log(
        `  ${l.db}: stages (service timestamps) inbound wait p50/p99 ${st.inboundWaitP50}/${st.inboundWaitP99} ms, handling+outbox+send p50/p99 ${st.outboxDelayP50}/${st.outboxDelayP99} ms`,
      );
      const a = l.audit;
      log(
        `  ${l.db}: audit lost ${a.lostMessages}/${a.lostReplies} (messages/replies), duplicated ${a.duplicateRequests}/${a.duplicateReplies}, stuck ${a.stuckInbound}/${a.stuckOutbox}${a.notes.length ? `; ${a.notes.join('; ')}` : ''}`,
      );
      broken += violations(a) + l.crashes;
      if (l.crashes) log(`  ${l.db}: THE SERVICE CRASHED ${l.crashes} time(s) during the load`);
    }
  }
  const pg = r.pgbench;
  log(
    `\npgbench baseline: ${tps !== null ? `${round(tps, 0)} tps (${pg.command}, latency ${pg.latencyMs} ms), CPU ${pg.cpuMsPerTx ?? '–'} ms/tx (backends ${pg.backendCpuMsPerTx ?? '–'} + client ${pg.clientCpuMsPerTx ?? '–'})` : pg.skipped}`,
  );
  const bare = r.bareBot;
  if (bare) {
    log(
      `bare bot baseline: ${bare.perSec !== null ? `${bare.perSec} replies/s (telegraf webhookCallback + ctx.reply, no database; ${bare.replies} in ${bare.seconds} s, ack p50/p99 ${bare.ackP50Ms}/${bare.ackP99Ms} ms, CPU ${bare.cpuMsPerReply} ms/reply, RSS ${bare.rssMb} MB)` : bare.skipped}`,
    );
  }
  const baselines = r.loads.map(vsBaselines(r));
  if (baselines.length) {
    log(
      '\nAgainst the baselines (per report: reports sent during the load; CPU from /proc; statements counted by the service)',
    );
    log(
      table([
        [
          'db',
          'req/s',
          'pgbench tps',
          'ratio',
          'bare bot/s',
          'bare ratio',
          'svc CPU ms/rep',
          'db CPU ms/rep',
          'pgbench CPU ms/tx',
          'CPU ratio',
          'stmts/rep',
          'tx/rep',
          'ack p99 ms',
          'e2e p99 ms',
          'RSS MB',
        ],
        ...baselines.map((b) => [
          b.db,
          b.messagesPerSec,
          b.pgbenchTps,
          b.ratio,
          b.bareBotPerSec,
          b.bareRatio,
          b.serviceCpuMsPerReport,
          b.dbCpuMsPerReport,
          b.pgbenchCpuMsPerTx,
          b.cpuRatio,
          b.statementsPerReport,
          b.transactionsPerReport,
          b.ackP99Ms,
          b.e2eP99Ms,
          b.rssMb,
        ]),
      ]),
    );
  }
  for (const f of r.faults) {
    log(`\nFaults on ${f.db} (every count must be 0)`);
    log(
      table([
        [
          'fault',
          'crashes',
          '429s',
          'broadcasts',
          'recovery s',
          'reports',
          'requests',
          'lost msg',
          'dup req',
          'lost reply',
          'dup reply',
          'stuck in',
          'stuck out',
          'kill repeats',
          'retried in',
          'apologies',
          'e2e p99 ms',
          'settle s',
        ],
        ...f.runs.map((x) =>
          x.audit
            ? [
                x.name,
                x.crashes,
                x.webhook429,
                x.broadcastsSeen,
                x.recoverySeconds,
                x.messages,
                x.requests,
                x.audit.lostMessages,
                x.audit.duplicateRequests,
                x.audit.lostReplies,
                x.audit.duplicateReplies,
                x.audit.stuckInbound,
                x.audit.stuckOutbox,
                x.audit.crashRepeats,
                x.audit.retriedInbound,
                x.audit.apologies,
                x.e2eP99Ms,
                x.settleSeconds,
              ]
            : [x.name, `skipped: ${x.skipped ?? ''}`],
        ),
      ]),
    );
    for (const x of f.runs) {
      // A fault run whose fault never happened proves nothing: it fails like a broken guarantee.
      broken +=
        violations(x.audit) + x.crashes + (x.events.some((e) => e.startsWith('THE FAULT WAS NOT INJECTED')) ? 1 : 0);
      for (const n of [...x.events, ...(x.audit?.notes ?? [])]) log(`  ${x.name}: ${n}`);
    }
  }
  for (const z of r.fuzz) {
    log(`\nFuzz on ${z.db}: ${z.sent} bodies in ${z.seconds} s (seed ${z.seed})`);
    log(
      table([
        ['status', 'count'],
        ...Object.entries(z.statuses)
          .sort()
          .map(([s, n]) => [s, n]),
      ]),
    );
    log(
      table([
        ['kind', ...Object.keys(z.statuses).sort()],
        ...Object.entries(z.byKind)
          .sort()
          .map(([k, m]) => [
            k,
            ...Object.keys(z.statuses)
              .sort()
              .map((s) => m[s] ?? 0),
          ]),
      ]),
    );
    log(
      `  5xx or connection errors: ${z.fiveXx}${z.reproFile ? ` (bodies in ${z.reproFile})` : ''}; crashes ${z.crashes}; alive ${z.alive}; /healthz ${z.healthz}; service error log lines ${z.serviceErrorLines}`,
    );
    log(
      `  RSS before ${z.rssBeforeMb} MB, peak ${z.rssPeakMb} MB, after settle ${z.rssAfterMb} MB; heap used ${z.heapBeforeMb} → ${z.heapAfterMb} MB`,
    );
    log(
      `  inbound rows from the fuzz still pending ${z.inboundPending}, failed ${z.inboundFailed}${z.inboundErrors.length ? `: ${z.inboundErrors.join(' | ')}` : ''}`,
    );
    for (const [k, n] of Object.entries(z.serviceErrors)) log(`  service logged ${n}× ${k}`);
    if (Object.keys(z.clientErrors).length)
      log(`  client-side errors (status -1/-2): ${JSON.stringify(z.clientErrors)}`);
    for (const x of z.fiveXxSamples) log(`  5xx sample [${x.kind}] → ${x.status}: ${x.body.slice(0, 200)}`);
    broken += z.fiveXx + (z.alive && z.healthz === 200 ? 0 : 1) + (z.inboundPending ?? 0);
  }

  const main = r.loads.find((l) => l.db === 'postgres') ?? r.loads[0];
  const pick = (l: LoadMetrics) => ({
    ...vsBaselines(r)(l),
    messages: l.done,
    ackP50Ms: l.ackP50Ms,
    e2eP50Ms: l.e2eP50Ms,
    reports: l.messages,
    updatesPerSec: l.updatesPerSec,
    cpuSecPer1k: l.cpuSecPer1k,
    pgCpuSecPer1k: l.pgCpuSecPer1k,
    savepointsPerReport: l.savepointsPerReport,
    dbBackends: l.dbBackends,
    lost: l.audit.lostMessages + l.audit.lostReplies,
    duplicated: l.audit.duplicateRequests + l.audit.duplicateReplies,
    crashes: l.crashes,
    webhook429: l.webhook429,
    broadcastsSeen: l.broadcastsSeen,
  });
  const out: Record<string, unknown> = main
    ? pick(main)
    : { db: r.faults[0]?.db ?? r.fuzz[0]?.db ?? null, pgbenchTps: tps };
  out.pgbench = {
    tps,
    transactions: pg.transactions ?? null,
    backendCpuMsPerTx: pg.backendCpuMsPerTx ?? null,
    clientCpuMsPerTx: pg.clientCpuMsPerTx ?? null,
    skipped: pg.skipped ?? null,
  };
  if (bare) out.bareBot = bare;
  if (r.loads.length > 1) out.runs = r.loads.map(pick);
  if (r.faults.length) {
    out.faults = r.faults.map((f) => ({
      db: f.db,
      runs: f.runs.map((x) => ({
        name: x.name,
        skipped: x.skipped,
        reports: x.messages,
        requests: x.requests,
        crashes: x.crashes,
        webhook429: x.webhook429,
        broadcastsSeen: x.broadcastsSeen,
        recoverySeconds: x.recoverySeconds,
        lost: x.audit ? x.audit.lostMessages + x.audit.lostReplies : null,
        duplicated: x.audit ? x.audit.duplicateRequests + x.audit.duplicateReplies : null,
        stuck: x.audit ? x.audit.stuckInbound + x.audit.stuckOutbox : null,
        killRepeats: x.audit?.crashRepeats ?? null,
        apologies: x.audit?.apologies ?? null,
      })),
    }));
  }
  if (r.fuzz.length) {
    out.fuzz = r.fuzz.map((z) => ({
      db: z.db,
      sent: z.sent,
      statuses: z.statuses,
      fiveXx: z.fiveXx,
      crashes: z.crashes,
      alive: z.alive,
      healthz: z.healthz,
      rssBeforeMb: z.rssBeforeMb,
      rssPeakMb: z.rssPeakMb,
      rssAfterMb: z.rssAfterMb,
      inboundFailed: z.inboundFailed,
    }));
  }
  if (r.webhookLimit) out.webhookLimit = r.webhookLimit;
  out.commit = r.commit;
  out.violations = broken;
  if (broken) log(`\n${broken} guarantee violation(s): see above`);
  if (r.json) console.log(JSON.stringify(out));
  return broken ? 1 : 0;
}

/** The headline figures of one load against the baselines of the same run (the JSON line's top level). */
const vsBaselines = (r: Report) => (l: LoadMetrics) => {
  const tps = r.pgbench.tps;
  const bare = r.bareBot?.perSec ?? null;
  const pgCpu = r.pgbench.cpuMsPerTx ?? null;
  // PGlite runs inside the service: its CPU is already the service's.
  const perReport = l.serviceCpuMsPerReport !== null ? l.serviceCpuMsPerReport + (l.dbCpuMsPerReport ?? 0) : null;
  return {
    db: l.db,
    messagesPerSec: l.messagesPerSec,
    pgbenchTps: tps !== null ? round(tps, 1) : null,
    ratio: tps && l.messagesPerSec !== null ? round(l.messagesPerSec / tps, 4) : null,
    bareBotPerSec: bare,
    bareRatio: bare && l.messagesPerSec !== null ? round(l.messagesPerSec / bare, 4) : null,
    serviceCpuMsPerReport: l.serviceCpuMsPerReport,
    dbCpuMsPerReport: l.dbCpuMsPerReport,
    pgbenchCpuMsPerTx: pgCpu,
    cpuRatio: pgCpu && perReport !== null ? round(perReport / pgCpu, 1) : null,
    statementsPerReport: l.statementsPerReport,
    transactionsPerReport: l.transactionsPerReport,
    ackP99Ms: l.ackP99Ms,
    e2eP99Ms: l.e2eP99Ms,
    rssMb: l.rssMb,
  };
};
