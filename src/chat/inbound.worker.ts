import { isConnectionFault, persistently } from '../data/connection-faults.js';
import type { Db } from '../data/database.js';
import {
  type ClaimedInbound,
  claimInbound,
  markHandled,
  renewInbound,
  retryInboundLater,
} from '../data/inbound.repository.js';
import { policy } from '../domain/policy.js';
import { retryDelayMs } from '../domain/backoff.js';
import type { Classifier } from '../domain/classification.js';
import type { Clock } from '../domain/clock.js';
import type { Policies } from '../domain/policies.js';
import { type Log, scrubMessage } from '../log.js';
import { outboxSender } from '../messaging/send.js';
import { WorkLoop } from '../pump.js';
import { languageOf } from '../texts/index.js';
import { handleInbound } from './conversation.js';
import { fetchAttachments, type MediaDeps } from './media.fetch.js';

const MAX_ATTEMPTS = 3;

/** Messages in hand at once (each turn holds a connection of the main pool while it commits). */
const IN_HAND = 10;

/** Another instance finished this message after this one's lease ran out: this one's work is rolled back. */
class AlreadyHandled extends Error {}

/**
 * Works through stored inbound messages, oldest first and one person's in order. A message whose
 * handling fails is tried again with backoff; after the last try the person still gets an apology.
 */
export interface InboundDeps {
  db: Db;
  classifier: Classifier;
  clock: Clock;
  log: Log;
  pollMs: number;
  /** Called after each message's transaction commits (the app wakes the outbox). */
  afterCommit: () => void;
  /** The deployment's policies (defaults: src/domain/policies.ts). */
  policies?: Policies;
  /** Fetching and storing attachments (absent: messages are handled without their bytes). */
  media?: MediaDeps;
}

export class InboundWorker {
  private readonly loop: WorkLoop<ClaimedInbound>;
  private readonly db: Db;
  private readonly classifier: Classifier;
  private readonly clock: Clock;
  private readonly log: Log;
  private readonly afterCommit: () => void;
  private readonly policies?: Policies;
  private readonly media?: MediaDeps;

  constructor(deps: InboundDeps) {
    ({
      db: this.db,
      classifier: this.classifier,
      clock: this.clock,
      log: this.log,
      afterCommit: this.afterCommit,
    } = deps);
    this.policies = deps.policies;
    this.media = deps.media;
    // Running, messages are claimed as places free up (at most one per person in hand: a person's next message is
    // not claimable while an earlier one is unhandled), each under a short lease kept while it is in hand.
    this.loop = new WorkLoop<ClaimedInbound>({
      name: 'inbound',
      log: deps.log,
      pollMs: deps.pollMs,
      capacity: IN_HAND,
      batch: IN_HAND,
      claim: (limit) => claimInbound(this.db, this.clock.now(), policy.leaseMs, limit),
      work: (row) => this.process(row),
      renew: {
        everyMs: policy.leaseRenewEveryMs,
        leases: (rows) =>
          renewInbound(
            this.db,
            rows.map((r) => r.id),
            new Date(this.clock.now().getTime() + policy.leaseMs),
          ),
      },
    });
  }

  start(): void {
    this.loop.start();
  }
  wake(): void {
    this.loop.wake();
  }
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One batch, claimed and handled to the end (tests and tools; the running worker claims continuously). */
  async runOnce(): Promise<number> {
    const claimed = await claimInbound(this.db, this.clock.now(), policy.leaseMs);
    if (claimed.length === 0) return 0;
    // A short lease, kept while the batch is in hand: a crashed instance's messages are taken over within seconds.
    const pending = new Set(claimed.map((r) => r.id));
    const renew = setInterval(() => {
      renewInbound(this.db, [...pending], new Date(this.clock.now().getTime() + policy.leaseMs)).catch((err) =>
        this.log.warn({ err }, 'inbound lease renewal failed'),
      );
    }, policy.leaseRenewEveryMs);
    try {
      // A batch holds at most one message per person (the oldest), so they can be handled side by side.
      await Promise.all(claimed.map((row) => this.process(row).finally(() => pending.delete(row.id))));
    } finally {
      clearInterval(renew);
    }
    return claimed.length;
  }

  private async process(row: ClaimedInbound): Promise<void> {
    let msg = row.message;
    const now = this.clock.now();
    try {
      if (this.media && Array.isArray(msg.attachments) && msg.attachments.length > 0) {
        const fetched = await fetchAttachments(
          this.db,
          this.media,
          row.id,
          msg,
          now,
          row.attempts >= MAX_ATTEMPTS,
          this.log,
        );
        if (fetched === 'retry') {
          await retryInboundLater(
            this.db,
            row.id,
            new Date(now.getTime() + retryDelayMs(row.attempts, null, 500)),
            'attachment fetch failed',
          );
          return;
        }
        msg = fetched;
      }
      await handleInbound(
        this.db,
        this.classifier,
        msg,
        now,
        async (tx, replies) => {
          if (!(await markHandled(tx, row.id, now, undefined, replies))) throw new AlreadyHandled();
        },
        this.policies,
      );
      this.afterCommit();
    } catch (err) {
      if (err instanceof AlreadyHandled) {
        this.log.info({ inboundId: row.id }, 'inbound message already handled by another instance');
        return;
      }
      // Stored with the message for the operator: never the statement's parameters (codes, names, texts).
      const error = scrubMessage(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
      if (isConnectionFault(err)) {
        // The database went away mid-turn: nothing was committed; try again as soon as it is back.
        this.log.warn(
          { inboundId: row.id, platform: msg.platform },
          'inbound handling interrupted by a lost database connection',
        );
        await persistently(() =>
          retryInboundLater(this.db, row.id, new Date(this.clock.now().getTime() + 200), error, false),
        );
        return;
      }
      this.log.error(
        { inboundId: row.id, platform: msg.platform, attempts: row.attempts, err },
        'inbound handling failed',
      );
      if (row.attempts >= MAX_ATTEMPTS) {
        await this.db.transaction(async (tx) => {
          await markHandled(tx, row.id, now, error);
          await outboxSender(tx, now)(
            { platform: msg.platform, address: msg.chatId, language: languageOf(msg.language) },
            (t) => ({ text: t.errors.internal }),
          );
        });
        this.afterCommit();
      } else {
        await retryInboundLater(
          this.db,
          row.id,
          new Date(now.getTime() + retryDelayMs(row.attempts, null, 500)),
          error,
        );
      }
    }
  }
}
