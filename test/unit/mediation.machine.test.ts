import { describe, expect, it } from 'vitest';
import {
  allowedMediationActions,
  mediationActions,
  mediationRoles,
  mediationStatuses,
  mediationTransition,
  mustMediationTransition,
  openMediationStatuses,
  type MediationStatus,
} from '../../src/domain/mediation.machine.js';

// The whole table, written out: any change to the six steps must change this test on purpose.
const legal: Record<MediationStatus, Record<string, MediationStatus>> = {
  accepted: { preside: 'presiding', add_party: 'accepted', fail: 'failed' },
  presiding: { preside: 'presiding', investigate: 'investigating', add_party: 'presiding', fail: 'failed' },
  investigating: {
    preside: 'investigating',
    investigate: 'investigating',
    inform: 'informed',
    add_party: 'investigating',
    fail: 'failed',
  },
  informed: {
    preside: 'informed',
    investigate: 'informed',
    inform: 'informed',
    session: 'mediating',
    add_party: 'informed',
    fail: 'failed',
  },
  mediating: {
    preside: 'mediating',
    investigate: 'mediating',
    inform: 'mediating',
    session: 'mediating',
    add_party: 'mediating',
    propose: 'mediating',
    confirm: 'mediating',
    decline: 'mediating',
    conclude: 'agreed',
    fail: 'failed',
  },
  agreed: { follow_up: 'followed_up' },
  failed: { follow_up: 'followed_up' },
  followed_up: { follow_up: 'followed_up' },
};

// Who may make each move, whatever the moment.
const staff = ['presiding', 'assisting', 'secretary'];
const who: Record<string, string[]> = {
  preside: ['presiding', 'secretary'],
  investigate: staff,
  inform: staff,
  session: staff,
  add_party: staff,
  propose: staff,
  confirm: ['party'],
  decline: ['party'],
  conclude: ['system'],
  fail: ['presiding', 'secretary'],
  follow_up: staff,
};

describe('the six-step mediation machine', () => {
  for (const from of mediationStatuses) {
    for (const action of mediationActions) {
      for (const by of mediationRoles) {
        const allowed = who[action]!.includes(by);
        const to = legal[from][action];
        it(`${from} --${action} by ${by}--> ${!allowed ? 'not allowed' : (to ?? 'illegal')}`, () => {
          const result = mediationTransition(from, action, by);
          if (!allowed) expect(result).toEqual({ ok: false, from, code: 'mediation.not_allowed' });
          else if (to) expect(result).toEqual({ ok: true, from, to });
          else expect(result).toEqual({ ok: false, from, code: 'mediation.illegal_transition' });
        });
      }
    }
  }

  it('lists what each role may do in each status', () => {
    for (const from of mediationStatuses) {
      for (const by of mediationRoles) {
        const expected = Object.keys(legal[from])
          .filter((a) => who[a]!.includes(by))
          .sort();
        expect(allowedMediationActions(from, by).sort()).toEqual(expected);
      }
    }
  });

  it('walks the six steps to an agreement and the return visit', () => {
    const path: [Parameters<typeof mediationTransition>[1], Parameters<typeof mediationTransition>[2]][] = [
      ['preside', 'presiding'],
      ['investigate', 'assisting'],
      ['inform', 'presiding'],
      ['session', 'presiding'],
      ['propose', 'presiding'],
      ['confirm', 'party'],
      ['conclude', 'system'],
      ['follow_up', 'presiding'],
    ];
    let s: MediationStatus = 'accepted';
    const seen: MediationStatus[] = [s];
    for (const [a, by] of path) {
      s = mustMediationTransition(s, a, by);
      seen.push(s);
    }
    expect([...new Set(seen)]).toEqual([
      'accepted',
      'presiding',
      'investigating',
      'informed',
      'mediating',
      'agreed',
      'followed_up',
    ]);
  });

  it('cannot skip a step: no notice before the investigation, no session before the notice, no agreement before a session', () => {
    expect(mediationTransition('presiding', 'inform', 'presiding').ok).toBe(false);
    expect(mediationTransition('investigating', 'session', 'presiding').ok).toBe(false);
    expect(mediationTransition('informed', 'propose', 'presiding').ok).toBe(false);
    expect(mediationTransition('informed', 'conclude', 'system').ok).toBe(false);
  });

  it('ends open: nothing but a return visit after agreement or failure', () => {
    for (const end of ['agreed', 'failed', 'followed_up'] as const) {
      expect(allowedMediationActions(end, 'presiding')).toEqual(['follow_up']);
      expect(openMediationStatuses).not.toContain(end);
    }
    expect(openMediationStatuses).toEqual(['accepted', 'presiding', 'investigating', 'informed', 'mediating']);
  });

  it('throws a coded error for an illegal move in code that expects it to be legal', () => {
    expect(() => mustMediationTransition('agreed', 'propose', 'presiding')).toThrowError(
      expect.objectContaining({ code: 'mediation.illegal_transition' }),
    );
  });
});
