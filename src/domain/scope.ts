/**
 * What a person looking at the village's records may see: the desk, its exports and the API calls
 * made with a desk session are all filtered by one of these. The admin token sees everything.
 */
export type Scope =
  | { kind: 'all' }
  /** A county official: every village whose roster names this county. */
  | { kind: 'county'; county: string }
  /** A town official: every village of their town. */
  | { kind: 'town'; town: string }
  /** A secretary or mediator: their own village. */
  | { kind: 'village'; villageId: number }
  /** A group leader: their own group(s) of their village. */
  | { kind: 'groups'; villageId: number; groupIds: number[] };

export interface ScopedVillage {
  id: number;
  town: string | null;
  county: string | null;
}

/** Whether a village is within the scope at all (a group leader's village is, but only their groups of it). */
export function seesVillage(scope: Scope, village: ScopedVillage): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'county':
      return village.county === scope.county;
    case 'town':
      return village.town === scope.town;
    case 'village':
    case 'groups':
      return village.id === scope.villageId;
  }
}

/** Whether a request of this village and group is within the scope. */
export function seesRequest(scope: Scope, village: ScopedVillage, groupId: number | null): boolean {
  if (!seesVillage(scope, village)) return false;
  return scope.kind !== 'groups' || (groupId !== null && scope.groupIds.includes(groupId));
}
