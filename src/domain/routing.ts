import type { RequestKind, Urgency } from './classification.js';

/** county_staff: a county official who reads every village of the county on the desk (no chat routing of its own). */
export const memberRoles = ['group_leader', 'secretary', 'mediator', 'town_staff', 'county_staff'] as const;
export type MemberRole = (typeof memberRoles)[number];

export interface RoutingMember {
  id: number;
  roles: readonly string[];
  away: boolean;
}

export interface RoutingInput {
  kind: Exclude<RequestKind, 'other'>;
  urgency: Urgency;
  group: { leaderId: number | null; deputyId: number | null } | null;
  /** All members of the request's village, in a stable order (by id). */
  members: readonly RoutingMember[];
  /** The mediator who got the previous dispute, for round robin. */
  lastMediatorId: number | null;
}

export type RoutingDecision =
  | { ok: true; assigneeId: number; ccIds: number[]; urgency: Urgency; rule: string }
  | { ok: false; code: 'routing.no_assignee' };

const present = (members: readonly RoutingMember[], id: number | null) =>
  id !== null && members.some((m) => m.id === id && !m.away) ? id : null;

export function secretaryOf(members: readonly RoutingMember[]): number | null {
  const s =
    members.find((m) => m.roles.includes('secretary') && !m.away) ?? members.find((m) => m.roles.includes('secretary'));
  return s?.id ?? null;
}

/** The group leader, or the deputy when the leader is away (首问负责: someone in the group owns it). */
export function groupHandler(input: Pick<RoutingInput, 'group' | 'members'>): number | null {
  if (!input.group) return null;
  return present(input.members, input.group.leaderId) ?? present(input.members, input.group.deputyId);
}

export function nextMediator(members: readonly RoutingMember[], lastMediatorId: number | null): number | null {
  const mediators = members.filter((m) => m.roles.includes('mediator') && !m.away);
  if (mediators.length === 0) return null;
  const lastIndex = mediators.findIndex((m) => m.id === lastMediatorId);
  return mediators[(lastIndex + 1) % mediators.length]!.id;
}

export function route(input: RoutingInput): RoutingDecision {
  const secretary = secretaryOf(input.members);
  const decide = (
    assignee: number | null,
    rule: string,
    urgency: Urgency,
    cc: (number | null)[] = [],
  ): RoutingDecision => {
    if (assignee === null) {
      return secretary === null
        ? { ok: false, code: 'routing.no_assignee' }
        : { ok: true, assigneeId: secretary, ccIds: [], urgency, rule: `${rule}→secretary` };
    }
    const ccIds = [...new Set(cc.filter((id): id is number => id !== null && id !== assignee))];
    return { ok: true, assigneeId: assignee, ccIds, urgency, rule };
  };
  switch (input.kind) {
    case 'repair':
    case 'help':
    case 'inquiry':
      return decide(groupHandler(input), 'group_leader', input.urgency);
    case 'hazard':
      return decide(groupHandler(input), 'hazard', 'urgent', [secretary]);
    case 'dispute':
      return decide(nextMediator(input.members, input.lastMediatorId), 'mediator', input.urgency);
    case 'say_things':
    case 'proposal':
      return decide(secretary, 'secretary', input.urgency);
  }
}

/**
 * The escalation ladder: the secretary, then town staff — each the first one present (not away), or
 * the first one at all. Returns who gets the request at this level and the level it moves to, or null
 * at the top of the ladder.
 */
export function escalationTarget(
  members: readonly RoutingMember[],
  level: number,
  assigneeId: number | null,
): { to: number; level: number } | null {
  const firstWith = (role: string) =>
    (members.find((m) => m.roles.includes(role) && !m.away) ?? members.find((m) => m.roles.includes(role)))?.id ?? null;
  const ladder = [secretaryOf(members), firstWith('town_staff')];
  // A request already with the secretary (a leader escalated it) goes straight on to the next rung.
  const at = level + (ladder[level] === assigneeId ? 1 : 0);
  const next = ladder[at] ?? null;
  return next === null || next === assigneeId ? null : { to: next, level: at + 1 };
}
