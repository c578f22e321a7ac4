import type { CountyReport } from './county-bench.js';
import { table } from './stats.js';

/** The county bench's tables and its JSON line (`county`: the first database's figures, `counties`: every database's). */
export function printCounty(
  rs: CountyReport[],
  o: { json: boolean; log: (l: string) => void; commit: string; loadAvg: string },
): number {
  const { log } = o;
  for (const r of rs) {
    log(
      `\nCounty on ${r.db}: ${r.villages} villages, ${r.households} households, ${r.accounts} accounts, ${r.historyRequests} requests, ${r.events} events, ${r.outbox} outbox rows (generated in ${r.generateSeconds} s)`,
    );
    log(
      table([
        ['load', 'reports/s', 'service CPU ms/report', 'PG CPU ms/report', 'e2e p99 ms'],
        [
          'empty database',
          r.reportsPerSecEmpty,
          r.cpuMsPerReportEmpty,
          r.loadEmpty?.dbCpuMsPerReport ?? null,
          r.loadEmpty?.e2eP99Ms ?? null,
        ],
        [
          'with history',
          r.reportsPerSecWithHistory,
          r.cpuMsPerReportWithHistory,
          r.dbCpuMsPerReportWithHistory,
          r.e2eP99MsWithHistory,
        ],
      ]),
    );
    log(`  with history ÷ empty: ${r.loadWithHistoryRatio ?? '–'} (target ≥ 0.9)`);
    log(
      table([
        ['desk page.scope', 'p50 ms', 'p95 ms', 'max ms', 'calls'],
        ...Object.entries(r.desk).map(([k, v]) => [k, v.p50, v.p95, v.max, v.n]),
      ]),
    );
    log(
      table([
        ['open311 requests.json', 'p50 ms', 'p95 ms', 'max ms'],
        ...Object.entries(r.open311).map(([k, v]) => [k, v.p50, v.p95, v.max]),
      ]),
    );
    log(
      table([
        ['export', 's', 'CSV rows', 'bytes', 'service RSS growth MB'],
        ...Object.entries(r.exports).map(([k, v]) => [k, v.seconds, v.rows || null, v.bytes, v.rssGrowthMb]),
      ]),
    );
    log(
      `  roster re-import ${r.importSeconds} s; say-things reminder queued for ${r.reminderRows ?? '–'} accounts in ${r.reminderQueueSeconds ?? '–'} s`,
    );
  }
  const slim = (r: CountyReport) => {
    const { loadEmpty: _e, loadWithHistory: _h, slowest, ...rest } = r;
    return { ...rest, slowest: slowest.map((x) => ({ ms: x.ms, calls: x.calls, query: x.query.slice(0, 300) })) };
  };
  if (o.json)
    console.log(
      JSON.stringify({
        commit: o.commit,
        loadAverageAtEnd: o.loadAvg,
        county: rs[0] ? slim(rs[0]) : null,
        counties: rs.map(slim),
      }),
    );
  return 0;
}
