import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { groups, households, requestFollowers, requests } from '../../db/schema.js';
import { formatRef } from '../domain/reference.js';

const openTopic = ['submitted', 'assigned', 'accepted', 'escalated', 'reopened'];

/** The agenda lines of a session: open topics grouped by mutual-aid group, with how many households raised each. */
export async function agendaLines(db: DbOrTx, sessionId: number): Promise<string[]> {
  const rows = await db.select({ ref: requests.ref, summary: requests.summary, kind: requests.kind, group: groups.name })
    .from(requests)
    .innerJoin(households, eq(households.id, requests.householdId))
    .innerJoin(groups, eq(groups.id, households.groupId))
    .where(and(eq(requests.sessionId, sessionId), inArray(requests.status, openTopic)))
    .orderBy(asc(groups.code), asc(requests.ref));
  if (rows.length === 0) return [];
  const followers = await db.select({ ref: requestFollowers.requestRef, n: count() }).from(requestFollowers)
    .where(inArray(requestFollowers.requestRef, rows.map((r) => r.ref))).groupBy(requestFollowers.requestRef);
  const extra = new Map(followers.map((f) => [f.ref, Number(f.n)]));
  return rows.map((r) => `${formatRef(r.ref)}【${r.group}】${r.summary}（${1 + (extra.get(r.ref) ?? 0)}户）`);
}

