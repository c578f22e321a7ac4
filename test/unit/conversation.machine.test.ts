import { describe, expect, it } from 'vitest';
import {
  decide, type Decision, type Input, isClearlyNew, isFragment, isThanks, kindOfChoice, looksLikeAnswer, type Pending, type PendingState, ttlMs,
} from '../../src/domain/conversation.machine.js';

const states: Record<PendingState, Pending> = {
  idle: { state: 'idle' },
  fact: { state: 'fact', fact: 'location' },
  awaiting_text: { state: 'awaiting_text', action: 'note', ref: 12 },
  followup: { state: 'followup', ref: 12 },
  rating_reason: { state: 'rating_reason', ref: 12 },
  kind_choice: { state: 'kind_choice' },
  same_matter: { state: 'same_matter', ref: 12 },
  same_or_new: { state: 'same_or_new' },
  case_or_new: { state: 'case_or_new', ref: 12 },
};
const inputs: Input[] = ['command', 'topic', 'answer', 'new_matter', 'unsure', 'fragment', 'choice', 'expiry'];

const run = (end: boolean): Decision => ({ do: 'run_command', end });
const answer: Decision = { do: 'answer' };
const fresh: Decision = { do: 'new_matter' };
const topic: Decision = { do: 'topic' };
const expire: Decision = { do: 'expire' };
const offer: Decision = { do: 'offer_followup' };
const sameOrNew: Decision = { do: 'ask_same_or_new' };

/** Every state × every input: the whole table, written out. */
const table: Record<PendingState, Record<Input, Decision>> = {
  idle: { command: run(false), topic, answer: fresh, new_matter: fresh, unsure: fresh, fragment: offer, choice: fresh, expiry: fresh },
  fact: { command: run(false), topic, answer, new_matter: fresh, unsure: sameOrNew, fragment: answer, choice: fresh, expiry: expire },
  awaiting_text: { command: run(true), topic, answer, new_matter: answer, unsure: answer, fragment: answer, choice: answer, expiry: expire },
  followup: { command: run(true), topic, answer: fresh, new_matter: fresh, unsure: fresh, fragment: fresh, choice: answer, expiry: expire },
  rating_reason: { command: run(true), topic, answer, new_matter: fresh, unsure: answer, fragment: answer, choice: answer, expiry: expire },
  kind_choice: { command: run(true), topic, answer: fresh, new_matter: fresh, unsure: fresh, fragment: fresh, choice: answer, expiry: expire },
  same_matter: { command: run(true), topic, answer: fresh, new_matter: fresh, unsure: fresh, fragment: fresh, choice: answer, expiry: expire },
  same_or_new: { command: run(true), topic, answer: fresh, new_matter: fresh, unsure: fresh, fragment: fresh, choice: answer, expiry: expire },
  case_or_new: { command: run(true), topic, answer: fresh, new_matter: fresh, unsure: fresh, fragment: fresh, choice: answer, expiry: expire },
};

describe('conversation machine', () => {
  for (const [name, p] of Object.entries(states) as [PendingState, Pending][]) {
    for (const input of inputs) {
      it(`${name} × ${input} → ${table[name][input].do}`, () => {
        expect(decide(p, input)).toEqual(table[name][input]);
      });
    }
  }

  it('a command always escapes; a topic is always a topic; expiry always ends a wait', () => {
    for (const p of Object.values(states)) {
      expect(decide(p, 'command').do).toBe('run_command');
      expect(decide(p, 'topic').do).toBe('topic');
      if (p.state !== 'idle') expect(decide(p, 'expiry').do).toBe('expire');
    }
  });

  it('waits 30 minutes, the leader an hour', () => {
    for (const p of Object.values(states)) expect(ttlMs(p)).toBe(p.state === 'awaiting_text' ? 3_600_000 : 1_800_000);
  });
});

describe('what an input looks like', () => {
  it.each([
    ['location', '村口大槐树底下', true], ['location', '三组那边', true], ['location', '好的好的好的', false],
    ['when', '明天上午', true], ['when', '周六', true], ['when', '不知道啊', false],
    ['parties', '邻居老王', true], ['parties', '王大山', true],
  ] as const)('%s: "%s" answers: %s', (fact, text, yes) => {
    expect(looksLikeAnswer(fact, text)).toBe(yes);
  });

  it('tells a fragment from a matter of its own', () => {
    expect(isFragment('村委会西边那盏', { kind: 'repair', confidence: 0.21 })).toBe(true);
    expect(isFragment('就是那个', { kind: 'other', confidence: 0.9 })).toBe(true);
    expect(isFragment('俺家壁挂炉坏了', { kind: 'repair', confidence: 0.98 })).toBe(false);
    expect(isFragment('邻居把墙砌到俺家地里了，说了也不听，怎么办', { kind: 'dispute', confidence: 0.9 })).toBe(false);
    // An event, however unsure the model is of its kind, is a matter of its own.
    expect(isFragment('俺家院墙外的电线杆歪了', { kind: 'repair', confidence: 0.58 })).toBe(false);
    expect(isFragment('老张家', { kind: 'other', confidence: 0.3 })).toBe(true);
  });

  it('a clearly new matter: another kind with good confidence, an urgent hazard, or long', () => {
    expect(isClearlyNew('邻居把墙砌到俺家地里了', { kind: 'dispute', confidence: 0.9 }, 'repair')).toBe(true);
    expect(isClearlyNew('着火了', { kind: 'hazard', confidence: 0.9, urgency: 'urgent' }, 'repair')).toBe(true);
    expect(isClearlyNew('村口', { kind: 'other', confidence: 0.5 }, 'repair')).toBe(false);
    expect(isClearlyNew('大槐树下面', { kind: 'proposal', confidence: 0.3 }, 'repair')).toBe(false);
    expect(isClearlyNew('x'.repeat(31), { kind: 'repair', confidence: 0.9 }, 'repair')).toBe(true);
    expect(isClearlyNew('x'.repeat(31), { kind: 'repair', confidence: 0.9 }, 'repair', false)).toBe(false);
  });

  it('thanks and kind choices', () => {
    for (const s of ['谢谢你们', '辛苦了', 'thanks', '多谢！']) expect(isThanks(s)).toBe(true);
    expect(isThanks('路灯坏了')).toBe(false);
    expect(kindOfChoice('4')).toBe('hazard');
    expect(kindOfChoice('７')).toBe('inquiry');
    expect(kindOfChoice('8')).toBeNull();
  });
});
