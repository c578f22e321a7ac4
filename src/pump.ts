import type { Log } from './log.js';

export interface WorkLoopOptions<T> {
  name: string;
  log: Log;
  /** How often to look when nothing woke the loop (retries come due, other instances' work, lapsed leases). */
  pollMs: number;
  /** Items in hand at once. */
  capacity: number;
  /** Most items one claim asks for. */
  batch: number;
  /**
   * Claim only with at least this many places free (or none in hand): items that finish close together
   * share one claim instead of one each (default 1).
   */
  minRoom?: number;
  /** Claims up to `limit` items (with a lease); fewer means the queue is drained for now. */
  claim: (limit: number) => Promise<T[]>;
  /** Handles one claimed item; its errors are the caller's to record (a rejection is only logged). */
  work: (item: T) => Promise<void>;
  /** Keeps the leases of the items in hand, every `everyMs`. */
  renew?: { everyMs: number; leases: (items: T[]) => Promise<void> };
}

/**
 * Drives a database-backed queue without waiting for a whole batch: up to `capacity` items in hand, and as
 * soon as one is done, or something new is stored (`wake`), the free places are claimed again. Before, a
 * batch was claimed, handled side by side and only then the next one claimed: one slow item held back every
 * item that arrived meanwhile. A claim is made only when there is room and reason to look (woken, the last
 * claim was full, or the poll interval passed), so a quiet queue costs one statement per poll, as before. What
 * to do lives in the database, so nothing is lost when the process dies.
 */
export class WorkLoop<T> {
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly inHand = new Map<T, Promise<void>>();
  private wakeUp: (() => void) | null = null;
  /** Something was stored, or an item finished while the last claim was full: look again. */
  private kicked = false;
  private backlog = false;
  private renewTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: WorkLoopOptions<T>) {}

  get busy(): number {
    return this.inHand.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const renew = this.o.renew;
    if (renew) {
      this.renewTimer = setInterval(() => {
        if (this.inHand.size === 0) return;
        renew
          .leases([...this.inHand.keys()])
          .catch((err) => this.o.log.warn({ err, pump: this.o.name }, 'lease renewal failed'));
      }, renew.everyMs);
    }
    this.loop = this.run();
  }

  wake(): void {
    this.kicked = true;
    this.wakeUp?.();
  }

  /** Stops claiming and waits for the items in hand. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await Promise.allSettled([...this.inHand.values()]);
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const room = this.o.capacity - this.inHand.size;
      let failed = false;
      if (this.mayClaim()) {
        this.kicked = false;
        const limit = Math.min(room, this.o.batch);
        let items: T[] = [];
        try {
          items = await this.o.claim(limit);
        } catch (err) {
          failed = true;
          this.o.log.error({ err, pump: this.o.name }, 'queue step failed');
        }
        this.backlog = items.length >= limit;
        for (const item of items) this.take(item);
        if (!this.running) break;
        if (!failed && (this.backlog || this.kicked) && this.mayClaim()) continue;
      }
      // Full, drained or failing: until an item is done (with more to claim), something is stored, or the poll.
      if (!failed && this.kicked && this.mayClaim()) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.o.pollMs);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.wakeUp = done;
      });
      this.wakeUp = null;
    }
  }

  private mayClaim(): boolean {
    const room = this.o.capacity - this.inHand.size;
    return room > 0 && (this.inHand.size === 0 || room >= (this.o.minRoom ?? 1));
  }

  private take(item: T): void {
    const handled = this.o
      .work(item)
      .catch((err) => this.o.log.error({ err, pump: this.o.name }, 'queue item failed'))
      .finally(() => {
        this.inHand.delete(item);
        // A place is free: claim again at once if there was more than the last claim took, or news came meanwhile.
        if ((this.backlog || this.kicked) && this.mayClaim()) {
          this.kicked = true;
          this.wakeUp?.();
        }
      });
    this.inHand.set(item, handled);
  }
}
