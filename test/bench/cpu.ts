import { readFileSync } from 'node:fs';
import { CLK_TCK, readProc } from './service.js';

/**
 * CPU seconds used by a changing set of processes (PostgreSQL backends come and go with the pools):
 * the set is listed again every `everyMs`; a pid seen only after `begin` was born during the run and
 * starts from 0. A process that exits between two samples loses at most its last interval.
 */
export class PidSetCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly list: () => Promise<number[]>,
    private readonly everyMs = 200,
  ) {}

  async begin(): Promise<this> {
    for (const pid of await this.list().catch(() => [])) {
      const cpu = readProc(pid)?.cpuSec;
      if (cpu !== undefined) {
        this.first.set(pid, cpu);
        this.last.set(pid, cpu);
      }
    }
    this.timer = setInterval(() => {
      this.running = this.running.then(() => this.sample());
    }, this.everyMs);
    this.timer.unref();
    return this;
  }

  private async sample(): Promise<void> {
    for (const pid of await this.list().catch(() => [])) if (!this.first.has(pid)) this.first.set(pid, 0);
    for (const pid of this.first.keys()) {
      const cpu = readProc(pid)?.cpuSec;
      if (cpu !== undefined && cpu >= (this.last.get(pid) ?? 0)) this.last.set(pid, cpu);
    }
  }

  /** Stops sampling; CPU seconds used since begin() and how many processes took part. */
  async end(): Promise<{ cpuSec: number; pids: number }> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.sample();
    let cpuSec = 0;
    for (const [pid, start] of this.first) cpuSec += (this.last.get(pid) ?? start) - start;
    return { cpuSec, pids: this.first.size };
  }
}

/** CPU seconds of this process's children that have exited and been reaped (cutime + cstime of /proc/self/stat). */
export function reapedChildrenCpuSec(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 (1-based), counted from the state field (3).
  return (Number(rest[13]) + Number(rest[14])) / CLK_TCK;
}
