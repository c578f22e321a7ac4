import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.js';
import { households, identities, members, requestEvents, requests, residents, villages } from '../../db/schema.js';
import { atLocal } from '../../src/domain/local-time.js';
import { metricsTable, monthMetrics } from '../../src/rhythm/metrics.js';
import { importRoster } from '../../src/roster/roster.import.js';
import { demoRoster } from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';

const at = (m: number, d: number, h = 0, min = 0) => atLocal('Asia/Shanghai', 2026, m, d, h, min);
let database: Database;

/** One month of a village, written straight into the ledger, with the rates worked out by hand below. */
beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await importRoster(db, demoRoster());
  const [village] = await db.select().from(villages);
  const member = async (code: string) => (await db.select().from(members).where(eq(members.code, code)))[0]!.id;
  const hh = async (code: string) => (await db.select().from(households).where(eq(households.code, code)))[0]!.id;
  const [l01, l03, s01] = [await member('l-01'), await member('l-03'), await member('s-01')];
  const g1 = await hh('h-0101');
  const g3 = await hh('h-0301');
  const person = async (household: number, id: string) => {
    const [r] = await db.insert(residents).values({ householdId: household, name: id, createdAt: at(10, 1) }).returning();
    const [i] = await db.insert(identities).values({ platform: 'telegram', platformUserId: id, address: id, residentId: r!.id }).returning();
    return { residentId: r!.id, identityId: i!.id, householdId: household };
  };
  const p1 = await person(g1, 'p1');
  const p3 = await person(g3, 'p3');
  const add = async (who: typeof p1, kind: string, urgency: string, createdAt: Date, events: [string, Date, Record<string, unknown>?][]) => {
    const [r] = await db.insert(requests).values({
      villageId: village!.id, householdId: who.householdId, residentId: who.residentId, originIdentityId: who.identityId,
      kind, urgency, summary: kind, text: kind, status: 'closed', createdAt, updatedAt: createdAt,
    }).returning();
    for (const [type, when, details] of events) {
      await db.insert(requestEvents).values({ requestRef: r!.ref, at: when, type, actorKind: 'system', details: details ?? {} });
    }
  };
  // R1: accepted in time (due 20:00), resolved next day, 满意.
  await add(p3, 'repair', 'normal', at(11, 2, 9), [['assigned', at(11, 2, 9), { assigneeId: l03 }], ['accepted', at(11, 2, 10)], ['resolved', at(11, 3, 9)], ['rated', at(11, 3, 10), { rating: 'satisfied' }]]);
  // R2: accepted late (21:00 > 20:00), 不满意 at first, 基本满意 after it was done again.
  await add(p3, 'repair', 'normal', at(11, 5, 10), [['assigned', at(11, 5, 10), { assigneeId: l03 }], ['accepted', at(11, 5, 21)], ['resolved', at(11, 6, 10)],
    ['rated', at(11, 6, 11), { rating: 'unsatisfied' }], ['resolved', at(11, 7, 10)], ['rated', at(11, 7, 11), { rating: 'basic' }]]);
  // R3: reported at 18:00 (evening: 12 h, due 06:00), accepted 05:00, never rated.
  await add(p1, 'help', 'normal', at(11, 10, 18), [['assigned', at(11, 10, 18), { assigneeId: l01 }], ['accepted', at(11, 11, 5)], ['resolved', at(11, 11, 12)]]);
  // R4: a say-things topic: no deadline, so not in the response rate; 满意.
  await add(p1, 'say_things', 'normal', at(11, 12, 10), [['assigned', at(11, 12, 10), { assigneeId: s01 }], ['accepted', at(11, 20, 10)], ['resolved', at(11, 20, 10)], ['rated', at(11, 20, 12), { rating: 'satisfied' }]]);
  // R6: urgent hazard never accepted.
  await add(p3, 'hazard', 'urgent', at(11, 15, 10), [['assigned', at(11, 15, 10), { assigneeId: l03 }]]);
  // R5: October, and a greeting: neither counts.
  await add(p3, 'repair', 'normal', at(10, 31, 23), [['assigned', at(10, 31, 23), { assigneeId: l03 }]]);
  await add(p3, 'other', 'normal', at(11, 3, 8), []);
});
afterAll(async () => { await database.close(); });

describe('the three rates', () => {
  it('match the values worked out by hand for a seeded month', async () => {
    const mm = (await monthMetrics(database.db, 'xiaoyingdian', '2026-11'))!;
    expect(mm.totals).toEqual({
      requests: 5, assigned: 4, acceptedInTime: 2, responseRate: 0.5,
      rated: 3, solved: 2, resolutionRate: 0.667, satisfied: 3, satisfactionRate: 1,
      medianAcceptMinutes: 660, medianResolveMinutes: 1440,
    });
    const g1 = mm.groups.find((g) => g.code === 'g1')!;
    const g3 = mm.groups.find((g) => g.code === 'g3')!;
    expect(g1).toMatchObject({ requests: 2, assigned: 1, responseRate: 1, rated: 1, resolutionRate: 1, satisfactionRate: 1 });
    expect(g3).toMatchObject({ requests: 3, assigned: 3, acceptedInTime: 1, responseRate: 0.333, rated: 2, resolutionRate: 0.5, satisfactionRate: 1 });
    expect(mm.leaders.map((l) => [l.code, l.requests])).toEqual([['l-01', 1], ['l-03', 3], ['s-01', 1]]);
    expect(metricsTable(mm)).toContain('全村：5件 响应50% 解决67% 满意100%');
  });

  it('reports an empty month without dividing by zero', async () => {
    const mm = (await monthMetrics(database.db, 'xiaoyingdian', '2026-09'))!;
    expect(mm.totals).toMatchObject({ requests: 0, responseRate: null, resolutionRate: null, satisfactionRate: null, medianAcceptMinutes: null });
  });
});
