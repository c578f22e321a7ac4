import { describe, expect, it } from 'vitest';
import type { MissingFact } from '../../src/domain/clarify.js';
import { decide, type Input, type Pending } from '../../src/domain/conversation.machine.js';
import {
  afterAnswer,
  type Answered,
  type ChoiceAnswer,
  type ChoiceQuestion,
  type IntakeFacts,
  intakeStep,
  nothingAnswered,
  urgentKind,
} from '../../src/domain/intake.machine.js';
import { prng } from '../bench/stats.js';

/**
 * One resident message through the questions the bot may ask about it, as the chat layer and the intake
 * use case run it: `decide` (conversation.machine) says what an input means while a question waits,
 * `intakeStep` what to do with the message, `afterAnswer` what a choice answer leads to.
 */
type Question = 'followup' | 'kind_choice' | 'same_matter' | 'fact' | 'same_or_new';
type Outcome = 'request' | 'acknowledged' | 'withdrawn' | 'expired';
/** What a person can send while a question waits: its answers, and everything else. */
type Move = 'kind' | 'yes' | 'no' | 'answer' | 'unsure' | 'new_matter' | 'command' | 'cancel' | 'expiry';
const answerMoves: readonly Move[] = ['kind', 'yes', 'no', 'answer'];
const allMoves: readonly Move[] = [...answerMoves, 'unsure', 'new_matter', 'command', 'cancel', 'expiry'];

interface State {
  facts: IntakeFacts;
  answered: Answered;
  q: Question | null;
  outcome: Outcome | null;
  fact: MissingFact | null;
}
interface Machine {
  intakeStep: typeof intakeStep;
  afterAnswer: typeof afterAnswer;
}
const real: Machine = { intakeStep, afterAnswer };

/** The message enters intake (again): a question, or an end. Every entry says something to the person. */
function enter(m: Machine, facts: IntakeFacts, answered: Answered): State {
  const step = m.intakeStep(facts, answered);
  const s: State = { facts, answered, q: null, outcome: null, fact: null };
  switch (step.do) {
    case 'add_to_own':
    case 'join':
    case 'file':
      return { ...s, outcome: 'request' };
    case 'acknowledge':
      return { ...s, outcome: 'acknowledged' };
    case 'ask_followup':
      return { ...s, q: 'followup' };
    case 'ask_kind':
      return { ...s, q: 'kind_choice' };
    case 'ask_same_matter':
      return { ...s, q: 'same_matter' };
    case 'ask_fact':
      return { ...s, q: 'fact', fact: step.fact };
  }
}

function pendingOf(s: State): Pending {
  switch (s.q!) {
    case 'fact':
      return { state: 'fact', fact: s.fact! };
    case 'followup':
      return { state: 'followup', ref: 12 };
    case 'same_matter':
      return { state: 'same_matter', ref: 12 };
    case 'kind_choice':
      return { state: 'kind_choice' };
    case 'same_or_new':
      return { state: 'same_or_new' };
  }
}

/** The input class the chat layer gives a move in a state; null when the move cannot happen there. */
function inputOf(q: Question, move: Move): Input | null {
  const choices: Record<Question, readonly Move[]> = {
    kind_choice: ['kind'],
    followup: ['yes', 'no'],
    same_matter: ['yes', 'no'],
    same_or_new: ['yes', 'no'],
    fact: [],
  };
  if (answerMoves.includes(move)) {
    if (q === 'fact') return move === 'answer' ? 'answer' : null;
    return choices[q].includes(move) ? 'choice' : null;
  }
  if (move === 'unsure') return q === 'fact' ? 'unsure' : null;
  if (move === 'command' || move === 'cancel') return 'command';
  return move === 'expiry' ? 'expiry' : 'new_matter';
}

/** One move while a question waits: the next state, and how many replies the person gets (never none). */
function move(m: Machine, s: State, mv: Move): { next: State; replies: number } | null {
  const q = s.q!;
  const input = inputOf(q, mv);
  if (!input) return null;
  const d = decide(pendingOf(s), input);
  const ended = (outcome: Outcome, replies = 1) => ({ next: { ...s, q: null, outcome }, replies });
  switch (d.do) {
    case 'expire':
      return ended('expired');
    // 取消 drops the question ("好的，这件事不报了"); another command runs (its own reply) and ends a choice.
    case 'run_command':
      return mv === 'cancel' || d.end ? ended('withdrawn') : { next: s, replies: 1 };
    // A new matter is handled on its own (its own reply); a fact question stays open, a choice ends.
    case 'new_matter':
      return q === 'fact' ? { next: s, replies: 1 } : ended('withdrawn');
    case 'ask_same_or_new':
      return { next: { ...s, q: 'same_or_new' }, replies: 1 };
    case 'topic':
    case 'offer_followup':
      throw new Error(`unexpected ${d.do}`);
    case 'answer':
      break;
  }
  if (q === 'fact') return ended('request');
  // "补充" files the text with the fact; "新的事" with no matter asks the fact again.
  if (q === 'same_or_new') return mv === 'yes' ? ended('request') : { next: { ...s, q: 'fact' }, replies: 1 };
  const a = m.afterAnswer(q as ChoiceQuestion, mv as ChoiceAnswer, s.answered);
  if (a.do === 'add_to_own' || a.do === 'join') return ended('request');
  if (a.do === 'new_text') return ended('withdrawn');
  // A kind chosen: "好的，按…办" and what comes next.
  return { next: enter(m, s.facts, a.answered), replies: mv === 'kind' ? 2 : 1 };
}

/** Every combination of what can be known about a message. */
function allFacts(): IntakeFacts[] {
  const out: IntakeFacts[] = [];
  const bool = [false, true];
  for (const topic of bool)
    for (const noMatter of bool)
      for (const unsure of bool)
        for (const urgent of bool)
          for (const fragment of bool)
            for (const own of ['same', 'maybe', 'other', null] as const)
              for (const other of ['same', 'maybe', null] as const)
                for (const missing of ['location', 'parties', 'when', null] as const)
                  out.push({ topic, noMatter, unsure, urgent, fragment, own, other, missing });
  return out;
}
const facts = allFacts();
const key = (s: State) => `${s.q}|${s.fact}|${s.answered.followUp}${s.answered.sameMatter}${s.answered.kind}`;

/**
 * Breadth-first over (state, step) up to `maxDepth` answers: every path of answers to the bot's own
 * questions ends in a request, a withdrawal or an expiry, and never comes back to a question already
 * asked about the message. Returns the longest path and any loop found.
 */
function walk(m: Machine, moves: readonly Move[], maxDepth: number) {
  let longest = 0;
  const loops: string[] = [];
  const silent: string[] = [];
  const open: string[] = [];
  const outcomes = new Set<Outcome>();
  for (const f of facts) {
    const start = enter(m, f, nothingAnswered);
    const queue: { s: State; depth: number; seen: string[] }[] = [
      { s: start, depth: 0, seen: start.q ? [key(start)] : [] },
    ];
    while (queue.length) {
      const { s, depth, seen } = queue.shift()!;
      if (s.outcome) {
        outcomes.add(s.outcome);
        longest = Math.max(longest, depth);
        continue;
      }
      if (depth >= maxDepth) {
        open.push(`${JSON.stringify(f)} ${seen.join(' → ')}`);
        continue;
      }
      for (const mv of moves) {
        const r = move(m, s, mv);
        if (!r) continue;
        if (r.replies < 1) silent.push(`${key(s)} ${mv}`);
        // Staying where it was (a command, a new matter beside an open fact question) is not an answer.
        if (r.next === s) continue;
        const k = r.next.q ? key(r.next) : null;
        // A loop is the bot coming back to a question through answers alone. After the person's own new
        // text (a fact question's "还是新的事？") the count starts again: that fact question keeps its expiry.
        const trail = answerMoves.includes(mv) ? seen : [];
        if (k && trail.includes(k)) loops.push(`${JSON.stringify(f)} ${[...trail, k].join(' → ')}`);
        else queue.push({ s: r.next, depth: depth + 1, seen: k ? [...trail, k] : trail });
      }
    }
  }
  return { longest, loops, silent, open, outcomes };
}

describe('intake: safety first', () => {
  it('never holds an urgent message behind a question of any kind; files it, asking a fact only afterwards', () => {
    for (const f of facts.filter((x) => x.urgent && !x.topic && !x.noMatter)) {
      for (const a of [nothingAnswered, { followUp: true, sameMatter: false, kind: true }]) {
        const step = intakeStep(f, a);
        expect(['file', 'add_to_own'], JSON.stringify(f)).toContain(step.do);
        if (step.do === 'file') expect(step.ask).toBe(f.missing === 'when' ? null : f.missing);
      }
    }
  });

  it('files an urgent report the model cannot place as a hazard, and keeps a kind it is sure of', () => {
    expect(urgentKind('dispute', true)).toBe('hazard');
    expect(urgentKind('help', false)).toBe('help');
    expect(urgentKind('other', false)).toBe('hazard');
  });

  it('answers a message without a matter with a word, and never files it', () => {
    for (const f of facts.filter(
      (x) => x.noMatter && !x.topic && x.own !== 'same' && !(x.fragment && x.own !== null),
    )) {
      expect(intakeStep(f, nothingAnswered), JSON.stringify(f)).toEqual({ do: 'acknowledge' });
    }
  });

  it('never asks a question the person already answered', () => {
    const all: Answered[] = [];
    for (const followUp of [false, true])
      for (const sameMatter of [false, true])
        for (const kind of [false, true]) all.push({ followUp, sameMatter, kind });
    for (const f of facts) {
      for (const a of all) {
        const step = intakeStep(f, a).do;
        if (a.kind) expect(step).not.toBe('ask_kind');
        if (a.sameMatter) expect(step).not.toBe('ask_same_matter');
        if (a.followUp) expect(step).not.toBe('ask_followup');
      }
    }
  });
});

describe('intake: no question loops (walk of every state with every input class)', () => {
  it('answers alone end every path in a request, a withdrawal or an expiry within four answers', () => {
    const r = walk(real, answerMoves, 8);
    expect(r.loops).toEqual([]);
    expect(r.open).toEqual([]);
    expect(r.silent).toEqual([]);
    expect(r.longest).toBeLessThanOrEqual(4);
    expect([...r.outcomes].sort()).toEqual(['acknowledged', 'request']);
  });

  it('with every input class, no answer brings a question back and every input gets a reply', () => {
    const r = walk(real, allMoves, 5);
    expect(r.loops).toEqual([]);
    expect(r.silent).toEqual([]);
    expect([...r.outcomes].sort()).toEqual(['acknowledged', 'expired', 'request', 'withdrawn']);
  });

  it('finds the old loop: forgetting the chosen kind after "不是" asks the kind again', () => {
    // The code of issue 21: each answer re-entered intake with its own flags only, so "不是" forgot the
    // kind just chosen, and the kind chosen again forgot the "不是".
    const forgetful: Machine = {
      intakeStep,
      afterAnswer: (q, a) => afterAnswer(q, a, nothingAnswered),
    };
    const r = walk(forgetful, answerMoves, 8);
    expect(r.loops.length).toBeGreaterThan(0);
    expect(r.loops[0]).toMatch(/kind_choice.*same_matter.*kind_choice/);
  });
});

describe('intake: random conversations (property)', () => {
  it('never leaves a person without a reply, and every message ends once the person answers what is asked', () => {
    const rand = prng(21);
    for (let run = 0; run < 5000; run++) {
      const f = facts[Math.floor(rand() * facts.length)]!;
      let s = enter(real, f, nothingAnswered);
      const asked: string[] = s.q ? [key(s)] : [];
      let answers = 0;
      for (let i = 0; i < 30 && !s.outcome; i++) {
        const possible = allMoves.filter((mv) => move(real, s, mv));
        expect(possible.length, key(s)).toBeGreaterThan(0);
        const mv = possible[Math.floor(rand() * possible.length)]!;
        const r = move(real, s, mv)!;
        expect(r.replies, `${key(s)} ${mv}`).toBeGreaterThanOrEqual(1);
        if (answerMoves.includes(mv)) {
          answers++;
          if (r.next.q && r.next.q !== 'fact') expect(asked, `${JSON.stringify(f)} ${mv}`).not.toContain(key(r.next));
        }
        if (r.next.q) asked.push(key(r.next));
        s = r.next;
      }
      // Answers to the bot's own questions are at most four before the message is settled.
      expect(answers, JSON.stringify(f)).toBeLessThanOrEqual(s.outcome ? 4 : 30);
      // A message still open after 30 moves is a fact question the person keeps writing beside; its expiry ends it.
      if (!s.outcome) expect(s.q === 'fact' || s.q === 'same_or_new', key(s)).toBe(true);
    }
  });
});
