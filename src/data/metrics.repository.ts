import { and, eq, gte, lt, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { groups, households, requests } from '../../db/schema.js';
import type { RequestRow } from './requests.repository.js';

/** A village's requests reported in [from, to), with the group of the household that reported each. */
export async function requestsReportedIn(db: DbOrTx, villageId: number, from: Date, to: Date): Promise<{ r: RequestRow; group: string; groupName: string }[]> {
  return db.select({ r: requests, group: groups.code, groupName: groups.name }).from(requests)
    .innerJoin(households, eq(households.id, requests.householdId)).innerJoin(groups, eq(groups.id, households.groupId))
    .where(and(eq(requests.villageId, villageId), gte(requests.createdAt, from), lt(requests.createdAt, to), ne(requests.kind, 'other')));
}
