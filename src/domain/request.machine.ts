import { AppError } from './errors.js';

/** The request lifecycle as a pure transition table: the only place that knows which move is legal. */
export const requestStatuses = [
  'submitted',
  'assigned',
  'accepted',
  'escalated',
  'resolved',
  'closed',
  'reopened',
  'withdrawn',
  'invalid',
] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const requestActions = [
  'assign',
  'accept',
  'note',
  'transfer',
  'escalate',
  'resolve',
  'rate_ok',
  'rate_unhappy',
  'close_unrated',
  'reopen',
  // The resident takes it back before it is resolved; the secretary closes a request that is no real matter.
  'withdraw',
  'invalidate',
] as const;
export type RequestAction = (typeof requestActions)[number];

const table: Record<RequestStatus, Partial<Record<RequestAction, RequestStatus>>> = {
  submitted: { assign: 'assigned', escalate: 'escalated', withdraw: 'withdrawn', invalidate: 'invalid' },
  assigned: {
    accept: 'accepted',
    transfer: 'assigned',
    escalate: 'escalated',
    withdraw: 'withdrawn',
    invalidate: 'invalid',
  },
  accepted: {
    note: 'accepted',
    transfer: 'assigned',
    escalate: 'escalated',
    resolve: 'resolved',
    withdraw: 'withdrawn',
    invalidate: 'invalid',
  },
  // Escalated again when the secretary too lets the deadline pass: on to town staff.
  escalated: {
    accept: 'accepted',
    transfer: 'assigned',
    escalate: 'escalated',
    withdraw: 'withdrawn',
    invalidate: 'invalid',
  },
  reopened: {
    accept: 'accepted',
    transfer: 'assigned',
    escalate: 'escalated',
    withdraw: 'withdrawn',
    invalidate: 'invalid',
  },
  resolved: { rate_ok: 'closed', rate_unhappy: 'reopened', close_unrated: 'closed' },
  closed: { reopen: 'reopened' },
  withdrawn: {},
  invalid: {},
};

export type Transition =
  | { ok: true; from: RequestStatus; to: RequestStatus }
  | { ok: false; from: RequestStatus; code: 'request.illegal_transition' };

export function transition(from: RequestStatus, action: RequestAction): Transition {
  const to = table[from][action];
  return to ? { ok: true, from, to } : { ok: false, from, code: 'request.illegal_transition' };
}

export function allowedActions(from: RequestStatus): RequestAction[] {
  return Object.keys(table[from]) as RequestAction[];
}

/** Statuses in which somebody still has to act. */
export const openStatuses: readonly RequestStatus[] = ['submitted', 'assigned', 'accepted', 'escalated', 'reopened'];
/** Statuses in which the assignee has yet to accept. */
export const waitingForAccept: readonly RequestStatus[] = ['assigned', 'escalated', 'reopened'];

/** The move or a coded error: for code paths where an illegal move is a bug, not a person's mistake. */
export function mustTransition(from: RequestStatus, action: RequestAction): RequestStatus {
  const step = transition(from, action);
  if (!step.ok)
    throw new AppError('request.illegal_transition', `${action} is not allowed from ${from}`, { from, action });
  return step.to;
}
