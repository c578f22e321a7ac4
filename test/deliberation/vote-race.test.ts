import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/data/database.js';
import {
  castChatVote,
  householdByCode,
  insertDeliberation,
  recordInPersonVote,
  standingVotes,
} from '../../src/data/deliberation.repository.js';
import { createResident, upsertIdentity, villageByCode } from '../../src/data/people.repository.js';
import { createTestDatabase } from '../support/test-db.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase({ roster: 'demo' });
});
afterAll(async () => {
  await database?.close();
});

/** The storage rule under the chat: one standing vote per household, whatever arrives at the same instant. */
describe('one standing vote per household', () => {
  it('keeps one row when twenty transactions of one household vote at once, and lets nothing replace an in-person vote', async () => {
    const { db } = database;
    const village = (await villageByCode(db, 'xiaoyingdian'))!;
    const now = new Date('2026-12-01T02:00:00Z');
    const d = await insertDeliberation(db, {
      villageId: village.id,
      title: '修路',
      text: '修村北生产路',
      options: ['同意', '反对', '弃权'],
      electorate: 'households',
      status: 'voting',
      closesAt: new Date(now.getTime() + 86_400_000),
      createdAt: now,
      updatedAt: now,
    });
    const household = (await householdByCode(db, village.id, 'h-0101'))!;
    // Twenty accounts of the household (as many phones as there are family members, and then some).
    const accounts: number[] = [];
    for (let i = 0; i < 20; i++) {
      const residentId = await createResident(db, household.id, `家人${i}`, now);
      accounts.push(
        await upsertIdentity(db, {
          platform: 'telegram',
          platformUserId: `race-${i}`,
          address: `race-${i}`,
          residentId,
          boundAt: now,
          lastSeenAt: now,
        }),
      );
    }
    const results = await Promise.all(
      accounts.map((identityId, i) =>
        db.transaction((tx) =>
          castChatVote(tx, {
            deliberationId: d.id,
            householdId: household.id,
            option: i % 3,
            identityId,
            at: new Date(now.getTime() + i),
          }),
        ),
      ),
    );
    expect(results.every((r) => r !== null)).toBe(true);
    const votes = await standingVotes(db, d.id);
    expect(votes).toHaveLength(1);
    expect(Math.max(...results.map((r) => r!.changes))).toBe(19);

    const other = (await householdByCode(db, village.id, 'h-0102'))!;
    await recordInPersonVote(db, { deliberationId: d.id, householdId: other.id, option: 0, recordedBy: null, at: now });
    expect(
      await castChatVote(db, {
        deliberationId: d.id,
        householdId: other.id,
        option: 1,
        identityId: accounts[0]!,
        at: now,
      }),
    ).toBeNull();
    expect((await standingVotes(db, d.id)).find((v) => v.householdId === other.id)).toEqual({
      householdId: other.id,
      option: 0,
      channel: 'in_person',
    });
  });
});
