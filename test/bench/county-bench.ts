/**
 * `npm run bench -- --county`: the service on a county's data (issue #27). Generates the county and its history in
 * bulk (county.ts), then measures through the service's own HTTP surfaces, as a desk user, an Open311 client and
 * the admin API would: the live load with the history against the same load on an empty database, the desk's
 * pages at village, town and county scope, the ledger export (time and the service's RSS growth), a roster
 * re-import, the say-things reminder for a town being queued, and Open311 `requests.json` with dates. On
 * PostgreSQL the slowest statements the desk ran are printed with `EXPLAIN (ANALYZE, BUFFERS)` (auto_explain).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { openDatabase } from '../../src/data/database.js';
import { type CountyCounts, countyShape, generateCounty, memberBindCode } from './county.js';
import type { ScratchDatabases } from './db.js';
import { bindAll } from './load.js';
import { type LoadMetrics, measureLoad } from './measure.js';
import type { Person } from './roster.js';
import { readProc } from './service.js';
import { Session } from './session.js';
import { percentile, round, sleep } from './stats.js';

export interface CountyOptions {
  repoRoot: string;
  db: 'postgres' | 'pglite';
  scratch: ScratchDatabases | null;
  villages: number;
  /** Bound residents of the bench's own village (the live load's senders). */
  residents: number;
  concurrency: number;
  durationS: number;
  /** Timed calls per desk page and scope (after two warm-up calls). */
  reps: number;
  seed: number;
  texts: string[];
  sendPerSecond: number;
  addresses: number;
  patienceMs: number;
  /** Skip the empty-database load (its figure is then null). */
  skipEmpty?: boolean;
  log: (line: string) => void;
}

export interface Timing {
  p50: number;
  p95: number;
  max: number;
  n: number;
}

export interface SlowStatement {
  ms: number;
  calls: number;
  query: string;
  plan: string;
}

export interface CountyReport {
  db: 'postgres' | 'pglite';
  villages: number;
  households: number;
  members: number;
  accounts: number;
  historyRequests: number;
  events: number;
  outbox: number;
  generateSeconds: number | null;
  reportsPerSecEmpty: number | null;
  reportsPerSecWithHistory: number | null;
  loadWithHistoryRatio: number | null;
  cpuMsPerReportEmpty: number | null;
  cpuMsPerReportWithHistory: number | null;
  dbCpuMsPerReportWithHistory: number | null;
  e2eP99MsWithHistory: number | null;
  /** `page.scope` → p95 ms. */
  deskP95Ms: Record<string, number>;
  desk: Record<string, Timing>;
  /** CSV and XLSX of every village of the town for the current month, one after the other (the export is per village). */
  exportSeconds: number | null;
  exportRssGrowthMb: number;
  exports: Record<string, { seconds: number; rows: number; bytes: number; rssGrowthMb: number }>;
  importSeconds: number | null;
  reminderQueueSeconds: number | null;
  reminderRows: number | null;
  open311: Record<string, Timing>;
  slowest: SlowStatement[];
  loadEmpty: LoadMetrics | null;
  loadWithHistory: LoadMetrics | null;
}

const TOWN = '第1镇';
const COUNTY = '示范县';
const msSummary = (xs: number[]): Timing => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    p50: round(percentile(s, 50), 1)!,
    p95: round(percentile(s, 95), 1)!,
    max: round(s.at(-1) ?? 0, 1)!,
    n: s.length,
  };
};
const shanghaiDay = (d: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(d);

interface Facts {
  firstVillageId: number;
  ref: number;
  villageCodes: string[];
}

export async function runCounty(o: CountyOptions): Promise<CountyReport> {
  const { log } = o;
  const shape = {
    ...countyShape(new Date()),
    villages: o.villages,
    historyRequests: Math.round((1_000_000 * o.villages) / 200),
  };
  const place = { town: TOWN, county: COUNTY };
  const base = {
    repoRoot: o.repoRoot,
    db: o.db,
    scratch: o.scratch,
    villages: 1,
    groups: 8,
    residents: o.residents,
    concurrency: o.concurrency,
    seed: o.seed,
    log,
    sendPerSecond: o.sendPerSecond,
    addresses: o.addresses,
    dbPrefix: 'linli_h_county',
    place,
  };
  const loadOpts = { durationS: o.durationS, texts: o.texts, timeoutMs: o.patienceMs };

  let loadEmpty: LoadMetrics | null = null;
  if (!o.skipEmpty) {
    log(`\n== county (${o.db}): the live load on an empty database ==`);
    const empty = new Session(base);
    try {
      await empty.setup();
      loadEmpty = await measureLoad(empty, loadOpts);
      log(`  empty: ${loadEmpty.messagesPerSec} reports/s, service CPU ${loadEmpty.serviceCpuMsPerReport} ms/report`);
    } finally {
      await empty.teardown();
    }
  }

  log(`\n== county (${o.db}): ${shape.villages} villages, ${shape.historyRequests} requests of history ==`);
  let counts: CountyCounts | null = null;
  let facts: Facts | null = null;
  const openSecret = randomBytes(12).toString('hex');
  const s = new Session({
    ...base,
    env: { OPEN311_API_KEYS: `bench:${openSecret}` },
    prepare: async (target) => {
      const database = await openDatabase(
        target.databaseUrl ? { url: target.databaseUrl } : { dataDir: target.dataDir! },
      );
      try {
        counts = await generateCounty(database.db, shape, (step, ms) => {
          if (ms > 2000) log(`  generate: ${step} ${(ms / 1000).toFixed(1)} s`);
        });
        const rows = (
          await database.executeSql(`select v.id, v.code, (select max(ref) from requests r where r.village_id = v.id) as ref
          from villages v where v.code like 'cv%' order by v.id`)
        ).rows as { id: number; code: string; ref: number }[];
        facts = {
          firstVillageId: Number(rows[0]!.id),
          ref: Number(rows[0]!.ref),
          villageCodes: rows.map((r) => r.code),
        };
      } finally {
        await database.close();
      }
      log(`  generated ${JSON.stringify(counts)}`);
    },
  });
  const report: Partial<CountyReport> = {};
  try {
    await s.setup();
    const c = counts! as CountyCounts;
    const f = facts! as Facts;
    const loadWithHistory = await measureLoad(s, loadOpts);
    log(
      `  with history: ${loadWithHistory.messagesPerSec} reports/s, service CPU ${loadWithHistory.serviceCpuMsPerReport} ms/report`,
    );

    // Desk users: the first village's secretary, its town's staff, the county's staff; bound through the webhook, logged in by the chat code.
    const staff: [scope: string, code: string][] = [
      ['village', 's-01'],
      ['town', 'ts-01'],
      ['county', 'cs-01'],
    ];
    const people: Person[] = staff.map(([, code], i) => ({
      userId: 77_000_000 + i,
      bindCode: memberBindCode(f.firstVillageId, code),
      kind: 'member',
      code,
      village: 0,
    }));
    const bound = await bindAll(s.sim, s.inbox, people, 3);
    if (bound.failed.length) throw new Error(`desk users not bound: ${JSON.stringify(bound.failed)}`);
    const cookies: Record<string, string> = {};
    for (const [i, [scope, code]] of staff.entries())
      cookies[scope] = await logIn(s, people[i]!, code, f.villageCodes[0]!);

    const day = (d: Date) => shanghaiDay(d);
    const now = new Date();
    const month = day(now).slice(0, 7);
    const pages: [name: string, path: string][] = [
      ['board', '/desk'],
      [
        'boardFiltered',
        `/desk?kind=repair&status=all&from=${day(new Date(now.getTime() - 90 * 86_400_000))}&to=${day(now)}`,
      ],
      ['boardRows', '/desk/board/rows?status=all'],
      ['request', `/desk/requests/${f.ref}`],
      ['rates', `/desk/rates?village=${f.villageCodes[0]}&month=${month}`],
    ];
    const desk: Record<string, Timing> = {};
    const get = async (cookie: string, path: string) => {
      const t = performance.now();
      const res = await fetch(`${s.service.url}${path}`, {
        headers: { cookie, accept: 'text/html' },
        redirect: 'manual',
      });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 200)}`);
      return performance.now() - t;
    };
    for (const [name, path] of pages) {
      for (const [scope] of staff) {
        for (let w = 0; w < 2; w++) await get(cookies[scope]!, path);
        const xs: number[] = [];
        for (let r = 0; r < o.reps; r++) xs.push(await get(cookies[scope]!, path));
        desk[`${name}.${scope}`] = msSummary(xs);
      }
    }
    log(
      `  desk (ms, p50/p95): ${Object.entries(desk)
        .map(([k, v]) => `${k} ${v.p50}/${v.p95}`)
        .join(', ')}`,
    );

    // Open311 requests.json of the first village: the last month and the last year.
    const open311: Record<string, Timing> = {};
    for (const [name, days] of [
      ['month', 30],
      ['year', 365],
    ] as const) {
      const q = `api_key=${openSecret}&jurisdiction_id=${f.villageCodes[0]}&start_date=${new Date(now.getTime() - days * 86_400_000).toISOString()}&end_date=${now.toISOString()}`;
      const xs: number[] = [];
      for (let r = 0; r < o.reps + 2; r++) xs.push(await get('', `/open311/v2/requests.json?${q}`));
      open311[name] = msSummary(xs.slice(2));
    }
    log(
      `  open311 requests.json (ms, p50/p95): ${Object.entries(open311)
        .map(([k, v]) => `${k} ${v.p50}/${v.p95}`)
        .join(', ')}`,
    );

    // Ledger exports: the town's month (every village of the town, as the town official), and one village's two years.
    const townVillages = [...f.villageCodes.slice(0, shape.villagesPerTown), 'bench-1'];
    const exports: CountyReport['exports'] = {};
    for (const format of ['csv', 'xlsx'] as const) {
      exports[`town-month.${format}`] = await timedExport(
        s,
        cookies.town!,
        townVillages.map((v) => `/desk/ledger.${format}?village=${v}&month=${month}`),
      );
      exports[`village-2y.${format}`] = await timedExport(s, cookies.town!, [
        `/desk/ledger.${format}?village=${f.villageCodes[0]}&from=${day(new Date(now.getTime() - 731 * 86_400_000))}&to=${day(now)}`,
      ]);
    }
    log(`  exports: ${JSON.stringify(exports)}`);

    // A roster re-import of one village (the bench village, 400 households, unchanged).
    const t0 = performance.now();
    const res = await fetch(`${s.service.url}/api/v1/roster`, {
      method: 'POST',
      body: JSON.stringify(s.rosters[0]),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${s.service.adminToken()}` },
    });
    const imported = await res.text();
    if (res.status !== 200) throw new Error(`roster re-import: ${res.status} ${imported.slice(0, 200)}`);
    const importSeconds = (performance.now() - t0) / 1000;
    log(`  roster re-import of one village: ${importSeconds.toFixed(2)} s`);

    const reminder = s.liveProbe ? await reminderForTown(s, log) : null;
    const slowest =
      o.db === 'postgres'
        ? await explainSlowest(
            s,
            o.scratch!,
            async () => {
              for (const [, path] of pages) for (const [scope] of staff) await get(cookies[scope]!, path);
              await get(
                '',
                `/open311/v2/requests.json?api_key=${openSecret}&jurisdiction_id=${f.villageCodes[0]}&start_date=${new Date(now.getTime() - 365 * 86_400_000).toISOString()}`,
              );
              await get(cookies.town!, `/desk/ledger.csv?village=${f.villageCodes[0]}&month=${month}`);
            },
            log,
          )
        : [];

    const p95 = Object.fromEntries(Object.entries(desk).map(([k, v]) => [k, v.p95]));
    Object.assign(report, {
      db: o.db,
      villages: c.villages,
      households: c.households,
      members: c.members,
      accounts: c.accounts,
      historyRequests: c.historyRequests,
      events: c.events,
      outbox: c.outbox,
      generateSeconds: round(c.seconds, 1),
      reportsPerSecEmpty: loadEmpty?.messagesPerSec ?? null,
      reportsPerSecWithHistory: loadWithHistory.messagesPerSec,
      loadWithHistoryRatio:
        loadEmpty?.messagesPerSec && loadWithHistory.messagesPerSec
          ? round(loadWithHistory.messagesPerSec / loadEmpty.messagesPerSec, 2)
          : null,
      cpuMsPerReportEmpty: loadEmpty?.serviceCpuMsPerReport ?? null,
      cpuMsPerReportWithHistory: loadWithHistory.serviceCpuMsPerReport,
      dbCpuMsPerReportWithHistory: loadWithHistory.dbCpuMsPerReport,
      e2eP99MsWithHistory: loadWithHistory.e2eP99Ms,
      deskP95Ms: p95,
      desk,
      exportSeconds: round(
        Object.entries(exports)
          .filter(([k]) => k.startsWith('town-month'))
          .reduce((a, [, v]) => a + v.seconds, 0),
        2,
      ),
      exportRssGrowthMb: Math.max(...Object.values(exports).map((v) => v.rssGrowthMb)),
      exports,
      importSeconds: round(importSeconds, 2),
      reminderQueueSeconds: reminder?.seconds ?? null,
      reminderRows: reminder?.rows ?? null,
      open311,
      slowest,
      loadEmpty,
      loadWithHistory,
    } satisfies CountyReport);
  } finally {
    await s.teardown();
  }
  return report as CountyReport;
}

/** Logs a member in as a person does: asks for a code, reads it in their chat, sends it; answers the session cookie. */
async function logIn(s: Session, p: Person, member: string, village: string): Promise<string> {
  const chat = String(p.userId);
  s.inbox.clear(chat);
  const post = (path: string, body: Record<string, string>) =>
    fetch(`${s.service.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
  const asked = await post('/desk/login', { member, village });
  if (asked.status !== 200) throw new Error(`desk login ${member}@${village}: ${asked.status}`);
  // Binding a member also sends them their open tasks; the code is the message that names it.
  let code: string | undefined;
  for (let m = await s.inbox.next(chat, 30_000); m && !code; m = code ? null : await s.inbox.next(chat, 30_000))
    code = /工作台登录验证码：(\d{6})/.exec(m.text)?.[1];
  if (!code) throw new Error(`no desk login code for ${member}@${village}`);
  const res = await post('/desk/login/code', { member, village, code });
  const cookie = res.headers.get('set-cookie');
  if (res.status !== 303 || !cookie) throw new Error(`desk login ${member}@${village}: ${res.status}`);
  return cookie.split(';')[0]!;
}

/** Downloads the files one after the other, sampling the service's RSS every 10 ms; growth is the peak over the RSS before. */
async function timedExport(
  s: Session,
  cookie: string,
  paths: string[],
): Promise<{ seconds: number; rows: number; bytes: number; rssGrowthMb: number }> {
  const pid = s.service.pid;
  const before = readProc(pid)?.rssKb ?? 0;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, readProc(pid)?.rssKb ?? 0);
  }, 10);
  let bytes = 0;
  let rows = 0;
  const t0 = performance.now();
  try {
    for (const path of paths) {
      const res = await fetch(`${s.service.url}${path}`, { headers: { cookie } });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.toString('utf8').slice(0, 200)}`);
      bytes += body.length;
      if (path.includes('.csv')) rows += body.toString('utf8').split('\n').filter(Boolean).length - 1;
    }
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, readProc(pid)?.rssKb ?? 0);
  return {
    seconds: round((performance.now() - t0) / 1000, 2)!,
    rows,
    bytes,
    rssGrowthMb: round((peak - before) / 1024, 1)!,
  };
}

/**
 * Makes today the say-things day of every village of the first town (reminder hour 0) and waits for the service's
 * minute tick to queue the reminder to all their households' accounts: seconds from the first reminder row to the
 * last (the wait for the tick itself is not counted).
 */
async function reminderForTown(
  s: Session,
  log: (l: string) => void,
): Promise<{ seconds: number; rows: number } | null> {
  const probe = s.liveProbe!;
  const mark = (await probe.query<{ id: string }>('select coalesce(max(id), 0) as id from outbox'))[0]!.id;
  const today = Number(shanghaiDay(new Date()).slice(8, 10));
  await probe.query(`update villages set say_things_day = $1, reminder_hour = 0 where town = $2`, [today, TOWN]);
  const expected = Number(
    (
      await probe.query<{ n: string }>(
        `select count(*) as n from identities i join residents r on r.id = i.resident_id
    join households h on h.id = r.household_id join villages v on v.id = h.village_id where v.town = $1`,
        [TOWN],
      )
    )[0]!.n,
  );
  const count = async () =>
    Number((await probe.query<{ n: string }>('select count(*) as n from outbox where id > $1 and bulk', [mark]))[0]!.n);
  let first = 0;
  let last = 0;
  let n = 0;
  const deadline = performance.now() + 600_000;
  while (performance.now() < deadline) {
    const k = await count();
    if (k > 0 && !first) first = performance.now();
    if (k > n) {
      n = k;
      last = performance.now();
    }
    // A village's reminder commits at once (one transaction per village): the count moves in steps, seconds apart on a busy machine.
    if (n >= expected || (first && performance.now() - last > 60_000)) break;
    await sleep(50);
  }
  if (!first) {
    log('  say-things reminder: nothing queued within 600 s');
    return null;
  }
  const seconds = round((last - first) / 1000, 2)!;
  log(
    `  say-things reminder for ${TOWN}: ${n} of ${expected} accounts queued in ${seconds} s (after the tick started)`,
  );
  return { seconds, rows: n };
}

/**
 * The slowest statements of one pass over the desk pages, with their plans: auto_explain (log_analyze, buffers) is
 * switched on for the bench's database, the service restarted so its connections load it, the pages called once,
 * and the server's log read back (needs the log file readable: /var/log/postgresql here).
 */
async function explainSlowest(
  s: Session,
  scratch: ScratchDatabases,
  pass: () => Promise<void>,
  log: (l: string) => void,
): Promise<SlowStatement[]> {
  const db = s.dbName!;
  const logFile = process.env.LINLI_BENCH_PG_LOG ?? '/var/log/postgresql/postgresql-15-main.log';
  let offset: number;
  try {
    offset = statSync(logFile).size;
  } catch {
    log(`  EXPLAIN: server log ${logFile} not readable (LINLI_BENCH_PG_LOG); skipped`);
    return [];
  }
  const settings = [
    `session_preload_libraries = 'auto_explain'`,
    `"auto_explain.log_min_duration" = '3ms'`,
    `"auto_explain.log_analyze" = on`,
    `"auto_explain.log_buffers" = on`,
    `"auto_explain.log_timing" = on`,
  ];
  for (const x of settings) await scratch.sql(`alter database ${db} set ${x}`);
  try {
    await s.service.stop('SIGTERM');
    await s.service.start();
    await pass();
    await sleep(500);
  } finally {
    await scratch.sql(`alter database ${db} reset all`);
  }
  const size = statSync(logFile).size;
  const buf = Buffer.alloc(size - offset);
  const fd = openSync(logFile, 'r');
  try {
    readSync(fd, buf, 0, buf.length, offset);
  } finally {
    closeSync(fd);
  }
  const blocks: { ms: number; query: string; plan: string }[] = [];
  let cur: { ms: number; lines: string[] } | null = null;
  const flush = () => {
    if (!cur) return;
    const text = cur.lines.join('\n');
    const q =
      /Query Text: ([\s\S]*?)\n(?=\S|\t?\s*(Limit|Sort|Hash|Nested|Seq|Index|Bitmap|Aggregate|GroupAggregate|HashAggregate|Result|Unique|Append|Merge|WindowAgg|Gather|Subquery|CTE|Insert|Update|Delete|LockRows|Materialize|ProjectSet|Incremental|Function))/.exec(
        text,
      );
    const query = (q?.[1] ?? text.split('\n')[0] ?? '').replace(/\s+/g, ' ').trim();
    blocks.push({ ms: cur.ms, query, plan: text });
    cur = null;
  };
  for (const line of buf.toString('utf8').split('\n')) {
    const head = new RegExp(`@${db} LOG:\\s+duration: ([\\d.]+) ms\\s+plan:`).exec(line);
    if (head) {
      flush();
      cur = { ms: Number(head[1]), lines: [] };
      continue;
    }
    if (cur && line.startsWith('\t')) {
      cur.lines.push(line.slice(1));
      continue;
    }
    flush();
  }
  flush();
  // One line per statement text (its slowest run), the five slowest.
  const byQuery = new Map<string, SlowStatement>();
  for (const b of blocks) {
    const k = b.query.slice(0, 400);
    const had = byQuery.get(k);
    if (!had) byQuery.set(k, { ms: b.ms, calls: 1, query: b.query, plan: b.plan });
    else {
      had.calls++;
      if (b.ms > had.ms) {
        had.ms = b.ms;
        had.plan = b.plan;
      }
    }
  }
  const top = [...byQuery.values()]
    .filter((x) => !/auto_explain|pg_stat/.test(x.query))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  log(
    `\n  slowest statements of one desk pass (auto_explain, EXPLAIN ANALYZE BUFFERS; ${blocks.length} statements ≥ 3 ms):`,
  );
  for (const t of top)
    log(
      `\n  -- ${t.ms} ms (${t.calls}×): ${t.query.slice(0, 300)}\n${t.plan
        .split('\n')
        .filter((l) => !l.startsWith('Query Text'))
        .map((l) => `     ${l}`)
        .join('\n')
        .slice(0, 4000)}`,
    );
  return top;
}
