import { describe, expect, it } from 'vitest';
import { groupHandler, nextMediator, route, type RoutingInput, type RoutingMember } from '../../src/domain/routing.js';

const leader: RoutingMember = { id: 1, roles: ['group_leader'], away: false };
const deputy: RoutingMember = { id: 2, roles: ['group_leader'], away: false };
const secretary: RoutingMember = { id: 3, roles: ['secretary'], away: false };
const med1: RoutingMember = { id: 4, roles: ['mediator'], away: false };
const med2: RoutingMember = { id: 5, roles: ['mediator'], away: false };
const members = [leader, deputy, secretary, med1, med2];
const group = { leaderId: 1, deputyId: 2 };
const input = (over: Partial<RoutingInput>): RoutingInput => ({
  kind: 'repair',
  urgency: 'normal',
  group,
  members,
  lastMediatorId: null,
  ...over,
});

describe('routing rules', () => {
  it.each(['repair', 'help', 'inquiry'] as const)('sends %s to the group leader', (kind) => {
    expect(route(input({ kind }))).toMatchObject({ ok: true, assigneeId: 1, ccIds: [], urgency: 'normal' });
  });

  it('uses the deputy when the leader is away, and the secretary when both are', () => {
    const away = [{ ...leader, away: true }, deputy, secretary];
    expect(route(input({ members: away }))).toMatchObject({ assigneeId: 2 });
    const bothAway = [{ ...leader, away: true }, { ...deputy, away: true }, secretary];
    expect(route(input({ members: bothAway }))).toMatchObject({ assigneeId: 3, rule: 'group_leader→secretary' });
  });

  it('sends a hazard to the leader with the secretary copied, always urgent', () => {
    expect(route(input({ kind: 'hazard' }))).toMatchObject({ assigneeId: 1, ccIds: [3], urgency: 'urgent' });
  });

  it('does not copy the secretary to themselves when the secretary handles a hazard', () => {
    expect(route(input({ kind: 'hazard', group: null }))).toMatchObject({ assigneeId: 3, ccIds: [] });
  });

  it('round-robins disputes over the mediators, and falls back to the secretary', () => {
    expect(route(input({ kind: 'dispute' }))).toMatchObject({ assigneeId: 4 });
    expect(route(input({ kind: 'dispute', lastMediatorId: 4 }))).toMatchObject({ assigneeId: 5 });
    expect(route(input({ kind: 'dispute', lastMediatorId: 5 }))).toMatchObject({ assigneeId: 4 });
    expect(route(input({ kind: 'dispute', members: [leader, secretary] }))).toMatchObject({ assigneeId: 3 });
  });

  it.each(['say_things', 'proposal'] as const)('sends %s to the secretary', (kind) => {
    expect(route(input({ kind }))).toMatchObject({ assigneeId: 3 });
  });

  it('falls back to the secretary with no group, and fails only when there is nobody', () => {
    expect(route(input({ group: null }))).toMatchObject({ ok: true, assigneeId: 3 });
    expect(route(input({ group: null, members: [leader] }))).toEqual({ ok: false, code: 'routing.no_assignee' });
  });

  it('finds group handlers and mediators', () => {
    expect(groupHandler({ group: null, members })).toBeNull();
    expect(nextMediator([leader], null)).toBeNull();
  });
});
