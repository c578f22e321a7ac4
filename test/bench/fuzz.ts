import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FuzzCase, fuzzCases } from './fuzz-cases.js';
import { collectGarbage, type MemoryUsage } from './inspector.js';
import type { Session } from './session.js';
import { prng, round, sleep } from './stats.js';

export interface FuzzReport {
  db: 'postgres' | 'pglite';
  seed: number;
  sent: number;
  seconds: number | null;
  /** Status code → count; -1 is a connection error, -2 a client timeout. */
  statuses: Record<string, number>;
  byKind: Record<string, Record<string, number>>;
  fiveXx: number;
  /** Where the full bodies of every 5xx/connection-error case were written, for replay. */
  reproFile: string | null;
  fiveXxSamples: { kind: string; status: number; headers: Record<string, string>; body: string }[];
  alive: boolean;
  crashes: number;
  healthz: number;
  rssBeforeMb: number | null;
  rssPeakMb: number | null;
  rssAfterMb: number | null;
  heapBeforeMb: number | null;
  heapAfterMb: number | null;
  /** After the service worked off what the fuzz stored: rows still pending, rows that failed. */
  inboundPending: number | null;
  inboundFailed: number | null;
  inboundErrors: string[];
  serviceErrorLines: number;
  serviceErrors: Record<string, number>;
  clientErrors: Record<string, number>;
}

const mb = (bytes: number | undefined | null) => (bytes ? round(bytes / 1024 / 1024, 1) : null);

function preview(c: FuzzCase): string {
  const text = c.body.toString('utf8');
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  const printable = !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text);
  return printable
    ? text.length > 300
      ? `${text.slice(0, 300)}… (${c.body.length} bytes)`
      : text
    : `base64:${c.body.subarray(0, 200).toString('base64')}…`;
}

/** Measures settled memory: two forced GCs through the inspector when available, else an idle pause. */
async function settledMemory(s: Session): Promise<{ rssKb: number | null; heap: MemoryUsage | null }> {
  await sleep(2000);
  const heap = await collectGarbage(s.service.inspectorUrl);
  await sleep(500);
  return { rssKb: s.service.sample()?.rssKb ?? null, heap };
}

async function drainQueue(s: Session, maxMs = 300_000, stallMs = 30_000): Promise<string> {
  const probe = s.liveProbe;
  if (!probe) {
    await s.settle(maxMs, 5000);
    return 'PGlite: waited until the Bot API was quiet for 5 s';
  }
  const t0 = Date.now();
  let best = Number.POSITIVE_INFINITY;
  let bestAt = Date.now();
  for (;;) {
    const [r] = await probe
      .query<{ n: number }>(`select count(*)::int as n from inbound_messages where processed_at is null`)
      .catch(() => [{ n: -1 }]);
    const n = r!.n;
    if (n === 0) return `drained in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    if (n < best) {
      best = n;
      bestAt = Date.now();
    }
    if (Date.now() - bestAt > stallMs) return `STALLED with ${n} pending (no progress for ${stallMs / 1000} s)`;
    if (Date.now() - t0 > maxMs) return `${n} still pending after ${maxMs / 1000} s`;
    await sleep(1000);
  }
}

/** `count` hostile webhook calls (reproducible from `seed`), 8 at a time, bounded in time; then health, memory and queue checks. */
export async function runFuzz(
  s: Session,
  o: { count: number; seed: number; concurrency?: number; maxSeconds?: number },
): Promise<FuzzReport> {
  s.o.log(`  fuzz: ${o.count} hostile webhook bodies (seed ${o.seed}) …`);
  const before = await settledMemory(s);
  s.service.errorKinds.clear();
  s.sim.errors.clear();
  const errorLines0 = s.service.errorLines;
  const crashes0 = s.service.crashes.length;
  let peakKb = before.rssKb ?? 0;
  const sampler = setInterval(() => {
    peakKb = Math.max(peakKb, s.service.sample()?.rssKb ?? 0);
  }, 50);
  const statuses: Record<string, number> = {};
  const byKind: Record<string, Record<string, number>> = {};
  const bad: FuzzCase[] = [];
  const badStatus: number[] = [];
  const cases = fuzzCases(prng(o.seed), o.count, s.secret);
  const deadline = Date.now() + (o.maxSeconds ?? 300) * 1000;
  let sent = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (let next = cases.next(); !next.done && Date.now() < deadline; next = cases.next()) {
      const c = next.value;
      const status = await s.sim.raw(c.body, c.headers, c.path, c.method, 15_000);
      sent++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      const k = (byKind[c.kind] ??= {});
      k[status] = (k[status] ?? 0) + 1;
      if (status >= 500 || status < 0) {
        bad.push(c);
        badStatus.push(status);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 8 }, worker));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);

  const crashed = s.service.crashes.length - crashes0;
  await s.restarting;
  const alive = crashed === 0 && s.service.alive();
  const healthz = await s.service.health();
  // Let the workers handle what was stored (until the queue is empty or stops shrinking), then look at it.
  const drain = await drainQueue(s);
  s.o.log(`    inbound queue after the fuzz: ${drain}`);
  const after = alive ? await settledMemory(s) : { rssKb: null, heap: null };
  for (const c of s.service.crashes.slice(crashes0))
    s.o.log(`    SERVICE CRASHED during the fuzz: code ${c.code}, signal ${c.signal}`);
  let reproFile: string | null = null;
  if (bad.length) {
    reproFile = join(tmpdir(), `linli-bench-fuzz-5xx-${process.pid}.jsonl`);
    writeFileSync(
      reproFile,
      bad
        .map((c, i) =>
          JSON.stringify({
            status: badStatus[i],
            kind: c.kind,
            method: c.method,
            path: c.path,
            headers: {
              ...c.headers,
              'x-telegram-bot-api-secret-token':
                c.headers['x-telegram-bot-api-secret-token'] === s.secret
                  ? '<secret>'
                  : c.headers['x-telegram-bot-api-secret-token'],
            },
            bodyBase64: c.body.toString('base64'),
          }),
        )
        .join('\n'),
    );
  }
  const queue = s.service.alive()
    ? await s
        .inspect(async (p) => {
          const [r] = await p.query<{ pending: number; failed: number }>(
            `select count(*) filter (where processed_at is null)::int as pending, count(*) filter (where last_error is not null)::int as failed from inbound_messages where length(platform_message_id) >= 9 or platform_message_id !~ '^[0-9]+$'`,
          );
          const errs = await p.query<{ e: string; n: number }>(
            `select left(last_error, 160) as e, count(*)::int as n from inbound_messages where last_error is not null group by 1 order by 2 desc limit 5`,
          );
          return { pending: r!.pending, failed: r!.failed, errors: errs.map((e) => `${e.n}× ${e.e}`) };
        })
        .catch((err: unknown) => ({ pending: null, failed: null, errors: [`could not inspect: ${String(err)}`] }))
    : { pending: null, failed: null, errors: ['service died'] };
  const report: FuzzReport = {
    db: s.kind,
    seed: o.seed,
    sent,
    seconds: round(seconds, 1),
    statuses,
    byKind,
    fiveXx: bad.length,
    reproFile,
    fiveXxSamples: bad
      .slice(0, 5)
      .map((c, i) => ({ kind: c.kind, status: badStatus[i]!, headers: c.headers, body: preview(c) })),
    alive,
    crashes: crashed,
    healthz,
    rssBeforeMb: before.rssKb ? round(before.rssKb / 1024, 1) : null,
    rssPeakMb: round(peakKb / 1024, 1),
    rssAfterMb: after.rssKb ? round(after.rssKb / 1024, 1) : null,
    heapBeforeMb: mb(before.heap?.heapUsed),
    heapAfterMb: mb(after.heap?.heapUsed),
    inboundPending: queue.pending,
    inboundFailed: queue.failed,
    inboundErrors: queue.errors,
    serviceErrorLines: s.service.errorLines - errorLines0,
    serviceErrors: Object.fromEntries(s.service.errorKinds),
    clientErrors: Object.fromEntries(s.sim.errors),
  };
  s.o.log(
    `    sent ${sent} in ${report.seconds} s; statuses ${JSON.stringify(statuses)}; 5xx/errors ${bad.length}; alive ${alive}, /healthz ${healthz}`,
  );
  s.o.log(
    `    RSS ${report.rssBeforeMb} → peak ${report.rssPeakMb} → ${report.rssAfterMb} MB; heap used ${report.heapBeforeMb} → ${report.heapAfterMb} MB`,
  );
  return report;
}
