import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock.js';
import { outboxRows } from '../../src/data/inspection.repository.js';
import { TelegramUser, waitFor } from '../support/harness.js';
import { type MpHarness, MpUser, startMpHarness } from './mp-harness.js';

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
const sends = (h: MpHarness) => h.mp.calls.filter((c) => c.path === '/cgi-bin/message/custom/send').length;

describe("WeChat's 48-hour window: messages held until the person writes again", () => {
  let h: MpHarness;
  let leader: TelegramUser;
  // Storing a person's message may be slow (a busy database): the held news is released before it is stored.
  let storeDelayMs = 0;
  beforeAll(async () => {
    h = await startMpHarness({
      wrapIngest: (ingest) => async (msg) => {
        if (storeDelayMs > 0) await new Promise((r) => setTimeout(r, storeDelayMs));
        return ingest(msg);
      },
    });
    leader = new TelegramUser(h, 7203, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
  });
  afterAll(async () => {
    await h?.close();
  });

  const mpChannel = async () =>
    (await h.api('/api/v1/channels')).body.channels.find((c: { platform: string }) => c.platform === 'wechat-mp');

  async function residentWithRequest(): Promise<{ resident: MpUser; ref: number }> {
    const resident = new MpUser(h);
    await resident.say('绑定 483920');
    await resident.expect(/绑定成功/);
    const l0 = leader.inbox().length;
    await resident.say('三组12号门前的路灯坏了，晚上看不见路');
    const ref = refIn(await resident.expect(/已收到，编号 #\d+/));
    await leader.expect(new RegExp(`#${ref}`), l0);
    return { resident, ref };
  }

  it('45015 from WeChat holds the message (not retried, not failed); the next message from the person releases it with 您有 N 条新消息', async () => {
    const { resident, ref } = await residentWithRequest();
    h.mp.closeWindow(resident.openid);
    const before = resident.inbox().length;
    await leader.say(`接单 #${ref}`);
    await leader.say(`备注 #${ref} 明天上午去看`);
    await waitFor(async () => (await mpChannel())?.held === 2, 'two messages waiting for the resident');
    const rows = await outboxRows(h.database.db, { channel: 'wechat-mp', recipient: resident.openid });
    expect(rows.filter((r) => !r.sentAt && !r.failedAt)).toHaveLength(2);
    expect(rows.every((r) => r.failedAt === null)).toBe(true);
    const tries = sends(h);
    expect(resident.inbox().length).toBe(before);

    await resident.say('谢谢');
    const first = await resident.expect(/^您有 2 条新消息：/, before);
    expect(first).toContain(`#${ref} 已由吴永红接单`);
    await resident.expect(/明天上午去看/, before);
    expect(sends(h) - tries).toBeGreaterThanOrEqual(2);
    await waitFor(async () => (await mpChannel())?.held === 0, 'nothing waiting any more');
    // The two held messages came before the answer to 谢谢, in the order they were written.
    const after = resident.inbox().slice(before);
    expect(after.findIndex((m) => /明天上午去看/.test(m))).toBe(1);
  });

  it('45047 (too many messages since the person last wrote) is held the same way', async () => {
    const { resident, ref } = await residentWithRequest();
    h.mp.failSends(45047, { touser: resident.openid });
    const before = resident.inbox().length;
    await leader.say(`接单 #${ref}`);
    await waitFor(async () => (await mpChannel())?.held === 1, 'the message held');
    await resident.say('好的');
    const released = await resident.expect(/^您有 1 条新消息：/, before);
    expect(released).toContain(`#${ref} 已由吴永红接单`);
  });

  it('past 48 hours since the person wrote, the message is held without asking WeChat at all', async () => {
    const { resident, ref } = await residentWithRequest();
    (h.clock as Clock & { offsetMs: number }).offsetMs += 49 * 3600_000;
    try {
      const tries = sends(h);
      const before = resident.inbox().length;
      await leader.say(`接单 #${ref}`);
      await waitFor(async () => (await mpChannel())?.held === 1, 'the message held by the window');
      expect(sends(h)).toBe(tries);
      const [row] = (await outboxRows(h.database.db, { channel: 'wechat-mp', recipient: resident.openid })).filter(
        (r) => !r.sentAt,
      );
      expect(row?.lastError).toMatch(/window/);
      await resident.say('查 #' + ref);
      await resident.expect(/^您有 1 条新消息：/, before);
    } finally {
      (h.clock as Clock & { offsetMs: number }).offsetMs -= 49 * 3600_000;
    }
  });

  it('a held message released by the person goes out even while their message is still being stored', async () => {
    const { resident, ref } = await residentWithRequest();
    (h.clock as Clock & { offsetMs: number }).offsetMs += 49 * 3600_000;
    try {
      const before = resident.inbox().length;
      await leader.say(`接单 #${ref}`);
      const heldRows = async () =>
        (await outboxRows(h.database.db, { channel: 'wechat-mp', recipient: resident.openid })).filter(
          (r) => !r.sentAt && /window/.test(r.lastError ?? ''),
        );
      await waitFor(async () => (await heldRows()).length === 1, 'the message held by the window');
      storeDelayMs = 1500;
      const answered = resident.say('好的');
      // Before the person's message is stored, the released news is already out (it is not held a second time).
      const released = await resident.expect(/^您有 1 条新消息：/, before);
      expect(released).toContain(`#${ref} 已由吴永红接单`);
      await answered;
      expect(await heldRows()).toHaveLength(0);
    } finally {
      storeDelayMs = 0;
      (h.clock as Clock & { offsetMs: number }).offsetMs -= 49 * 3600_000;
    }
  });
});
