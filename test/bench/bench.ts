/**
 * `npm run bench` — drives the real service (a child process, as `npm start` runs it) through its
 * Telegram webhook with a local fake Bot API and reports throughput, latency, memory and CPU, with
 * optional fault injection (--faults) and hostile input (--fuzz). See test/bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TELEGRAM_WEBHOOK_BUDGET } from '../../bots/telegram/telegram.webhook.js';
import { type CountyReport, runCounty } from './county-bench.js';
import { printCounty } from './county-report.js';
import { ScratchDatabases, pgReachable } from './db.js';
import { type BareBotResult, runBareBot } from './bare.js';
import { type FaultReport, runFaults } from './faults.js';
import { type FuzzReport, runFuzz } from './fuzz.js';
import { type LoadMetrics, measureLoad } from './measure.js';
import { type PgbenchResult, runPgbench } from './pgbench.js';
import { printReport } from './report.js';
import { loadCorpus } from './roster.js';
import { Session } from './session.js';

const usage = `usage: npx tsx test/bench/bench.ts [options]
  --db pglite|postgres|both   database under test (default: postgres when reachable, else pglite)
  --residents N               bound residents per village (default 800: 400 households, 8 groups × 50)
  --villages V --groups G     villages (default 1) and mutual-aid groups per village (default 8)
  --concurrency C             residents sending at once (default 16; also pgbench -c)
  --instances N               service processes on the one PostgreSQL database, updates posted round-robin
                              (default 1; PGlite is single-process)
  --messages M | --duration S measured load: M messages, or S seconds (default --duration 30)
  --faults                    fault runs: Bot API 500/429, SIGKILL mid-burst, database connection drops
  --fault-messages M          reports per fault run (default 300)
  --burst B                   reports in the SIGKILL burst (default 1000; the kill comes at 40 %)
  --fault-only a,b            only these fault runs (bot-api-errors, sigkill, db-drop)
  --fuzz [--fuzz-count N]     N hostile webhook bodies (default 10000)
  --load                      also run the measured load when --faults/--fuzz are given
  --addresses N               post updates from N loopback addresses, 127.0.0.1 … 127.0.0.N (default 8), as
                              Telegram posts from several: the service's webhook budget per address is then
                              N × 6,000 updates a minute (printed), not the bench's bottleneck
  --say-things-day D|today    the bench village's say-things day (default 10); 'today' (Asia/Shanghai) with the
                              reminder hour 0 puts the say-things reminder to every resident into the run
  --quiet-hours F-U|off        the bench village's quiet hours, village time (its roster's quietFrom/quietUntil,
                              checked by the roster schema); 'off' = none (from = until). Default: the service's
                              21-7, but 'off' with --say-things-day today, so the reminder goes during the run at
                              any hour (printed)
  --db-drops N                how many times the db-drop fault run is repeated, each audited (default 3)
  --patience S                how long a simulated resident waits for its answer in the measured load before
                              it counts as lost (default 120; the fault runs wait 300)
  --send-rate N               TELEGRAM_SEND_PER_SECOND for the service (default 100000: the fake API has
                              no limit, so the service itself is measured; 0 keeps the service default, 30)
  --no-pgbench                skip the pgbench baseline
  --no-bare-bot               skip the bare-bot baseline (telegraf answering each update, no database)
  --pg-url URL                PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
  --seed N                    PRNG seed (default 20240310)
  --cpu-prof DIR              profile the service during the load (V8 CPU profile via its inspector, written
                              to DIR and summarised) and sample pg_stat_activity (postgres)
  --tsx                       run the service from its TypeScript sources through tsx (as \`npm start\` did
                              before it ran the build in dist/)
  --json                      print one JSON object on the last line
  --county                    the county bench (issue #27): generate --villages (default 200) villages × 8 groups × 50
                              households and 5,000 requests of history per village in bulk, then measure the live load
                              with that history against an empty database (--duration, default 20 s), the desk's pages
                              at village, town and county scope (--reps N timed calls each, default 20), ledger exports,
                              a roster re-import, a town's say-things reminder, Open311 requests.json, and print the
                              slowest statements' plans (PostgreSQL); --db both adds PGlite with one village's share
  --no-empty                  (--county) skip the empty-database load`;

const { values: a } = parseArgs({
  options: {
    db: { type: 'string' },
    residents: { type: 'string', default: '800' },
    villages: { type: 'string' },
    groups: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '16' },
    instances: { type: 'string', default: '1' },
    messages: { type: 'string' },
    duration: { type: 'string' },
    faults: { type: 'boolean' },
    'fault-messages': { type: 'string', default: '300' },
    burst: { type: 'string', default: '1000' },
    'fault-only': { type: 'string' },
    fuzz: { type: 'boolean' },
    'fuzz-count': { type: 'string', default: '10000' },
    load: { type: 'boolean' },
    'no-pgbench': { type: 'boolean' },
    'no-bare-bot': { type: 'boolean' },
    'send-rate': { type: 'string', default: '100000' },
    addresses: { type: 'string', default: '8' },
    patience: { type: 'string', default: '120' },
    'say-things-day': { type: 'string' },
    'quiet-hours': { type: 'string' },
    'db-drops': { type: 'string', default: '3' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    seed: { type: 'string', default: '20240310' },
    'cpu-prof': { type: 'string' },
    json: { type: 'boolean' },
    tsx: { type: 'boolean' },
    county: { type: 'boolean' },
    reps: { type: 'string', default: '20' },
    'no-empty': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (a.help) {
  console.log(usage);
  process.exit(0);
}

const int = (name: string, v: string | undefined, min = 1): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name}: expected an integer ≥ ${min}\n${usage}`);
    process.exit(2);
  }
  return n;
};
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const commit = (() => {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'bots', 'db'], {
      cwd: repoRoot,
      encoding: 'utf8',
    }).trim()
      ? '+dirty'
      : '';
    return head + dirty;
  } catch {
    return 'unknown';
  }
})();
const loadAvg = () => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
};
const log = (line: string) => (a.json ? process.stderr : process.stdout).write(`${line}\n`);

async function main(): Promise<number> {
  // The service runs as `npm start` runs it: built into dist/ first (db/build.mjs), unless --tsx.
  if (a.tsx) process.env.LINLI_BENCH_TSX = '1';
  else execFileSync(process.execPath, ['db/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  const residents = int('residents', a.residents);
  const concurrency = int('concurrency', a.concurrency);
  if (concurrency > residents) throw new Error('--concurrency must not exceed --residents');
  const instances = int('instances', a.instances);
  const addresses = int('addresses', a.addresses);
  if (addresses > 254) throw new Error('--addresses: at most 254 (127.0.0.1 … 127.0.0.254)');
  const today = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', day: 'numeric' }).format(new Date()),
  );
  const sayThings =
    a['say-things-day'] === 'today'
      ? { sayThingsDay: today, reminderHour: 0, sayThingsDuringLoad: true }
      : a['say-things-day']
        ? { sayThingsDay: int('say-things-day', a['say-things-day']) }
        : {};
  if ((sayThings.sayThingsDay ?? 1) > 31) throw new Error('--say-things-day: 1 … 31 or today');
  const quietArg = a['quiet-hours'] ?? (a['say-things-day'] === 'today' ? 'off' : undefined);
  const quietMatch = quietArg === undefined || quietArg === 'off' ? null : /^(\d{1,2})-(\d{1,2})$/.exec(quietArg);
  if (
    quietArg !== undefined &&
    quietArg !== 'off' &&
    (!quietMatch || Number(quietMatch[1]) > 23 || Number(quietMatch[2]) > 23)
  )
    throw new Error('--quiet-hours: FROM-UNTIL (hours 0 … 23) or off');
  const quiet =
    quietArg === 'off'
      ? { quietFrom: 0, quietUntil: 0 }
      : quietMatch
        ? { quietFrom: Number(quietMatch[1]), quietUntil: Number(quietMatch[2]) }
        : {};
  const webhookLimit = {
    perAddressPerMinute: Math.round((TELEGRAM_WEBHOOK_BUDGET.max * 60_000) / TELEGRAM_WEBHOOK_BUDGET.perMs),
    addresses,
  };
  const reachable = await pgReachable(a['pg-url']!);
  const dbs =
    a.db === 'both'
      ? (['postgres', 'pglite'] as const)
      : a.db === 'postgres' || a.db === 'pglite'
        ? ([a.db] as const)
        : ([reachable ? 'postgres' : 'pglite'] as const);
  if (dbs.includes('postgres' as never) && !reachable) throw new Error(`PostgreSQL not reachable at ${a['pg-url']}`);
  const scratch = reachable ? new ScratchDatabases(a['pg-url']!) : null;
  const corpus = loadCorpus(repoRoot);
  const doLoad = a.load || (!a.faults && !a.fuzz);
  const measure = a.messages
    ? { messages: int('messages', a.messages) }
    : { durationS: int('duration', a.duration ?? '30') };
  const loads: LoadMetrics[] = [];
  const faults: FaultReport[] = [];
  const fuzz: FuzzReport[] = [];
  let pgbench: PgbenchResult = { tps: null, latencyMs: null, skipped: 'not run' };
  let bareBot: BareBotResult | null = null;
  let current: Session | null = null;

  const cleanup = async () => {
    await current?.teardown();
    const dropped = await scratch?.dropAll();
    if (dropped?.length) log(`dropped scratch databases: ${dropped.join(', ')}`);
    await scratch?.close();
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      log(`\n${sig}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    log(`service code: ${commit} (src, bots, db as in the working tree)`);
    if (a.county) {
      log(`machine: ${cpus().length} CPUs, load average ${loadAvg()} (other processes skew the figures)`);
      const counties: CountyReport[] = [];
      for (const db of dbs) {
        counties.push(
          await runCounty({
            repoRoot,
            db,
            scratch,
            villages: db === 'pglite' && dbs.length > 1 ? 1 : int('villages', a.villages ?? '200'),
            residents,
            concurrency,
            durationS: int('duration', a.duration ?? '20'),
            reps: int('reps', a.reps),
            seed: int('seed', a.seed, 0),
            texts: corpus.texts,
            sendPerSecond: int('send-rate', a['send-rate'], 0),
            addresses,
            patienceMs: int('patience', a.patience) * 1000,
            skipEmpty: !!a['no-empty'],
            log,
          }),
        );
      }
      log(`\nload average at the end: ${loadAvg()}`);
      return printCounty(counties, { json: !!a.json, log, commit, loadAvg: loadAvg() });
    }
    log(`machine: ${cpus().length} CPUs, load average ${loadAvg()} (other processes skew the figures)`);
    log(
      `webhook limit: ${webhookLimit.perAddressPerMinute} updates a minute per address (the service's budget); posting from ${addresses} loopback address(es) → ${webhookLimit.perAddressPerMinute * addresses} a minute`,
    );
    log(
      `quiet hours of the bench village (village time, UTC+8): ${quiet.quietFrom === undefined ? 'the service default, 21:00–07:00' : quiet.quietFrom === quiet.quietUntil ? 'none (--quiet-hours off: roster quietFrom = quietUntil = 0)' : `${quiet.quietFrom}:00–${quiet.quietUntil}:00 (--quiet-hours)`}`,
    );
    if (sayThings.sayThingsDay)
      log(
        `say-things day of the bench village: the ${sayThings.sayThingsDay}th${sayThings.reminderHour === 0 ? ' (today: its reminder goes to every resident during the run)' : ''}`,
      );
    log(
      `corpus: ${corpus.texts.length} report texts ${JSON.stringify(corpus.sources)}; ${residents} residents × ${a.villages ?? 1} village(s), concurrency ${concurrency}`,
    );
    for (const db of dbs) {
      log(`\n== ${db} ==`);
      // The inspector (loopback, random port) lets the bench force GCs (--fuzz) and profile the load (--cpu-prof).
      const nodeArgs = a['cpu-prof'] || a.fuzz ? ['--inspect=127.0.0.1:0'] : [];
      current = new Session({
        repoRoot,
        db,
        scratch,
        villages: int('villages', a.villages ?? '1'),
        groups: int('groups', a.groups),
        residents,
        concurrency,
        seed: int('seed', a.seed, 0),
        nodeArgs,
        log,
        sendPerSecond: int('send-rate', a['send-rate'], 0),
        instances: db === 'postgres' ? instances : 1,
        addresses,
        ...sayThings,
        ...quiet,
      });
      if (db === 'pglite' && instances > 1) log('  (PGlite is one process: --instances ignored)');
      await current.setup();
      if (doLoad) {
        log(`  load: ${JSON.stringify(measure)} …`);
        await current.sayThingsDueNow();
        loads.push(
          await measureLoad(current, {
            ...measure,
            texts: corpus.texts,
            timeoutMs: int('patience', a.patience) * 1000,
            ...(a['cpu-prof'] ? { profileDir: a['cpu-prof'] } : {}),
          }),
        );
      }
      if (a.faults)
        faults.push(
          await runFaults(current, {
            texts: corpus.texts,
            messages: int('fault-messages', a['fault-messages']),
            burst: int('burst', a.burst),
            only: a['fault-only']?.split(',').filter(Boolean) ?? [],
            dbDrops: int('db-drops', a['db-drops']),
          }),
        );
      if (a.fuzz)
        fuzz.push(await runFuzz(current, { count: int('fuzz-count', a['fuzz-count']), seed: int('seed', a.seed, 0) }));
      await current.teardown();
      current = null;
    }
    if (doLoad && !a['no-bare-bot']) {
      log('\n  bare bot baseline (telegraf, no database) …');
      bareBot = await runBareBot({ repoRoot, concurrency, seconds: 5 });
    }
    if (scratch && !a['no-pgbench']) {
      log('\n  pgbench baseline …');
      pgbench = await runPgbench(scratch, concurrency, 5);
    } else if (!scratch) {
      pgbench = { tps: null, latencyMs: null, skipped: 'PostgreSQL not reachable' };
    }
  } finally {
    await cleanup();
  }
  log(`\nload average at the end: ${loadAvg()}`);
  return printReport({ loads, faults, fuzz, pgbench, bareBot, json: !!a.json, log, commit, webhookLimit });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
