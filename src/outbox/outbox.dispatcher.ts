import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jsonOf, rowsOf } from '../../db/rows.js';
import { outbox } from '../../db/schema.js';
import { type ChannelSender, type OutboundMessage, SendError } from '../channels/channel.port.js';
import { retryDelayMs } from '../domain/backoff.js';
import type { Clock } from '../domain/clock.js';
import type { Log } from '../log.js';
import { Pump } from '../pump.js';

export interface DispatcherOptions {
  pollMs: number;
  batch?: number;
  maxAttempts?: number;
  /** How long a claimed row stays invisible to other instances while it is being sent. */
  leaseMs?: number;
  baseDelayMs?: number;
}

interface ClaimedRow {
  id: number | string;
  channel: string;
  recipient: string;
  payload: unknown;
  attempts: number;
}

/**
 * Sends what the outbox holds. Rows are claimed with a lease (SKIP LOCKED), so several instances
 * share the work; a recipient's messages go strictly in order, a failed one holding back the rest.
 */
export class OutboxDispatcher {
  private readonly pump: Pump;
  private readonly senders: Map<string, ChannelSender>;

  constructor(
    private readonly db: Db,
    senders: ChannelSender[],
    private readonly clock: Clock,
    private readonly log: Log,
    private readonly opts: DispatcherOptions,
  ) {
    this.senders = new Map(senders.map((s) => [s.platform, s]));
    this.pump = new Pump(() => this.runOnce(), opts.pollMs, log, 'outbox');
  }

  start(): void { if (this.senders.size > 0) this.pump.start(); }
  wake(): void { this.pump.wake(); }
  stop(): Promise<void> { return this.pump.stop(); }

  /** Sends one batch; returns how many rows it handled so the pump knows to go on at once. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.claim(now);
    for (const row of rows) await this.deliver(row);
    return rows.length;
  }

  private async claim(now: Date): Promise<ClaimedRow[]> {
    const lease = new Date(now.getTime() + (this.opts.leaseMs ?? 60_000));
    const channels = [...this.senders.keys()];
    const result = await this.db.execute(sql`
      update outbox set locked_until = ${lease.toISOString()}::timestamptz, attempts = attempts + 1
      where id in (
        select o.id from outbox o
        where o.sent_at is null and o.failed_at is null
          and o.next_attempt_at <= ${now.toISOString()}::timestamptz
          and (o.locked_until is null or o.locked_until < ${now.toISOString()}::timestamptz)
          and o.channel in (${sql.join(channels.map((c) => sql`${c}`), sql`, `)})
          and not exists (
            select 1 from outbox p
            where p.channel = o.channel and p.recipient = o.recipient
              and p.sent_at is null and p.failed_at is null and p.id < o.id)
        order by o.id
        limit ${this.opts.batch ?? 20}
        for update skip locked)
      returning id, channel, recipient, payload, attempts`);
    return rowsOf<ClaimedRow>(result).sort((a, b) => Number(a.id) - Number(b.id));
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const id = Number(row.id);
    const sender = this.senders.get(row.channel)!;
    try {
      await sender.send(row.recipient, jsonOf<OutboundMessage>(row.payload));
      await this.db.update(outbox).set({ sentAt: this.clock.now(), lockedUntil: null, lastError: null }).where(eq(outbox.id, id));
    } catch (err) {
      const e = err instanceof SendError ? err : new SendError(String((err as Error)?.message ?? err), true);
      const giveUp = !e.retryable || row.attempts >= (this.opts.maxAttempts ?? 12);
      const now = this.clock.now();
      await this.db.update(outbox).set({
        lockedUntil: null,
        lastError: e.message.slice(0, 500),
        ...(giveUp
          ? { failedAt: now }
          : { nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts, e.retryAfterMs, this.opts.baseDelayMs)) }),
      }).where(eq(outbox.id, id));
      this.log.warn({ outboxId: id, channel: row.channel, attempts: row.attempts, giveUp, err: e.message }, 'send failed');
    }
  }
}
