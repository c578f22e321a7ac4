import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentAccounts } from '../../src/data/deliberation.repository.js';
import { outboxRows } from '../../src/data/inspection.repository.js';
import { villageByCode } from '../../src/data/people.repository.js';
import { atLocal } from '../../src/domain/local-time.js';
import { type Harness, manualClock, startHarness, TelegramUser } from '../support/harness.js';

// The say-things reminder is written to the outbox in batches of rows (not a statement per account): every
// bound account of the village gets it once, in the order of the village's accounts.
const at = (m: number, d: number, h = 0, min = 0) => atLocal('Asia/Shanghai', 2026, m, d, h, min);
const clock = manualClock(at(12, 1, 9));
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ clock, pumps: 'manual' });
  const codes = ['483920', '607949', '700001'];
  for (const [i, code] of codes.entries()) {
    const u = new TelegramUser(h, 5100 + i, `住户${i}`);
    await u.say(`/start ${code}`);
    await u.expect(/绑定成功/);
  }
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('the say-things reminder', () => {
  it("reaches every resident's account once, in the village's order", async () => {
    // The demo village meets on the 10th; reminded three days before at 08:00.
    const tick = await h.app.linli.tick(at(12, 7, 8, 1));
    expect(tick.sayThings).toBeGreaterThan(0);
    const village = (await villageByCode(h.database.db, 'xiaoyingdian'))!;
    const accounts = await residentAccounts(h.database.db, village.id);
    expect(accounts.length).toBeGreaterThanOrEqual(2);
    const reminders = (await outboxRows(h.database.db, { channel: 'telegram' }))
      .filter((r) => r.text.includes('支部说事日'))
      .sort((a, b) => a.id - b.id);
    expect(reminders.map((r) => r.recipient)).toEqual(accounts.map((a) => a.address));
  });
});
