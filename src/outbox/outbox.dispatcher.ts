import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jsonOf, rowsOf } from '../../db/rows.js';
import { outbox } from '../../db/schema.js';
import { type ChannelSender, type OutboundMessage, SendError } from '../channels/channel.port.js';
import { retryDelayMs } from '../domain/backoff.js';
import type { Clock } from '../domain/clock.js';
import type { Log } from '../log.js';
import { Pump } from '../pump.js';
import { SendWindow } from './rate.js';

export interface DispatcherOptions {
  pollMs: number;
  batch?: number;
  maxAttempts?: number;
  /** How long a claimed row stays invisible to other instances while it is being sent. */
  leaseMs?: number;
  baseDelayMs?: number;
  /** Source of jitter; tests pass a fixed one. */
  random?: () => number;
}

interface ClaimedRow {
  id: number | string;
  channel: string;
  recipient: string;
  payload: unknown;
  attempts: number;
}

interface ChannelSlot {
  sender: ChannelSender;
  window: SendWindow | null;
  /** After a 429 the whole channel waits, not just the one message. */
  pausedUntil: number;
}

/**
 * Sends what the outbox holds. Rows are claimed with a lease (SKIP LOCKED), so several instances
 * share the work; a recipient's messages go strictly in order, a failed one holding back the rest;
 * each channel's pacing is kept through the rows' next_attempt_at, which every instance respects.
 */
export class OutboxDispatcher {
  private readonly pump: Pump;
  private readonly slots: Map<string, ChannelSlot>;

  constructor(
    private readonly db: Db,
    senders: ChannelSender[],
    private readonly clock: Clock,
    private readonly log: Log,
    private readonly opts: DispatcherOptions,
  ) {
    this.slots = new Map(senders.map((s) => [s.platform, {
      sender: s, window: s.pacing ? new SendWindow(s.pacing.perSecond) : null, pausedUntil: 0,
    }]));
    this.pump = new Pump(() => this.runOnce(), opts.pollMs, log, 'outbox');
  }

  start(): void { if (this.slots.size > 0) this.pump.start(); }
  wake(): void { this.pump.wake(); }
  stop(): Promise<void> { return this.pump.stop(); }

  /** Sends one batch per channel; returns how many rows it handled so the pump knows to go on at once. */
  async runOnce(): Promise<number> {
    let handled = 0;
    for (const [channel, slot] of this.slots) {
      const now = this.clock.now();
      if (slot.pausedUntil > now.getTime() || slot.sender.available?.() === false) continue;
      const allowed = Math.min(this.opts.batch ?? 20, slot.window?.available(now.getTime()) ?? Infinity);
      if (allowed <= 0) continue;
      const rows = await this.claim(channel, now, allowed, slot.sender.pacing?.perRecipientMs ?? 0);
      slot.window?.record(now.getTime(), rows.length);
      for (const row of rows) await this.deliver(slot, row);
      handled += rows.length;
    }
    return handled;
  }

  private async claim(channel: string, now: Date, limit: number, gapMs: number): Promise<ClaimedRow[]> {
    const lease = new Date(now.getTime() + (this.opts.leaseMs ?? 60_000));
    const at = now.toISOString();
    // A message queued after the previous one was sent must still keep the gap to it.
    const recentlySent = gapMs > 0
      ? sql`and not exists (
            select 1 from outbox s
            where s.channel = o.channel and s.recipient = o.recipient
              and s.sent_at > ${new Date(now.getTime() - gapMs).toISOString()}::timestamptz)`
      : sql``;
    const result = await this.db.execute(sql`
      update outbox set locked_until = ${lease.toISOString()}::timestamptz, attempts = attempts + 1
      where id in (
        select o.id from outbox o
        where o.channel = ${channel} and o.sent_at is null and o.failed_at is null
          and o.next_attempt_at <= ${at}::timestamptz
          and (o.locked_until is null or o.locked_until < ${at}::timestamptz)
          and not exists (
            select 1 from outbox p
            where p.channel = o.channel and p.recipient = o.recipient
              and p.sent_at is null and p.failed_at is null and p.id < o.id)
          ${recentlySent}
        order by o.id
        limit ${limit}
        for update skip locked)
      returning id, channel, recipient, payload, attempts`);
    return rowsOf<ClaimedRow>(result).sort((a, b) => Number(a.id) - Number(b.id));
  }

  private async deliver(slot: ChannelSlot, row: ClaimedRow): Promise<void> {
    const id = Number(row.id);
    try {
      await slot.sender.send(row.recipient, jsonOf<OutboundMessage>(row.payload), { outboxId: id });
      const sentAt = this.clock.now();
      await this.db.update(outbox).set({ sentAt, lockedUntil: null, lastError: null }).where(eq(outbox.id, id));
      await this.holdBackNext(slot, row.recipient, sentAt);
    } catch (err) {
      const e = err instanceof SendError ? err : new SendError(String((err as Error)?.message ?? err), true);
      const giveUp = !e.retryable || row.attempts >= (this.opts.maxAttempts ?? 12);
      const now = this.clock.now();
      if (e.retryAfterMs) slot.pausedUntil = now.getTime() + e.retryAfterMs;
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

  /** Pacing per recipient: the next message to the same person may not go before the gap. */
  private async holdBackNext(slot: ChannelSlot, recipient: string, sentAt: Date): Promise<void> {
    const gap = slot.sender.pacing?.perRecipientMs ?? 0;
    if (gap <= 0) return;
    const jitter = Math.floor((this.opts.random ?? Math.random)() * (slot.sender.pacing?.jitterMs ?? 0));
    const notBefore = new Date(sentAt.getTime() + gap + jitter);
    await this.db.update(outbox)
      .set({ nextAttemptAt: sql`greatest(${outbox.nextAttemptAt}, ${notBefore.toISOString()}::timestamptz)` })
      .where(and(eq(outbox.channel, slot.sender.platform), eq(outbox.recipient, recipient), isNull(outbox.sentAt), isNull(outbox.failedAt)));
  }
}
