import type { Budget } from '../../src/channels/http.js';

/**
 * The web chat's budgets. A person types slowly and keeps a page or two open; a village may share one
 * public address (carrier-grade NAT), so the per-address numbers leave room for many households.
 */
export const webBudgets = {
  /** The page, its script, its style and the demo cards, per client address (a page load is 4 calls). */
  page: { max: 300, perMs: 60_000 },
  /** WebSocket upgrades per client address. */
  upgrades: { max: 120, perMs: 60_000 },
  /** Sockets open at once for one browser session (cookie): tabs, a phone and a computer. */
  socketsPerSession: 10,
  /** Sockets open at once from one client address. */
  socketsPerAddress: 50,
  /** Messages per browser (cookie) over all its cards and open sockets: more pages or cards give no more messages. */
  messages: { max: 20, perMs: 10_000 },
  /** Messages per client address over all its browsers: new cookies give no more messages either. */
  messagesPerAddress: { max: 120, perMs: 60_000 },
} as const satisfies Record<string, Budget | number>;

/** Longest text the server takes (the page refuses longer ones before sending), in UTF-16 units after trimming. */
export const MAX_TEXT = 4000;

/** Close codes the page knows: no session (reload), and too many open sockets (wait, then try again). */
export const CLOSE = { noSession: 4401, tooManySockets: 4429 } as const;

/** Open sockets per session and per address; a socket over either limit is refused. */
export class SocketCounts {
  private readonly bySession = new Map<string, number>();
  private readonly byAddress = new Map<string, number>();

  constructor(private readonly limits: { perSession: number; perAddress: number }) {}

  /** Counts the socket in and answers true, or answers false and counts nothing. */
  take(session: string, address: string): boolean {
    if ((this.bySession.get(session) ?? 0) >= this.limits.perSession) return false;
    if ((this.byAddress.get(address) ?? 0) >= this.limits.perAddress) return false;
    this.bySession.set(session, (this.bySession.get(session) ?? 0) + 1);
    this.byAddress.set(address, (this.byAddress.get(address) ?? 0) + 1);
    return true;
  }

  release(session: string, address: string): void {
    const drop = (map: Map<string, number>, key: string) => {
      const n = (map.get(key) ?? 0) - 1;
      if (n > 0) map.set(key, n);
      else map.delete(key);
    };
    drop(this.bySession, session);
    drop(this.byAddress, address);
  }
}

/** A sliding window of message times per key; keys quiet for a whole window are forgotten. */
export class MessageBudget {
  private readonly recent = new Map<string, number[]>();
  private takes = 0;

  constructor(private readonly budget: Budget) {}

  /** True when one more message under this key fits (and counts it). */
  take(key: string, nowMs: number): boolean {
    if (!this.fits(key, nowMs)) return false;
    this.count(key, nowMs);
    return true;
  }

  fits(key: string, nowMs: number): boolean {
    if (++this.takes % 1000 === 0) this.forgetQuiet(nowMs);
    const times = (this.recent.get(key) ?? []).filter((t) => t > nowMs - this.budget.perMs);
    this.recent.set(key, times);
    return times.length < this.budget.max;
  }

  count(key: string, nowMs: number): void {
    const times = this.recent.get(key) ?? [];
    times.push(nowMs);
    this.recent.set(key, times);
  }

  private forgetQuiet(nowMs: number): void {
    for (const [key, times] of this.recent) {
      if ((times.at(-1) ?? 0) <= nowMs - this.budget.perMs) this.recent.delete(key);
    }
  }
}

/** A message counts for its browser and for its address; one over either budget counts for neither. */
export class MessageBudgets {
  private readonly bySession: MessageBudget;
  private readonly byAddress: MessageBudget;

  constructor(budgets: { perSession: Budget; perAddress: Budget }) {
    this.bySession = new MessageBudget(budgets.perSession);
    this.byAddress = new MessageBudget(budgets.perAddress);
  }

  take(session: string, address: string, nowMs: number): boolean {
    if (!this.bySession.fits(session, nowMs) || !this.byAddress.fits(address, nowMs)) return false;
    this.bySession.count(session, nowMs);
    this.byAddress.count(address, nowMs);
    return true;
  }
}
