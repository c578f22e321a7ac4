import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PidSetCpu, reapedChildrenCpuSec } from './cpu.js';
import { backendPids, type ScratchDatabases } from './db.js';
import { round } from './stats.js';

const run = promisify(execFile);

export interface PgbenchResult {
  tps: number | null;
  latencyMs: number | null;
  /** Why there is no figure (pgbench missing, server unreachable …). */
  skipped?: string;
  command?: string;
  transactions?: number | null;
  /** CPU per transaction, ms: its PostgreSQL backends (sampled from /proc while it runs) and the pgbench client. */
  backendCpuMsPerTx?: number | null;
  clientCpuMsPerTx?: number | null;
  cpuMsPerTx?: number | null;
}

async function which(cmd: string): Promise<string | null> {
  try {
    return (await run('sh', ['-c', `command -v ${cmd}`])).stdout.trim() || null;
  } catch {
    return null;
  }
}

/**
 * The baseline: tpcb-like pgbench (`-i` at scale 1, then `-c <concurrency> -j 2 -T <seconds>`) on a
 * scratch database of the same server, dropped afterwards. Gives the server's raw transaction rate
 * on this machine, so messages/s can be read as a fraction of it, and its CPU per transaction
 * (backends + client), so the service's CPU per report can be read as a multiple of it.
 */
export async function runPgbench(scratch: ScratchDatabases, concurrency: number, seconds = 5): Promise<PgbenchResult> {
  const bin = await which('pgbench');
  if (!bin) return { tps: null, latencyMs: null, skipped: 'pgbench not installed (no baseline)' };
  const u = new URL(scratch.serverUrl);
  const env = {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username || 'postgres'),
    ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}),
  };
  let name: string | null = null;
  try {
    name = await scratch.create('linli_bench_pgbench');
    await run(bin, ['-i', '-q', '-s', '1', name], { env, timeout: 120_000 });
    const args = ['-c', String(concurrency), '-j', '2', '-T', String(seconds), '-n', name];
    const db = name;
    const backends = await new PidSetCpu(
      () => backendPids({ query: async <T>(t: string, p?: unknown[]) => (await scratch.sql(t, p)) as T[] }, db),
      100,
    ).begin();
    // pgbench is the only child started and reaped in between, so the growth of our children's CPU is its own.
    const client0 = reapedChildrenCpuSec();
    const { stdout } = await run(bin, args, { env, timeout: (seconds + 60) * 1000 });
    const clientSec = reapedChildrenCpuSec() - client0;
    const backendSec = (await backends.end()).cpuSec;
    const tps =
      /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1] ?? /tps = ([\d.]+)/.exec(stdout)?.[1];
    const lat = /latency average = ([\d.]+) ms/.exec(stdout)?.[1];
    const txs = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1] ?? Number.NaN);
    const perTx = (sec: number) => (txs > 0 ? round((sec * 1000) / txs, 3) : null);
    return {
      tps: tps ? Number(tps) : null,
      latencyMs: lat ? Number(lat) : null,
      command: `pgbench ${args.join(' ')}`,
      transactions: Number.isFinite(txs) ? txs : null,
      backendCpuMsPerTx: perTx(backendSec),
      clientCpuMsPerTx: perTx(clientSec),
      cpuMsPerTx: perTx(backendSec + clientSec),
    };
  } catch (err) {
    return { tps: null, latencyMs: null, skipped: `pgbench failed: ${String((err as Error).message).split('\n')[0]}` };
  } finally {
    if (name) await scratch.drop(name).catch(() => {});
  }
}
