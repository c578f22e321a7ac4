import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jsonOf, rowsOf } from '../../db/rows.js';
import { inboundMessages } from '../../db/schema.js';
import type { InboundMessage } from '../channels/channel.port.js';
import { retryDelayMs } from '../domain/backoff.js';
import type { Classifier } from '../domain/classification.js';
import type { Clock } from '../domain/clock.js';
import type { SlaPolicy } from '../domain/deadlines.js';
import type { Log } from '../log.js';
import { enqueue } from '../data/outbox.repository.js';
import { Pump } from '../pump.js';
import { languageOf, textsFor } from '../texts/index.js';
import { handleInbound } from './conversation.js';

const MAX_ATTEMPTS = 3;

interface ClaimedInbound {
  id: number;
  payload: unknown;
  attempts: number;
}

/**
 * Works through stored inbound messages, oldest first and one person's in order. A message whose
 * handling fails is tried again with backoff; after the last try the person still gets an apology.
 */
export class InboundWorker {
  private readonly pump: Pump;

  constructor(
    private readonly db: Db,
    private readonly classifier: Classifier,
    private readonly clock: Clock,
    private readonly log: Log,
    pollMs: number,
    private readonly afterCommit: () => void,
    private readonly sla?: SlaPolicy,
  ) {
    this.pump = new Pump(() => this.runOnce(), pollMs, log, 'inbound');
  }

  start(): void { this.pump.start(); }
  wake(): void { this.pump.wake(); }
  stop(): Promise<void> { return this.pump.stop(); }

  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const lease = new Date(now.getTime() + 120_000);
    const claimed = rowsOf<ClaimedInbound>(await this.db.execute(sql`
      update inbound_messages set locked_until = ${lease.toISOString()}::timestamptz, attempts = attempts + 1
      where id in (
        select m.id from inbound_messages m
        where m.processed_at is null
          and (m.locked_until is null or m.locked_until < ${now.toISOString()}::timestamptz)
          and not exists (
            select 1 from inbound_messages p
            where p.platform = m.platform and p.platform_user_id = m.platform_user_id
              and p.processed_at is null and p.id < m.id)
        order by m.id limit 10
        for update skip locked)
      returning id, payload, attempts`)).sort((a, b) => a.id - b.id);
    // A batch holds at most one message per person (the oldest), so they can be handled side by side.
    await Promise.all(claimed.map((row) => this.process(row)));
    return claimed.length;
  }

  private async process(row: ClaimedInbound): Promise<void> {
    const msg = jsonOf<InboundMessage>(row.payload);
    const now = this.clock.now();
    const markDone = async (tx: Parameters<Parameters<Db['transaction']>[0]>[0]) => {
      await tx.update(inboundMessages).set({ processedAt: now, lockedUntil: null }).where(eq(inboundMessages.id, row.id));
    };
    try {
      await handleInbound(this.db, this.classifier, msg, now, markDone, this.sla);
      this.afterCommit();
    } catch (err) {
      const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      this.log.error({ inboundId: row.id, platform: msg.platform, attempts: row.attempts, err }, 'inbound handling failed');
      if (row.attempts >= MAX_ATTEMPTS) {
        await this.db.transaction(async (tx) => {
          await tx.update(inboundMessages).set({ processedAt: now, lockedUntil: null, lastError: error.slice(0, 1000) })
            .where(eq(inboundMessages.id, row.id));
          await enqueue(tx, { platform: msg.platform, address: msg.chatId }, { text: textsFor(languageOf(msg.language)).errors.internal }, now);
        });
        this.afterCommit();
      } else {
        await this.db.update(inboundMessages).set({
          lockedUntil: new Date(now.getTime() + retryDelayMs(row.attempts, null, 500)),
          lastError: error.slice(0, 1000),
        }).where(eq(inboundMessages.id, row.id));
      }
    }
  }
}
