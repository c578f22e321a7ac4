import { persistently } from '../data/connection-faults.js';
import type { Db } from '../data/database.js';
import {
  type ClaimedOutbox,
  claimOutbox,
  holdBackRecipient,
  lastInbounds,
  markFailed,
  markHeld,
  markSentMany,
  markSentVia,
  renewOutbox,
  sentOrdinarilySince,
} from '../data/outbox.repository.js';
import { type ChannelSender, type MediaReader, type Platform, SendError } from '../channels/channel.port.js';
import { sendRetryDelayMs } from '../domain/backoff.js';
import type { Clock } from '../domain/clock.js';
import { policy } from '../domain/policy.js';
import type { Log } from '../log.js';
import { WorkLoop } from '../pump.js';
import { SendWindow } from './rate.js';

/**
 * A sent row's mark rides out a database outage for about 8 s, well inside the 15 s lease (renewed every 5 s):
 * a mark given up sooner leaves a delivered row to go out again when its lease ends (seen on the bench: a
 * 3 s outage repeated a receipt and a task card).
 */
const MARK_RETRY_DELAYS_MS = [100, 300, 600, 1000, 1000, 1000, 1000, 1000, 1000, 1000] as const;

/** Sends of one batch in flight at once (runOnce). */
const SEND_CONCURRENCY = 4;

/** Sends of one channel in flight at once in the running dispatcher, claimed as places free up. */
export const SENDS_IN_HAND = 8;

/**
 * Answers go before broadcasts; after this many full batches of answers in a row the next claim takes
 * broadcast rows first, so a broadcast keeps at least a share of the channel's rate under a steady stream
 * of answers instead of waiting for a quiet moment.
 */
const ANSWER_BATCHES_BEFORE_BULK = 3;

export interface DispatcherOptions {
  pollMs: number;
  batch?: number;
  maxAttempts?: number;
  /** How long a claimed row stays invisible to other instances while it is being sent. */
  leaseMs?: number;
  baseDelayMs?: number;
  /** Source of jitter; tests pass a fixed one. */
  random?: () => number;
  /** Where senders read the bytes of attachments the outbox rows name. */
  media?: MediaReader;
}

interface ChannelSlot {
  sender: ChannelSender;
  window: SendWindow | null;
  /** After a 429 the whole channel waits, not just the one message. */
  pausedUntil: number;
  /**
   * When a send on this channel last succeeded: the platform is answering, a failure is transient. Starts at
   * this process's start: a platform not tried yet counts as answering until it has failed for a while.
   * Without that, a process restarted while a third of sends fail gave its first failures (rows that had
   * failed before the crash, attempts 4–6) the full exponential backoff — 8 to 32 s before the next try.
   */
  lastSuccessAt: number;
  /** Full batches of answers only, one after another (see ANSWER_BATCHES_BEFORE_BULK). */
  answerBatches: number;
}

/**
 * Sends what the outbox holds. Rows are claimed with a lease (SKIP LOCKED), so several instances
 * share the work; a recipient's messages go strictly in order, a failed one holding back the rest;
 * each channel's pacing is kept through the rows' next_attempt_at, which every instance respects.
 */
export class OutboxDispatcher {
  private readonly loops: WorkLoop<ClaimedOutbox>[];
  private readonly slots: Map<string, ChannelSlot>;
  /** Marks of the running dispatcher's sends, shared so that sends returning together share a statement. */
  private readonly marks = new SentMarks((ids) => markSentMany(this.db, ids, this.clock.now()));

  constructor(
    private readonly db: Db,
    senders: ChannelSender[],
    private readonly clock: Clock,
    private readonly log: Log,
    private readonly opts: DispatcherOptions,
  ) {
    this.slots = new Map(
      senders.map((s) => [
        s.platform,
        {
          sender: s,
          window: s.pacing ? new SendWindow(s.pacing.perSecond) : null,
          pausedUntil: 0,
          lastSuccessAt: clock.now().getTime(),
          answerBatches: 0,
        },
      ]),
    );
    const leaseMs = this.leaseMs;
    // Running, each channel's rows are claimed as sends return (a recipient's next row is not claimable while
    // an earlier one is unsent, so order holds), under a short lease kept while they are in hand.
    this.loops = [...this.slots].map(
      ([channel, slot]) =>
        new WorkLoop<ClaimedOutbox>({
          name: `outbox:${channel}`,
          log,
          pollMs: opts.pollMs,
          capacity: SENDS_IN_HAND,
          batch: Math.min(SENDS_IN_HAND, opts.batch ?? 20),
          minRoom: SENDS_IN_HAND / 2,
          claim: (limit) => this.claim(channel, slot, limit, true),
          work: (row) => this.deliver(slot, row, this.marks),
          renew: {
            everyMs: this.renewEveryMs,
            leases: (rows) =>
              renewOutbox(
                this.db,
                rows.map((r) => r.id),
                new Date(this.clock.now().getTime() + leaseMs),
              ),
          },
        }),
    );
  }

  start(): void {
    for (const l of this.loops) l.start();
  }
  wake(): void {
    for (const l of this.loops) l.wake();
  }
  async stop(): Promise<void> {
    await Promise.all(this.loops.map((l) => l.stop()));
  }

  private get leaseMs(): number {
    return this.opts.leaseMs ?? policy.leaseMs;
  }
  private get renewEveryMs(): number {
    return Math.max(50, Math.min(policy.leaseRenewEveryMs, Math.floor(this.leaseMs / 3)));
  }

  /**
   * Claims up to `limit` of a channel's due rows, within its pacing; none while it is paused or away. `small`:
   * the running loop's claims are a few rows each, so its broadcast-first claim takes a share of a claim, not a
   * whole one (answers keep the larger part of the channel).
   */
  private async claim(channel: string, slot: ChannelSlot, limit: number, small = false): Promise<ClaimedOutbox[]> {
    const now = this.clock.now();
    if (slot.pausedUntil > now.getTime() || slot.sender.available?.() === false) return [];
    const bulkFirst = slot.answerBatches >= ANSWER_BATCHES_BEFORE_BULK;
    const allowed = Math.min(
      bulkFirst && small ? Math.max(1, Math.floor(limit / (ANSWER_BATCHES_BEFORE_BULK + 1))) : limit,
      slot.window?.available(now.getTime()) ?? Infinity,
    );
    if (allowed <= 0) return [];
    const rows = await claimOutbox(
      this.db,
      channel as Platform,
      now,
      allowed,
      slot.sender.pacing?.perRecipientMs ?? 0,
      this.leaseMs,
      bulkFirst,
    );
    slot.answerBatches =
      !bulkFirst && rows.length === allowed && rows.every((r) => !r.bulk) ? slot.answerBatches + 1 : 0;
    slot.window?.record(now.getTime(), rows.length);
    return rows;
  }

  /** Sends one batch per channel to the end; returns how many rows it handled (tests and tools). */
  async runOnce(): Promise<number> {
    let handled = 0;
    for (const [channel, slot] of this.slots) {
      const rows = await this.claim(channel, slot, this.opts.batch ?? 20);
      if (rows.length === 0) continue;
      const leaseMs = this.leaseMs;
      // The lease is short and kept while the batch is being sent: a crashed instance's rows go out again within seconds.
      const pending = new Set(rows.map((r) => r.id));
      const renew = setInterval(() => {
        renewOutbox(this.db, [...pending], new Date(this.clock.now().getTime() + leaseMs)).catch((err) =>
          this.log.warn({ err }, 'outbox lease renewal failed'),
        );
      }, this.renewEveryMs);
      try {
        // A claim holds at most one row per recipient, so the batch goes out side by side without
        // reordering anyone's messages. A few at a time: a whole batch at once crowds out the webhook's insert
        // (ack latency) on the same pool and thread.
        const marks = new SentMarks((ids) => markSentMany(this.db, ids, this.clock.now()));
        const queue = [...rows];
        await Promise.all(
          Array.from({ length: Math.min(SEND_CONCURRENCY, queue.length) }, async () => {
            for (let row = queue.shift(); row; row = queue.shift()) {
              await this.deliver(slot, row, marks);
              pending.delete(row.id);
            }
          }),
        );
      } finally {
        clearInterval(renew);
      }
      handled += rows.length;
    }
    return handled;
  }

  /** Sends one row and writes what became of it: sent (at once, or another way past the window), held, or failed. */
  private async deliver(slot: ChannelSlot, row: ClaimedOutbox, marks: SentMarks): Promise<void> {
    const id = row.id;
    const meta = { outboxId: id, ...(this.opts.media ? { media: this.opts.media } : {}) };
    try {
      const closed = await this.windowClosed(slot, row.recipient, row.releasedAt);
      if (closed) return await this.outsideWindow(slot, row, closed);
      await slot.sender.send(row.recipient, row.message, meta);
      slot.lastSuccessAt = this.clock.now().getTime();
    } catch (err) {
      // WeChat's own word that the window is closed or the allowance used (45015, 45047): another way, if there is one.
      if (err instanceof SendError && err.holdUntilInbound && slot.sender.sendOutsideWindow) {
        try {
          await this.outsideWindow(slot, row, err.message);
        } catch (again) {
          await this.failed(slot, row, again);
        }
        return;
      }
      await this.failed(slot, row, err);
      return;
    }
    // Marked as soon as its send returns, not after the batch: a crash (or a connection lost past the mark's
    // retries) repeats at most the sends whose marks were in flight, never the rest of the batch. A database
    // error here is bookkeeping, never a failed send to try again.
    try {
      await marks.add(id);
      await this.holdBackNext(slot, row.recipient, this.clock.now());
    } catch (err) {
      this.log.error(
        { outboxId: id, channel: row.channel, err },
        'sent, but could not record it; it goes out again when its lease ends',
      );
    }
  }

  /** Past the window: the platform's other way (a template message) when the message allows one, else held until the person writes. */
  private async outsideWindow(slot: ChannelSlot, row: ClaimedOutbox, why: string): Promise<void> {
    const meta = { outboxId: row.id, ...(this.opts.media ? { media: this.opts.media } : {}) };
    const other = slot.sender.sendOutsideWindow
      ? await slot.sender.sendOutsideWindow(row.recipient, row.message, meta)
      : null;
    if (other) {
      await persistently(() => markSentVia(this.db, row.id, this.clock.now(), other));
      this.log.info({ outboxId: row.id, channel: row.channel, via: other.via }, 'sent past the reply window');
      return;
    }
    await markHeld(this.db, row.id, this.clock.now(), why);
    this.log.info({ outboxId: row.id, channel: row.channel }, 'held until the person writes');
  }

  private async failed(slot: ChannelSlot, row: ClaimedOutbox, err: unknown): Promise<void> {
    const id = row.id;
    const e = err instanceof SendError ? err : new SendError(String((err as Error)?.message ?? err), true);
    if (e.holdUntilInbound) {
      await markHeld(this.db, id, this.clock.now(), e.message);
      this.log.info({ outboxId: id, channel: row.channel, err: e.message }, 'held until the person writes');
      return;
    }
    const giveUp = !e.retryable || row.attempts >= (this.opts.maxAttempts ?? 12);
    const now = this.clock.now();
    if (e.retryAfterMs) slot.pausedUntil = now.getTime() + e.retryAfterMs;
    await markFailed(
      this.db,
      id,
      now,
      e.message,
      giveUp
        ? null
        : new Date(
            now.getTime() +
              sendRetryDelayMs({
                attempt: row.attempts,
                retryAfterMs: e.retryAfterMs,
                lastSuccessAt: slot.lastSuccessAt,
                now: now.getTime(),
                ...(this.opts.baseDelayMs !== undefined ? { baseMs: this.opts.baseDelayMs } : {}),
              }),
          ),
    );
    this.log.warn(
      { outboxId: id, channel: row.channel, attempts: row.attempts, giveUp, err: e.message },
      'send failed',
    );
  }

  /**
   * A platform with a reply window (the Official Account's 48 hours, 5 messages): why the person cannot be
   * written to the ordinary way now, or null when they can.
   */
  private async windowClosed(slot: ChannelSlot, recipient: string, releasedAt: Date | null): Promise<string | null> {
    const windowMs = slot.sender.replyWindowMs;
    if (!windowMs) return null;
    const platform = slot.sender.platform;
    const stored = await lastInbounds(this.db, platform, recipient);
    const wrote = Math.max(stored.message?.getTime() ?? 0, releasedAt?.getTime() ?? 0);
    const last = { ...stored, message: wrote > 0 ? new Date(wrote) : null };
    const now = this.clock.now();
    if (slot.sender.replyAllowance) {
      const open = await slot.sender.replyAllowance(last, now, (at) =>
        sentOrdinarilySince(this.db, platform, recipient, at),
      );
      return open ? null : 'reply window closed or its messages used: held until the person writes';
    }
    const latest = Math.max(last.message?.getTime() ?? 0, last.event?.getTime() ?? 0);
    return latest === 0 || now.getTime() - latest > windowMs
      ? 'reply window closed: held until the person writes'
      : null;
  }

  /** Pacing per recipient: the next message to the same person may not go before the gap. */
  private async holdBackNext(slot: ChannelSlot, recipient: string, sentAt: Date): Promise<void> {
    const gap = slot.sender.pacing?.perRecipientMs ?? 0;
    if (gap <= 0) return;
    const jitter = Math.floor((this.opts.random ?? Math.random)() * (slot.sender.pacing?.jitterMs ?? 0));
    const notBefore = new Date(sentAt.getTime() + gap + jitter);
    await holdBackRecipient(this.db, slot.sender.platform, recipient, notBefore);
  }
}

/**
 * The marks of sent rows, written as soon as each send returns. Sends that return while a mark is being
 * written share the next statement, so side-by-side sends cost about one statement per round, not per row;
 * a lost connection is ridden out (persistently) rather than left for the lease.
 */
export class SentMarks {
  private queued: number[] = [];
  private next: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly write: (ids: number[]) => Promise<void>) {}

  add(id: number): Promise<void> {
    this.queued.push(id);
    this.next ??= this.writing
      .catch(() => {})
      .then(() => {
        const ids = this.queued;
        this.queued = [];
        this.next = null;
        return persistently(() => this.write(ids), MARK_RETRY_DELAYS_MS);
      });
    this.writing = this.next;
    return this.next;
  }
}
