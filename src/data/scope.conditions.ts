import { and, eq, inArray, isNotNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { households, requests, villages } from '../../db/schema.js';
import { waitingForAccept } from '../domain/request.machine.js';
import type { Scope } from '../domain/scope.js';

/**
 * The SQL of the desk's and the exports' shared rules, for queries that join requests, households and
 * villages: what a scope sees, and what counts as overdue.
 */
export function scopeCondition(scope: Scope): SQL | undefined {
  switch (scope.kind) {
    case 'all': return undefined;
    case 'county': return eq(villages.county, scope.county);
    case 'town': return eq(villages.town, scope.town);
    case 'village': return eq(villages.id, scope.villageId);
    case 'groups':
      return scope.groupIds.length ? and(eq(villages.id, scope.villageId), inArray(households.groupId, scope.groupIds)) : sql`false`;
  }
}

/** Overdue: waiting to be accepted past the accept deadline, or accepted and past the resolve deadline (as the sweep watches them). */
export const overdueCondition = (now: Date) => or(
  and(inArray(requests.status, [...waitingForAccept]), isNotNull(requests.acceptDueAt), lt(requests.acceptDueAt, now)),
  and(eq(requests.status, 'accepted'), isNotNull(requests.resolveDueAt), lt(requests.resolveDueAt, now)),
);
