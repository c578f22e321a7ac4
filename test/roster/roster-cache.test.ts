import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ROSTER_CHANNEL } from '../../src/data/roster.cache.js';
import {
  adminApi,
  type ApiRequest,
  demoRoster,
  type Harness,
  settle,
  startHarness,
  TelegramUser,
} from '../support/harness.js';

/**
 * Routing reads the roster from a cache: a re-import must be seen by the very next report, and a
 * roster change announced on the database (by another instance) must reach every listener.
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function report(user: TelegramUser, text: string): Promise<ApiRequest> {
  const n = user.inbox().length;
  await user.say(text);
  const receipt = await user.expect(/已收到，编号 #(\d+)/, n);
  await settle(h);
  const ref = Number(/#(\d+)/.exec(receipt.text)![1]);
  return (await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${ref}`)).body;
}

describe('the roster cache', () => {
  it('routes the next report to the leader a re-import just named', async () => {
    const roster = demoRoster();
    const code = roster.households.find((x: { group: string }) => x.group === 'g3').bindCode as string;
    const resident = new TelegramUser(h, 8801);
    await resident.say(`/start ${code}`);
    await resident.expect(/绑定成功/);
    const first = await report(resident, '我家门口的水管漏水了，麻烦来看看');
    expect(first.assignee?.code).toBe('l-03');

    // The deputy becomes the leader of the third group; the report right after is theirs.
    const g3 = roster.groups.find((g: { code: string }) => g.code === 'g3');
    g3.leader = 'd-03';
    g3.deputy = 'l-03';
    const res = await adminApi(h, 'POST', '/api/v1/roster', roster);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const second = await report(resident, '院子里的电线老化了，想请人换一下');
    expect(second.assignee?.code).toBe('d-03');
  });

  it('hears a roster change another instance announces on the database', async () => {
    const heard: string[] = [];
    const stop = await h.database.listen(ROSTER_CHANNEL, (p) => heard.push(p));
    try {
      // As roster.repository does inside an import's transaction: delivered when it commits.
      await h.database.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_notify(${ROSTER_CHANNEL}, 'from another instance')`);
      });
      const deadline = Date.now() + 5_000;
      while (heard.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(heard).toEqual(['from another instance']);
    } finally {
      await stop();
    }
  });
});
