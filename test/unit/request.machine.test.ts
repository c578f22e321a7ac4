import { describe, expect, it } from 'vitest';
import { allowedActions, requestActions, requestStatuses, transition } from '../../src/domain/request.machine.js';

// The whole table, written out: any change to the lifecycle must change this test on purpose.
const legal: Record<string, Record<string, string>> = {
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

describe('request lifecycle', () => {
  for (const from of requestStatuses) {
    for (const action of requestActions) {
      const to = legal[from]?.[action];
      it(`${from} --${action}--> ${to ?? 'refused'}`, () => {
        const result = transition(from, action);
        if (to) expect(result).toEqual({ ok: true, from, to });
        else expect(result).toEqual({ ok: false, from, code: 'request.illegal_transition' });
      });
    }
  }

  it('lists the allowed actions of each status', () => {
    for (const from of requestStatuses) expect(allowedActions(from).sort()).toEqual(Object.keys(legal[from]!).sort());
  });

  it('reaches closed from submitted along the happy path', () => {
    let s: (typeof requestStatuses)[number] = 'submitted';
    for (const a of ['assign', 'accept', 'note', 'resolve', 'rate_ok'] as const) {
      const r = transition(s, a);
      expect(r.ok).toBe(true);
      if (r.ok) s = r.to;
    }
    expect(s).toBe('closed');
  });
});
