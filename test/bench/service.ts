import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sleep, until } from './stats.js';

export interface ServiceEnv {
  repoRoot: string;
  db: 'postgres' | 'pglite';
  /** postgres://… of the bench's own database (postgres mode). */
  databaseUrl?: string;
  /** LINLI_DATA_DIR (pglite mode). */
  dataDir?: string;
  adminToken?: string;
  apiRoot: string;
  botToken: string;
  botUsername: string;
  secret: string;
  /** TELEGRAM_SEND_PER_SECOND (the service's own pacing toward Telegram); unset keeps its default. */
  sendPerSecond?: number;
  /** Extra node flags, e.g. --cpu-prof or --inspect. */
  nodeArgs?: string[];
  extraEnv?: Record<string, string>;
}

export interface ProcSample {
  rssKb: number;
  hwmKb: number;
  cpuSec: number;
}

export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime+stime and RSS of any process from /proc (null when it is gone). */
export function readProc(pid: number): ProcSample | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    // Fields after "(comm)": state is field 3, utime 14 and stime 15 (1-based).
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM'), cpuSec: ticks / CLK_TCK };
  } catch {
    return null;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * The service as production runs it (`node --import tsx src/server.ts`) in a child process on a
 * loopback port. Restarting keeps the port, the database and the data folder.
 */
export class Service {
  port = 0;
  proc: ChildProcess | null = null;
  /** Highest VmRSS seen by the sampler across restarts, in KB. */
  peakRssKb = 0;
  starts = 0;
  /** Log lines the child printed at level error (50) or above, and a few of them. */
  errorLines = 0;
  readonly errorSamples: string[] = [];
  /** Error log lines grouped by message and error text. */
  readonly errorKinds = new Map<string, number>();
  readonly output: string[] = [];
  /** ws://… of the child's inspector when it runs with --inspect (kept: the output buffer rolls over). */
  inspectorUrl: string | null = null;
  /** Exits nobody asked for (crashes), with the last lines the process printed. */
  readonly crashes: { at: string; code: number | null; signal: string | null; lastLines: string[] }[] = [];
  /** Called after an unexpected exit (the session restarts the service, as a supervisor would). */
  onCrash: (() => void) | null = null;
  private stopping = false;
  private sampler: NodeJS.Timeout | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);

  constructor(readonly env: ServiceEnv) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get pid(): number {
    return this.proc?.pid ?? 0;
  }
  alive(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  async start(timeoutMs = 240_000): Promise<void> {
    if (!this.port) this.port = await freePort();
    const e = this.env;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(this.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      LINLI_DEMO: 'false',
      // A nightly backup in the middle of a measurement would be measured too.
      LINLI_BACKUP_DIR: 'off',
      TELEGRAM_BOT_TOKEN: e.botToken,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: e.secret,
      TELEGRAM_API_ROOT: e.apiRoot,
      TELEGRAM_BOT_USERNAME: e.botUsername,
      ...(e.sendPerSecond ? { TELEGRAM_SEND_PER_SECOND: String(e.sendPerSecond) } : {}),
      ...e.extraEnv,
      ...(e.db === 'postgres'
        ? { DATABASE_URL: e.databaseUrl, LINLI_ADMIN_TOKEN: e.adminToken }
        : { LINLI_DATA_DIR: e.dataDir }),
    };
    // As `npm start` runs it (the build in dist/, which bench.ts makes first), or through tsx with --tsx.
    const entry = process.env.LINLI_BENCH_TSX === '1' ? ['--import', 'tsx', 'src/server.ts'] : ['dist/src/server.js'];
    const child = spawn(process.execPath, [...(e.nodeArgs ?? []), ...entry], {
      cwd: e.repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc = child;
    this.starts++;
    this.stopping = false;
    let healthy = false;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        // An exit during start is start()'s failure to report, not a crash.
        if (!this.stopping && this.proc === child && healthy) {
          this.crashes.push({ at: new Date().toISOString(), code, signal, lastLines: this.output.slice(-15) });
          if (this.sampler) clearInterval(this.sampler);
          this.sampler = null;
          setImmediate(() => this.onCrash?.());
        }
        resolve(code);
      }),
    );
    const logFile = process.env.LINLI_BENCH_SERVICE_LOG;
    const collect = (chunk: Buffer) => {
      // Every line the service writes, kept whole when asked (where the time of a recovery goes).
      if (logFile) appendFileSync(logFile, chunk);
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        const ws = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(line);
        if (ws) this.inspectorUrl = ws[1]!;
        if (this.output.length > 400) this.output.shift();
        this.output.push(line);
        const level = /^\{"level":(\d+)/.exec(line)?.[1];
        if (level && Number(level) >= 50) {
          this.errorLines++;
          if (this.errorSamples.length < 8) this.errorSamples.push(line.slice(0, 600));
          try {
            const j = JSON.parse(line) as { msg?: string; err?: { type?: string; message?: string } };
            const k = `${j.msg ?? '?'}: ${j.err?.type ?? ''} ${String(j.err?.message ?? '').slice(0, 120)}`;
            this.errorKinds.set(k, (this.errorKinds.get(k) ?? 0) + 1);
          } catch {
            /* not JSON */
          }
        }
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const ok = await until(
      async () => {
        if (!this.alive()) throw new Error(`service exited during start:\n${this.output.slice(-20).join('\n')}`);
        return (await this.health()) === 200;
      },
      timeoutMs,
      100,
    );
    if (!ok) {
      this.stopping = true;
      child.kill('SIGKILL');
      throw new Error(`service did not become healthy in ${timeoutMs} ms:\n${this.output.slice(-20).join('\n')}`);
    }
    healthy = true;
    this.sampler = setInterval(() => this.sample(), 100);
    this.sampler.unref();
  }

  /** GET /healthz status, or 0 when nothing answers. */
  async health(): Promise<number> {
    try {
      const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(3000) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }

  sample(): ProcSample | null {
    const s = this.proc?.pid ? readProc(this.proc.pid) : null;
    if (s) this.peakRssKb = Math.max(this.peakRssKb, s.rssKb, s.hwmKb);
    return s;
  }

  adminToken(): string {
    if (this.env.db === 'postgres') return this.env.adminToken!;
    return readFileSync(join(this.env.dataDir!, 'admin-token'), 'utf8').trim();
  }

  /** SIGKILL (a crash) or SIGTERM (graceful; escalates to SIGKILL after 15 s). */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
    if (!this.alive()) return;
    this.sample();
    this.stopping = true;
    this.proc!.kill(signal);
    const code = await Promise.race([this.exited, sleep(15_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      this.proc!.kill('SIGKILL');
      await this.exited;
    }
  }
}
