import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRoster } from '../../src/roster/roster.import.js';
import { type Harness, startHarness, type TelegramUser, waitFor } from '../support/harness.js';
import { bound, loginCookie, otherVillages, report } from './desk-support.js';

// The live board's stream tells a board "changed" only for changes its scope sees.
let h: Harness;
const cookies: Record<string, string> = {};
const residents: Record<string, TelegramUser> = {};

beforeAll(async () => {
  h = await startHarness();
  for (const roster of otherVillages()) await importRoster(h.database.db, roster);
  residents.xiaoyingdian = await bound(h, 7301, '三组住户', '483920');
  residents.xiaoyingdian2 = await bound(h, 7304, '一组住户', '607949');
  residents.beiguan = await bound(h, 7302, '北关住户', '810501');
  residents.nanzhuang = await bound(h, 7303, '南庄住户', '820501');
  cookies.a = await loginCookie(h, await bound(h, 7310, '韩书记', '700001'), 's-01', 'xiaoyingdian');
  cookies.b = await loginCookie(h, await bound(h, 7311, '刘书记', '810001'), 's-01', 'beiguan');
  // The demo village's town official: 磁州镇 holds 小营店村 and 北关村, not 南庄村.
  cookies.town = await loginCookie(h, await bound(h, 7312, '镇干部', '700901'), 't-01', 'xiaoyingdian');
}, 60_000);
afterAll(async () => {
  await h?.close();
});

/** An open live board: counts the "changed" events its stream has carried. */
async function openBoard(cookie: string): Promise<{ changed: () => number; close: () => Promise<void> }> {
  const res = await fetch(`${h.url}/desk/events`, { headers: { cookie, accept: 'text/event-stream' } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      text += decoder.decode(value, { stream: true });
    }
  })();
  await waitFor(() => text.includes('event: ready'), 'the board to be live');
  return { changed: () => text.split('event: changed').length - 1, close: () => reader.cancel() };
}

describe('the live board', () => {
  it("tells a village's board of its own changes only, not another village's; a town's board hears its villages", async () => {
    const a = await openBoard(cookies.a!);
    const b = await openBoard(cookies.b!);
    const town = await openBoard(cookies.town!);

    await report(residents.xiaoyingdian!, '俺家壁挂炉坏了，不出热水');
    await waitFor(
      () => a.changed() >= 1 && town.changed() >= 1,
      "village A's and the town's boards to hear A's report",
    );
    const heardFirst = a.changed();
    // Another town's village, then A again: by the time A's board hears the second, every board's scope was read since.
    await report(residents.nanzhuang!, '俺家水管冻裂了');
    await report(residents.xiaoyingdian2!, '俺家水管冻裂了，厨房全是水');
    await waitFor(() => a.changed() > heardFirst, 'the second report of A to be heard');
    expect(b.changed()).toBe(0);

    // B's own change reaches B's board and the town's.
    const townBefore = town.changed();
    await report(residents.beiguan!, '俺家水管冻裂了，厨房全是水');
    await waitFor(
      () => b.changed() >= 1 && town.changed() > townBefore,
      "village B's and the town's boards to hear B's report",
    );
    for (const board of [a, b, town]) await board.close();
  });
});
