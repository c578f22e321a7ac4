import { SENDS_IN_HAND } from '../../src/outbox/outbox.dispatcher.js';
import { audit, type AuditResult } from './audit.js';
import { runLoad } from './load.js';
import type { Session } from './session.js';
import { round, sleep, summarize } from './stats.js';

export interface FaultRun {
  name: string;
  what: string;
  messages: number;
  requests: number;
  outcomes: Record<string, number>;
  seconds: number | null;
  e2eP50Ms: number | null;
  e2eP99Ms: number | null;
  settleSeconds: number | null;
  audit: AuditResult | null;
  skipped?: string;
  /** Unexpected exits of the service during the run (it is restarted each time). */
  crashes: number;
  /** 429 answers of the webhook and messages to everyone seen during the run. */
  webhook429: number;
  broadcastsSeen: number;
  /** Seconds from the restarted service answering healthy to the last report in flight at the kill answered. */
  recoverySeconds: number | null;
  events: string[];
}

export interface FaultReport {
  db: 'postgres' | 'pglite';
  runs: FaultRun[];
}

type Inject = (
  s: Session,
  events: string[],
) => {
  onSent: (sent: number) => void;
  done: () => Promise<void>;
  /** performance.now() of a kill and of the restarted service answering healthy, when there was one. */
  restart?: () => { killAt: number; healthyAt: number } | null;
};

/** A load with a fault injected while it runs, then a settle and the exactly-once audit. */
async function faultRun(
  s: Session,
  texts: string[],
  name: string,
  what: string,
  messages: number,
  inject: Inject,
  timeoutMs: number,
): Promise<FaultRun> {
  s.o.log(`  fault ${name}: ${what}`);
  const events: string[] = [];
  const since = new Date();
  const from = s.fake.deliveries.length;
  const crashes0 = s.service.crashes.length;
  const limited0 = s.sim.rateLimited;
  const broadcasts0 = s.inbox.broadcasts;
  const fault = inject(s, events);
  const res = await runLoad({
    sim: s.sim,
    inbox: s.inbox,
    residents: s.residents,
    texts,
    rand: s.rand,
    concurrency: s.o.concurrency,
    messages,
    timeoutMs,
    onSent: fault.onSent,
  });
  await fault.done();
  if (name !== 'bot-api-errors' && events.length === 0)
    events.push('THE FAULT WAS NOT INJECTED (the load ended first)');
  await s.restarting;
  const settled = await s.settle(timeoutMs, 5000);
  const killed = fault.restart?.() ?? null;
  // The running outbox has SENDS_IN_HAND sends of a channel in flight: a kill can repeat at most those, whose marks
  // had not committed (the bench's service talks to one channel).
  const result = await s.inspect((p) =>
    audit(
      p,
      since,
      res.records,
      s.fake.deliveries.slice(from),
      killed ? { killAt: killed.killAt, healthyAt: killed.healthyAt, maxRepeats: SENDS_IN_HAND } : undefined,
    ),
  );
  const outcomes: Record<string, number> = {};
  for (const r of res.records) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  const crashed = s.service.crashes.slice(crashes0);
  for (const c of crashed)
    events.push(
      `SERVICE CRASHED (exit code ${c.code}, signal ${c.signal}) at ${c.at}; last lines: ${c.lastLines
        .slice(-6)
        .map((l) => l.slice(0, 300))
        .join(' ⏎ ')}`,
    );
  const e2e = summarize(res.records.filter((r) => r.e2eMs !== null).map((r) => r.e2eMs!));
  const restart = fault.restart?.();
  let recoverySeconds: number | null = null;
  if (restart) {
    // Recovery: the reports in flight when the process died (the work it had claimed) — when was the last of them answered?
    const inFlight = res.records.filter(
      (r) => r.t0 < restart.killAt && r.e2eMs !== null && r.t0 + r.e2eMs > restart.killAt,
    );
    const lastOut = Math.max(restart.healthyAt, ...inFlight.map((r) => r.t0 + r.e2eMs!));
    recoverySeconds = round((lastOut - restart.healthyAt) / 1000, 1);
    events.push(
      `the ${inFlight.length} reports in flight at the kill were all answered ${recoverySeconds} s after the restart was healthy`,
    );
  }
  const run: FaultRun = {
    name,
    what,
    messages: res.records.length,
    requests: outcomes.request ?? 0,
    outcomes,
    seconds: round(res.wallMs / 1000, 1),
    e2eP50Ms: round(e2e.p50, 0),
    e2eP99Ms: round(e2e.p99, 0),
    settleSeconds: round(settled.ms / 1000, 1),
    audit: result,
    crashes: crashed.length,
    webhook429: s.sim.rateLimited - limited0,
    broadcastsSeen: s.inbox.broadcasts - broadcasts0,
    recoverySeconds,
    events,
  };
  const a = result;
  s.o.log(
    `    lost messages ${a.lostMessages}, duplicate requests ${a.duplicateRequests}, lost replies ${a.lostReplies}, duplicate replies ${a.duplicateReplies}, stuck ${a.stuckInbound}/${a.stuckOutbox}, repeated across the kill ${a.crashRepeats}`,
  );
  for (const n of [...events, ...a.notes]) s.o.log(`    · ${n}`);
  return run;
}

/** (a) The Bot API refuses 30 % of sendMessage: half 500, half 429 with retry_after 1. */
const botApiErrors: Inject = (s, events) => {
  s.fake.faultRate = 0.3;
  const before = { ...s.fake.injected };
  return {
    onSent: () => {},
    done: async () => {
      // Keep failing until the load is over, then let the retries through.
      s.fake.faultRate = 0;
      events.push(
        `injected ${s.fake.injected[500] - before[500]} × 500 and ${s.fake.injected[429] - before[429]} × 429 during the load`,
      );
    },
  };
};

/** (b) SIGKILL in the middle of the burst, restart on the same database at once. */
const killMidBurst =
  (at: number): Inject =>
  (s, events) => {
    let restarted: Promise<void> | null = null;
    let times: { killAt: number; healthyAt: number } | null = null;
    return {
      onSent: (sent) => {
        if (sent < at || restarted) return;
        restarted = (async () => {
          const t0 = performance.now();
          await s.service.stop('SIGKILL');
          events.push(`SIGKILL after ${sent} reports sent`);
          const attempts = await s.startUntilUp();
          times = { killAt: t0, healthyAt: performance.now() };
          if (attempts > 1)
            events.push(`the restart took ${attempts} attempts (the machine is starved: the start timed out)`);
          events.push(
            `restarted (pid ${s.service.pid}) and healthy ${Math.round(performance.now() - t0)} ms after the kill`,
          );
        })();
      },
      done: async () => {
        await restarted;
      },
      restart: () => times,
    };
  };

/** (b') SIGKILL mid-burst while a third of sendMessage fail (500 or 429), until the settle. */
const killWhileSendsFail =
  (at: number): Inject =>
  (s, events) => {
    const kill = killMidBurst(at)(s, events);
    s.fake.faultRate = 1 / 3;
    const before = { ...s.fake.injected };
    return {
      ...kill,
      done: async () => {
        await kill.done();
        // Failing on through the takeover: the recovery is measured while the platform still refuses a third.
        await s.settle(120_000, 3000);
        s.fake.faultRate = 0;
        events.push(
          `injected ${s.fake.injected[500] - before[500]} × 500 and ${s.fake.injected[429] - before[429]} × 429 (a third of sendMessage) through the kill and the takeover`,
        );
      },
    };
  };

/**
 * (c) The database goes away for ~3 s (PostgreSQL): the service's database refuses new connections
 * (ALTER DATABASE … ALLOW_CONNECTIONS false) and its sessions are terminated every 250 ms
 * (pg_terminate_backend on application_name 'linli', 'linli-front' and 'linli-instance': the pools and the
 * instances' lock), then connections are allowed again.
 */
const databaseDrop =
  (at: number, seconds = 3): Inject =>
  (s, events) => {
    let outage: Promise<void> | null = null;
    const db = s.dbName!;
    return {
      onSent: (sent) => {
        if (sent < at || outage) return;
        outage = (async () => {
          const scratch = s.o.scratch!;
          let killed = 0;
          await scratch.sql(`alter database ${db} allow_connections false`);
          try {
            const end = Date.now() + seconds * 1000;
            while (Date.now() < end) {
              const rows = await scratch.sql(
                `select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1 and application_name in ('linli', 'linli-front', 'linli-instance')`,
                [db],
              );
              killed += rows.length;
              await sleep(250);
            }
          } finally {
            await scratch.sql(`alter database ${db} allow_connections true`);
          }
          events.push(
            `database refused connections for ${seconds} s after ${sent} reports sent; ${killed} service sessions terminated`,
          );
        })();
      },
      done: async () => {
        await outage;
      },
    };
  };

export async function runFaults(
  s: Session,
  o: { texts: string[]; messages: number; burst?: number; timeoutMs?: number; only?: string[]; dbDrops?: number },
): Promise<FaultReport> {
  const timeoutMs = o.timeoutMs ?? 300_000;
  const burst = o.burst ?? 1000;
  const runs: FaultRun[] = [];
  const want = (name: string) => !o.only?.length || o.only.includes(name);
  if (want('bot-api-errors'))
    runs.push(
      await faultRun(
        s,
        o.texts,
        'bot-api-errors',
        '30 % of sendMessage answered 500 or 429 (retry_after 1)',
        o.messages,
        botApiErrors,
        timeoutMs,
      ),
    );
  if (want('sigkill'))
    runs.push(
      await faultRun(
        s,
        o.texts,
        'sigkill',
        `SIGKILL mid-burst of ${burst} reports, restart on the same database`,
        burst,
        killMidBurst(Math.floor(burst * 0.4)),
        timeoutMs,
      ),
    );
  if (o.only?.includes('sigkill-errors')) {
    runs.push(
      await faultRun(
        s,
        o.texts,
        'sigkill-errors',
        `SIGKILL mid-burst of ${burst} reports while a third of sendMessage fail`,
        burst,
        killWhileSendsFail(Math.floor(burst * 0.4)),
        timeoutMs,
      ),
    );
  }
  if (!want('db-drop')) return { db: s.kind, runs };
  if (s.kind === 'postgres') {
    // Repeated (--db-drops, 3 by default), each with its own audit: a drop the pools survived once may leave them worse for the next.
    const drops = Math.max(1, o.dbDrops ?? 3);
    for (let i = 1; i <= drops; i++) {
      runs.push(
        await faultRun(
          s,
          o.texts,
          drops > 1 ? `db-drop ${i}/${drops}` : 'db-drop',
          'database connections refused and terminated for ~3 s',
          o.messages,
          databaseDrop(Math.floor(o.messages / 3)),
          timeoutMs,
        ),
      );
    }
  } else {
    runs.push({
      name: 'db-drop',
      what: 'database connection drops',
      messages: 0,
      requests: 0,
      outcomes: {},
      seconds: null,
      e2eP50Ms: null,
      e2eP99Ms: null,
      settleSeconds: null,
      audit: null,
      skipped: 'PGlite is embedded: there is no connection to drop',
      crashes: 0,
      webhook429: 0,
      broadcastsSeen: 0,
      recoverySeconds: null,
      events: [],
    });
  }
  return { db: s.kind, runs };
}
