import type { Log } from './log.js';

/**
 * Drives a database-backed queue: runs `step` until it finds nothing, then sleeps `pollMs` or until
 * woken. The timer only decides when to look; what to do lives in the database, so nothing is lost
 * when the process dies.
 */
export class Pump {
  private running = false;
  private loop: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wakeUp: (() => void) | null = null;
  private pending = false;

  constructor(
    private readonly step: () => Promise<number>,
    private readonly pollMs: number,
    private readonly log: Log,
    private readonly name: string,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pending = false;
      let handled = 0;
      try {
        handled = await this.step();
      } catch (err) {
        this.log.error({ err, pump: this.name }, 'queue step failed');
      }
      if (!this.running) break;
      if (handled > 0 || this.pending) continue;
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        this.timer = setTimeout(resolve, this.pollMs);
      });
      if (this.timer) clearTimeout(this.timer);
      this.wakeUp = null;
    }
  }
}
