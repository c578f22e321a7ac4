import type { MemberRole } from './routing.js';
import type { Scope } from './scope.js';

/**
 * Authority never comes from one's own upload: a roster imported by someone of a village's scope may change
 * the village's households, groups and village-level roles only. Town and county roles, and the village's
 * town and county, come from the admin or from a person of that higher scope.
 */
const villageRoles: readonly MemberRole[] = ['group_leader', 'secretary', 'mediator'];

/** The roles a person of this scope may give or take away in a roster. */
export function rolesGivenBy(scope: Scope): readonly MemberRole[] {
  switch (scope.kind) {
    case 'all':
    case 'county':
      return [...villageRoles, 'town_staff', 'county_staff'];
    case 'town':
      return [...villageRoles, 'town_staff'];
    case 'village':
    case 'groups':
      return villageRoles;
  }
}

export interface StoredVillageScope {
  town: string | null;
  county: string | null;
}

/** Which of the village's town and county this scope may set: the county only the admin, the town the county too. */
export function mayMoveVillage(scope: Scope, field: 'town' | 'county'): boolean {
  return scope.kind === 'all' || (field === 'town' && scope.kind === 'county');
}

/** The roles of a member this import would give or take away beyond what the scope may; empty when allowed. */
export function rolesBeyond(scope: Scope, before: readonly MemberRole[], after: readonly MemberRole[]): MemberRole[] {
  const allowed = rolesGivenBy(scope);
  const changed = [...after.filter((r) => !before.includes(r)), ...before.filter((r) => !after.includes(r))];
  return [...new Set(changed.filter((r) => !allowed.includes(r)))];
}

/** Whether two role lists hold the same roles (order aside). */
export const sameRoles = (a: readonly MemberRole[], b: readonly MemberRole[]): boolean =>
  a.length === b.length && a.every((r) => b.includes(r));
