import { describe, expect, it } from 'vitest';
import {
  advance,
  allowedMoves,
  deliberationMoves,
  deliberationStatuses,
  type DeliberationMove,
  type DeliberationResult,
  type DeliberationStatus,
} from '../../src/domain/deliberation.machine.js';
import { parseCallback, parseCommand, textFormOfButton } from '../../src/domain/commands.js';
import { ruleOf, tally } from '../../src/domain/deliberation.rules.js';

/** Every legal move; every other (status, move) pair must be refused. */
const legal: Record<DeliberationStatus, Partial<Record<DeliberationMove, DeliberationStatus>>> = {
  proposed: { consult: 'consulted', drop: 'dropped' },
  consulted: { review: 'reviewed', drop: 'dropped' },
  reviewed: { open: 'voting', drop: 'dropped' },
  voting: { close: 'decided' },
  decided: { publish: 'published' },
  published: { progress: 'implementing' },
  implementing: { progress: 'implementing', evaluate: 'evaluated' },
  evaluated: {},
  dropped: {},
};
const results: DeliberationResult[] = ['passed', 'rejected', null];

describe('deliberation machine', () => {
  for (const status of deliberationStatuses) {
    for (const move of deliberationMoves) {
      for (const result of results) {
        const to = legal[status][move];
        const carriedOut = status === 'published' && result !== 'passed';
        it(`${status} --${move}--> ${to && !carriedOut ? to : 'refused'} (result ${result})`, () => {
          const got = advance(status, move, result);
          if (to && !carriedOut) expect(got).toEqual({ ok: true, to });
          else if (to) expect(got).toEqual({ ok: false, reason: 'not_passed', allowed: [] });
          else {
            expect(got.ok).toBe(false);
            expect(got).toMatchObject({ reason: 'illegal', allowed: allowedMoves(status, result) });
          }
        });
      }
    }
  }

  it('offers exactly the legal moves', () => {
    expect(allowedMoves('reviewed', null)).toEqual(['open', 'drop']);
    expect(allowedMoves('published', 'rejected')).toEqual([]);
    expect(allowedMoves('published', 'passed')).toEqual(['progress']);
  });
});

describe('tally rule', () => {
  const rule = ruleOf();
  it('is valid at exactly half the electorate, passes on more than half of the valid votes', () => {
    expect(tally([0, 0, 1, 2], 3, 8, rule)).toMatchObject({
      counts: [2, 1, 1],
      voted: 4,
      quorumMet: true,
      result: 'rejected',
    });
    expect(tally([0, 0, 0, 1], 3, 8, rule)).toMatchObject({ quorumMet: true, result: 'passed' });
    expect(tally([0, 0, 0], 3, 8, rule)).toMatchObject({ quorumMet: false, result: null });
    expect(tally([], 3, 0, rule)).toMatchObject({ quorumMet: false, result: null });
  });
  it('takes a village rule and a matter override (two thirds turnout for representatives)', () => {
    const twoThirds = ruleOf({ turnout: 0.5 }, { turnout: 2 / 3 });
    expect(tally([0, 0, 0, 0, 0, 0], 3, 9, twoThirds).quorumMet).toBe(true);
    expect(tally([0, 0, 0, 0, 0], 3, 9, twoThirds).quorumMet).toBe(false);
    expect(tally([0, 1], 2, 2, ruleOf({ majority: 0.4 })).result).toBe('passed');
  });
});

describe('chat forms', () => {
  it("reads the secretary's 议事 family and the residents' votes", () => {
    expect(parseCommand('议事')).toEqual({ type: 'deliberation', action: { move: 'list' } });
    expect(parseCommand('议事 #1005')).toEqual({ type: 'deliberation', action: { move: 'from_request', ref: 1005 } });
    expect(parseCommand('议事 D3 商议 两委同意，预算三万元。')).toEqual({
      type: 'deliberation',
      action: { move: 'consult', id: 3, notes: '两委同意，预算三万元。' },
    });
    expect(parseCommand('议事 D3 表决 5天')).toEqual({
      type: 'deliberation',
      action: { move: 'open', id: 3, days: 5 },
    });
    expect(parseCommand('议事 D3 代投 h-0305 同意')).toEqual({
      type: 'deliberation',
      action: { move: 'in_person', id: 3, household: 'h-0305', option: '同意' },
    });
    expect(parseCommand('投票 D12 同意')).toEqual({ type: 'vote', id: 12, option: '同意' });
    expect(parseCommand('投票 Ｄ１２ ２')).toEqual({ type: 'vote', id: 12, option: '2' });
    expect(parseCommand('评议 D12 满意')).toEqual({ type: 'evaluate_deliberation', id: 12, rating: 'satisfied' });
    expect(parseCommand('评议 D12 constructor')).not.toMatchObject({ type: 'evaluate_deliberation' });
    expect(parseCommand('已读 G5')).toEqual({ type: 'notice_read', id: 5 });
    expect(parseCommand('公告')).toEqual({ type: 'notices', id: null });
    expect(parseCommand('/deliberation D3 open 5')).toEqual({
      type: 'deliberation',
      action: { move: 'open', id: 3, days: 5 },
    });
    expect(parseCommand('/deliberation #1005')).toEqual({
      type: 'deliberation',
      action: { move: 'from_request', ref: 1005 },
    });
    expect(parseCommand('/vote D3 2')).toEqual({ type: 'vote', id: 3, option: '2' });
    expect(parseCommand('/evaluate D3 1')).toEqual({ type: 'evaluate_deliberation', id: 3, rating: 'satisfied' });
    expect(parseCommand('/read G4')).toEqual({ type: 'notice_read', id: 4 });
  });
  it("never takes a bare number for a vote, and leaves a resident's own proposal text alone", () => {
    expect(parseCommand('1')).toEqual({ type: 'rate', ref: null, rating: 'satisfied' });
    expect(parseCommand('议事 建议村里修个广场')).toMatchObject({ type: 'text' });
  });
  it('reads the buttons and gives WeChat their text forms', () => {
    expect(parseCallback('vt:3:2')).toEqual({ type: 'vote', id: 3, option: '2' });
    expect(parseCallback('ev:3:1')).toEqual({ type: 'evaluate_deliberation', id: 3, rating: 'satisfied' });
    expect(parseCallback('nr:9')).toEqual({ type: 'notice_read', id: 9 });
    expect(parseCallback('vt:0:1')).toBeNull();
    expect(parseCallback('vt:x')).toBeNull();
    const arg = { note: '内容', resolve: '结果', member: '编号' };
    expect(textFormOfButton({ label: '同意', data: 'vt:3:1' }, true, arg)).toBe('投票 D3 同意');
    expect(textFormOfButton({ label: '已读', data: 'nr:9' }, true, arg)).toBe('已读 G9');
  });
});
