import { describe, expect, it } from 'vitest';
import {
  commandTable,
  isRoomCommand,
  kindOfWord,
  mayUse,
  parseCommand,
  textFormOfButton,
} from '../../src/domain/commands.js';
import { AppError, errorCatalogue, errorCodes } from '../../src/domain/errors.js';
import { ledgerOf, type RequestFacts, systemActor } from '../../src/domain/request.events.js';
import { mustTransition } from '../../src/domain/request.machine.js';
import { escalationTarget } from '../../src/domain/routing.js';

describe('the state machine for code paths', () => {
  it('throws a coded error for an illegal move and returns the status for a legal one', () => {
    expect(mustTransition('resolved', 'close_unrated')).toBe('closed');
    expect(mustTransition('submitted', 'assign')).toBe('assigned');
    let caught: unknown = null;
    try {
      mustTransition('closed', 'resolve');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('request.illegal_transition');
    expect((caught as AppError).statusCode).toBe(409);
  });
});

describe('the escalation ladder', () => {
  const members = [
    { id: 1, roles: ['group_leader'], away: false },
    { id: 2, roles: ['secretary'], away: false },
    { id: 3, roles: ['town_staff'], away: false },
  ];
  it('goes leader → secretary → town staff, then stops', () => {
    expect(escalationTarget(members, 0, 1)).toEqual({ to: 2, level: 1 });
    expect(escalationTarget(members, 1, 2)).toEqual({ to: 3, level: 2 });
    expect(escalationTarget(members, 2, 3)).toBeNull();
  });
  it('skips straight to town staff when a leader already handed it to the secretary', () => {
    expect(escalationTarget(members, 0, 2)).toEqual({ to: 3, level: 2 });
  });
  it('prefers a secretary who is not away', () => {
    const two = [{ id: 5, roles: ['secretary'], away: true }, ...members];
    expect(escalationTarget(two, 0, 1)).toEqual({ to: 2, level: 1 });
  });
});

describe('events leave the ledger entries the ledger has always had', () => {
  const request: RequestFacts = {
    ref: 1001,
    villageId: 1,
    householdId: 1,
    originIdentityId: 1,
    assigneeId: 7,
    kind: 'hazard',
    urgency: 'urgent',
    status: 'assigned',
    summary: '电线冒火花',
    text: '电线冒火花',
  };
  it('an assignment with copies writes assigned and one copied entry each', () => {
    expect(ledgerOf({ type: 'assigned', request, to: 7, cc: [2], rule: 'hazard' })).toEqual([
      { type: 'assigned', actor: systemActor, details: { assigneeId: 7, rule: 'hazard' } },
      { type: 'copied', actor: systemActor, details: { memberId: 2 } },
    ]);
  });
  it('an overdue escalation records the reason and the missed deadline; a reminder to rate records nothing', () => {
    const due = new Date('2026-12-01T12:00:00Z');
    expect(
      ledgerOf({
        type: 'escalated',
        request,
        by: systemActor,
        from: 7,
        to: 2,
        overdue: { reason: 'accept_overdue', due },
      })[0]!.details,
    ).toEqual({ from: 7, to: 2, reason: 'accept_overdue', due: due.toISOString() });
    expect(ledgerOf({ type: 'rating_reminder', request })).toEqual([]);
  });
});

describe('the command table', () => {
  it('decides who may use a command', () => {
    expect(mayUse(parseCommand('接单 #12'), 'resident')).toBe(false);
    expect(mayUse(parseCommand('接单 #12'), 'member')).toBe(true);
    expect(mayUse(parseCommand('重办 #12'), 'member')).toBe(false);
    expect(mayUse(parseCommand('绑定 483920'), 'stranger')).toBe(true);
    expect(mayUse(parseCommand('我的诉求'), 'stranger')).toBe(false);
  });
  it('says what counts in a group chat without an @mention', () => {
    expect(isRoomCommand(parseCommand('绑定群 g3'))).toBe(true);
    expect(isRoomCommand(parseCommand('1'))).toBe(false);
    expect(isRoomCommand(parseCommand('评价 #12 1'))).toBe(true);
    expect(isRoomCommand(parseCommand('算了'))).toBe(false);
  });
  it('gives every button a text form that parses back to the same command', () => {
    const arg = { note: '内容', resolve: '结果', member: 'l-03' };
    for (const [type, spec] of Object.entries(commandTable)) {
      if (!spec.button) continue;
      const typed = textFormOfButton({ label: 'x', data: `${spec.button.verb}:12` }, true, arg);
      const parsed = parseCommand(typed);
      expect(parsed.type).toBe(type);
      expect('ref' in parsed && parsed.ref).toBe(12);
      expect(parseCommand(textFormOfButton({ label: 'x', data: `${spec.button.verb}:12` }, false, arg)).type).toBe(
        parsed.type,
      );
    }
  });
});

describe('word tables take only their own words', () => {
  it('"constructor", "toString" or "__proto__" typed alone or as a rating is text, not a rating or a kind', () => {
    for (const w of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(parseCommand(w)).toEqual({ type: 'text', text: w });
      expect(parseCommand(`评价 #12 ${w}`)).not.toMatchObject({ type: 'rate' });
      expect(kindOfWord(w)).toBeNull();
    }
    expect(parseCommand('1')).toEqual({ type: 'rate', ref: null, rating: 'satisfied' });
    expect(kindOfWord('报修')).toBe('repair');
  });
});

describe('the error catalogue', () => {
  it('gives every code a status and a meaning in both languages', () => {
    for (const code of errorCodes) {
      const e = new AppError(code);
      expect(e.statusCode).toBe(errorCatalogue[code].status);
      expect(errorCatalogue[code].zh.length).toBeGreaterThan(0);
      expect(errorCatalogue[code].en.length).toBeGreaterThan(0);
    }
  });
});
