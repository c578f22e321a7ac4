import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimInbound, markHandled } from '../../src/data/inbound.repository.js';
import { claimOutbox } from '../../src/data/outbox.repository.js';
import { atLocal } from '../../src/domain/local-time.js';
import { policy } from '../../src/domain/policy.js';
import { countInbound, outboxRows } from '../../src/data/inspection.repository.js';
import { type Harness, manualClock, startHarness, TelegramUser } from '../support/harness.js';

// The queues are driven by hand (no pumps), so what a crashed instance left claimed is seen exactly.
const clock = manualClock(atLocal('Asia/Shanghai', 2026, 12, 1, 10, 0));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ clock, startWorkers: false, sendOutbox: false });
});
afterAll(async () => {
  await h?.close();
});

describe('work a crashed instance had claimed', () => {
  it('a stored message it claimed is handled by another instance within the lease, not minutes later', async () => {
    const u = new TelegramUser(h, 9701);
    await u.say('/start 483920');
    const { db } = h.database;
    // The dead instance: it claimed the message and never finished.
    const [claimed] = await claimInbound(db, clock.now(), policy.leaseMs);
    expect(claimed).toBeDefined();
    expect(await h.app.linli.inbound.runOnce()).toBe(0);
    clock.advance(policy.leaseMs + 1_000);
    expect(await h.app.linli.inbound.runOnce()).toBe(1);
    expect(await countInbound(db, { pending: true })).toBe(0);

    // Should the dead instance come back and try to finish, its work is refused: nobody is answered twice.
    expect(await markHandled(db, claimed!.id, clock.now())).toBe(false);
  });

  it('an outbox row it claimed is sent by another instance within the lease', async () => {
    const { db } = h.database;
    const [row] = await claimOutbox(db, 'telegram', clock.now(), 10, 0, policy.leaseMs);
    expect(row).toBeDefined();
    expect(await h.app.linli.outbox.runOnce()).toBe(0);
    clock.advance(policy.leaseMs + 1_000);
    expect(await h.app.linli.outbox.runOnce()).toBeGreaterThan(0);
    expect(h.telegram.sentTo(9701).some((m) => /绑定成功/.test(m.text))).toBe(true);
    const sent = (await outboxRows(db, { channel: 'telegram' })).filter((r) => r.sentAt !== null);
    expect(sent.length).toBeGreaterThan(0);
  });
});
