import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/test-db.js';
import { rowsOf } from '../../src/data/database.js';
import { type CountyCounts, countyShape, generateCounty, kindMix } from './county.js';

/** The county generator's shape at a small scale: what the county bench measures against must look like a county. */
const now = new Date('2026-12-07T08:00:00Z');
const shape = {
  ...countyShape(now),
  villages: 6,
  villagesPerTown: 3,
  groupsPerVillage: 2,
  householdsPerGroup: 10,
  historyRequests: 3000,
  historyDays: 365,
  outboxPerRequest: 2,
};
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let counts: CountyCounts;
const rows = async <T>(q: string) => rowsOf<T>(await database.db.execute(sql.raw(q)));

beforeAll(async () => {
  database = await createTestDatabase();
  counts = await generateCounty(database.db, shape);
});
afterAll(async () => {
  await database.close();
});

describe('the county generator', () => {
  it('makes villages in towns, 20 members, the groups and households of each, town and county staff, and 1.5 accounts per household', async () => {
    expect(counts).toMatchObject({
      villages: 6,
      households: 6 * 2 * 10,
      members: 6 * (4 + 2 * 2) + 2 + 1,
      historyRequests: 3000,
      outbox: 6000,
    });
    // Every household has an account, about half a second one.
    expect(counts.accounts).toBeGreaterThanOrEqual(120 + 40);
    expect(counts.accounts).toBeLessThanOrEqual(120 + 80);
    const perVillage = await rows<{ town: string; n: number }>(
      `select v.town, count(h.id)::int as n from villages v join households h on h.village_id = v.id group by v.id, v.town order by v.id`,
    );
    expect(perVillage.map((r) => r.n)).toEqual([20, 20, 20, 20, 20, 20]);
    expect(new Set(perVillage.map((r) => r.town)).size).toBe(2);
  });

  it("spreads requests over every village with the kinds' mix, old ones done, the last month open, none the sweeps would act on", async () => {
    const perVillage = await rows<{ n: number }>('select count(*)::int as n from requests group by village_id');
    expect(perVillage).toHaveLength(6);
    for (const { n } of perVillage) expect(n).toBeGreaterThan((3000 / 6) * 0.8);
    const kinds = Object.fromEntries(
      (await rows<{ kind: string; n: number }>('select kind, count(*)::int as n from requests group by kind')).map(
        (r) => [r.kind, r.n],
      ),
    );
    for (const [kind, share] of kindMix) expect(Math.abs((kinds[kind] ?? 0) / 3000 - share)).toBeLessThan(0.04);
    const old = await rows<{ status: string }>(
      `select distinct status from requests where created_at < '${now.toISOString()}'::timestamptz - interval '30 days'`,
    );
    expect(old.map((r) => r.status).sort()).toEqual(['closed', 'invalid', 'withdrawn']);
    // Nothing the sweeps would act on at the first tick: resolved ones are under three days old, those past a day reminded.
    const stale = await rows<{
      n: number;
    }>(`select count(*)::int as n from requests where status = 'resolved' and (resolved_at < '${now.toISOString()}'::timestamptz - interval '3 days'
      or (resolved_at < '${now.toISOString()}'::timestamptz - interval '1 day' and rating_reminded_at is null))`);
    expect(stale[0]!.n).toBe(0);
    const open = await rows<{ n: number }>(
      `select count(*)::int as n from requests where status in ('submitted', 'assigned', 'accepted', 'escalated')`,
    );
    expect(open[0]!.n).toBeGreaterThan(0);
    // Every request's household lies in its village, and every open one has a leader of that village.
    const stray = await rows<{
      n: number;
    }>(`select count(*)::int as n from requests r join households h on h.id = r.household_id
      left join members m on m.id = r.assignee_id where h.village_id <> r.village_id or (r.assignee_id is not null and m.village_id <> r.village_id)`);
    expect(stray[0]!.n).toBe(0);
  });

  it('gives every request its ledger: submitted first, a rating event for every rated one', async () => {
    const noSubmit = await rows<{ n: number }>(`select count(*)::int as n from requests r where not exists
      (select 1 from request_events e where e.request_ref = r.ref and e.type = 'submitted')`);
    expect(noSubmit[0]!.n).toBe(0);
    const rated = await rows<{
      a: number;
      b: number;
    }>(`select (select count(*) from requests where rating is not null)::int as a,
      (select count(*) from request_events where type = 'rated')::int as b`);
    expect(rated[0]!.a).toBe(rated[0]!.b);
    expect(rated[0]!.a).toBeGreaterThan(0);
  });
});
