import { describe, expect, it } from 'vitest';
import {
  decide,
  type Decision,
  type Input,
  isClearlyNew,
  isFragment,
  isThanks,
  kindOfChoice,
  looksLikeAnswer,
  type Pending,
  type PendingState,
  ttlMs,
  yesNoOf,
} from '../../src/domain/conversation.machine.js';
import { prng } from '../bench/stats.js';

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
  say_or_now: { state: 'say_or_now' },
};
const inputs: Input[] = ['command', 'topic', 'answer', 'new_matter', 'unsure', 'fragment', 'choice', 'ack', 'expiry'];

const run = (end: boolean): Decision => ({ do: 'run_command', end });
const answer: Decision = { do: 'answer' };
const fresh: Decision = { do: 'new_matter' };
const topic: Decision = { do: 'topic' };
const expire: Decision = { do: 'expire' };
const offer: Decision = { do: 'offer_followup' };
const sameOrNew: Decision = { do: 'ask_same_or_new' };
const again: Decision = { do: 'ask_again' };
const ack: Decision = { do: 'acknowledge' };

/** Every state × every input: the whole table, written out. */
const table: Record<PendingState, Record<Input, Decision>> = {
  idle: {
    command: run(false),
    topic,
    answer: fresh,
    new_matter: fresh,
    unsure: fresh,
    fragment: offer,
    choice: fresh,
    ack: ack,
    expiry: fresh,
  },
  fact: {
    command: run(false),
    topic,
    answer,
    new_matter: fresh,
    unsure: sameOrNew,
    fragment: answer,
    choice: fresh,
    ack: again,
    expiry: expire,
  },
  awaiting_text: {
    command: run(true),
    topic,
    answer,
    new_matter: answer,
    unsure: answer,
    fragment: answer,
    choice: answer,
    ack: answer,
    expiry: expire,
  },
  followup: {
    command: run(false),
    topic,
    answer: fresh,
    new_matter: fresh,
    unsure: fresh,
    fragment: fresh,
    choice: answer,
    ack: again,
    expiry: expire,
  },
  rating_reason: {
    command: run(true),
    topic,
    answer,
    new_matter: fresh,
    unsure: answer,
    fragment: answer,
    choice: answer,
    ack: again,
    expiry: expire,
  },
  kind_choice: {
    command: run(false),
    topic,
    answer: fresh,
    new_matter: fresh,
    unsure: fresh,
    fragment: fresh,
    choice: answer,
    ack: again,
    expiry: expire,
  },
  same_matter: {
    command: run(false),
    topic,
    answer: fresh,
    new_matter: fresh,
    unsure: fresh,
    fragment: fresh,
    choice: answer,
    ack: again,
    expiry: expire,
  },
  same_or_new: {
    command: run(false),
    topic,
    answer: fresh,
    new_matter: fresh,
    unsure: fresh,
    fragment: fresh,
    choice: answer,
    ack: again,
    expiry: expire,
  },
  case_or_new: {
    command: run(false),
    topic,
    answer: fresh,
    new_matter: fresh,
    unsure: fresh,
    fragment: fresh,
    choice: answer,
    ack: again,
    expiry: expire,
  },
  say_or_now: {
    command: run(false),
    topic,
    answer: fresh,
    new_matter: fresh,
    unsure: fresh,
    fragment: fresh,
    choice: answer,
    ack: again,
    expiry: expire,
  },
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
    ['location', '村口大槐树底下', true],
    ['location', '三组那边', true],
    ['location', '好的好的好的', false],
    ['when', '明天上午', true],
    ['when', '周六', true],
    ['when', '不知道啊', false],
    ['parties', '邻居老王', true],
    ['parties', '王大山', true],
  ] as const)('%s: "%s" answers: %s', (fact, text, yes) => {
    expect(looksLikeAnswer(fact, text)).toBe(yes);
  });

  it('tells a fragment from a matter of its own', () => {
    expect(isFragment('村委会西边那盏', { kind: 'repair', confidence: 0.21 })).toBe(true);
    expect(isFragment('就是那个', { kind: 'other', confidence: 0.9 })).toBe(true);
    // A room of the house, said right after a report ("在厨房"): where it is, not a matter of its own.
    expect(isFragment('在厨房', { kind: 'other', confidence: 0.3 })).toBe(true);
    expect(isFragment('西屋炕上', { kind: 'repair', confidence: 0.4 })).toBe(true);
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
    // The kind's own word answers the kind question too; a number and a word that disagree answer nothing.
    expect(kindOfChoice('报修')).toBe('repair');
    expect(kindOfChoice('1 报修')).toBe('repair');
    expect(kindOfChoice('是纠纷')).toBe('dispute');
    expect(kindOfChoice('隐患。')).toBe('hazard');
    expect(kindOfChoice('repair')).toBe('repair');
    expect(kindOfChoice('1 纠纷')).toBeNull();
    expect(kindOfChoice('好')).toBeNull();
    expect(kindOfChoice('路灯坏了')).toBeNull();
  });

  it('是 / 对 / 好 answer a two-way question yes, 不是 / 不对 no; anything longer answers neither', () => {
    for (const w of ['是', '是的！', '对', '好', '好的', '嗯', 'yes']) expect(yesNoOf(w), w).toBe('add');
    for (const w of ['不是', '不对', '不', 'no', '另一件事']) expect(yesNoOf(w), w).toBe('new');
    for (const w of ['是我家的路灯', '好像漏水了', '收到', '']) expect(yesNoOf(w), w).toBeNull();
  });
});

describe('conversation machine: random sequences of answer classes (property)', () => {
  // Where a decision leaves the chat: a question stays open only when it is put again or answered beside;
  // everything else settles it (the use case files, withdraws or expires it).
  const stays = (d: Decision) =>
    d.do === 'ask_again' || d.do === 'new_matter' || d.do === 'topic' || (d.do === 'run_command' && !d.end);
  it('every input gets a decision that answers the person; an acknowledgement is never a request; expiry ends any question', () => {
    const rand = prng(2121);
    const questions = Object.values(states).filter((p) => p.state !== 'idle');
    for (let run = 0; run < 3000; run++) {
      let p: Pending = questions[Math.floor(rand() * questions.length)]!;
      let steps = 0;
      // The question's time runs out after at most 20 messages in this walk (its TTL is never extended by a message).
      for (; p.state !== 'idle'; steps++) {
        const input: Input = steps >= 20 ? 'expiry' : inputs[Math.floor(rand() * inputs.length)]!;
        const d = decide(p, input);
        expect(d.do, `${p.state} × ${input}`).toBeTruthy();
        if (input === 'ack') expect(d.do, p.state).not.toBe('new_matter');
        if (input === 'expiry') expect(d.do).toBe('expire');
        if (!stays(d)) p = { state: 'idle' };
      }
      expect(steps).toBeLessThanOrEqual(21);
    }
  });
});
