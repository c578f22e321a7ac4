import { describe, expect, it } from 'vitest';
import {
  type Expectation,
  expectedAnswers,
  isAcknowledgement,
  matchExpectation,
  normalizeReply,
} from '../../src/domain/expectations.js';
import type { Pending } from '../../src/domain/conversation.machine.js';

const now = new Date('2026-12-07T03:00:00Z');
const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
const later = new Date(now.getTime() + 86_400_000);
let id = 0;
const e = (
  kind: Expectation['kind'],
  scope: number,
  answers: Expectation['answers'],
  minutesAgo: number,
  expiresAt = later,
): Expectation => ({ id: ++id, kind, scope, answers, createdAt: at(minutesAgo), expiresAt });

const notice = e('notice_read', 5, expectedAnswers.noticeRead(5), 30);
const ballot = e('ballot', 2, expectedAnswers.ballot(2, ['同意', '反对', '弃权']), 20);
const rating = e('rating', 1012, expectedAnswers.rating(1012), 10);
const agreement = e('agreement', 1005, expectedAnswers.agreement(1005), 5);
const party = e('case_party', 1005, expectedAnswers.caseParty(), 60);
const idle: Pending = { state: 'idle' };

describe('acknowledgements', () => {
  it.each([
    '看了',
    '收到',
    '好的',
    '晓得了',
    '知道了',
    '嗯嗯',
    '👍',
    '行',
    'ok',
    'OK!',
    '好滴',
    '明白',
    '收到，谢谢！',
    '好的好的👍',
    '看了。',
    '嗯嗯，知道了',
    'Got it.',
    '已阅',
    '🙏🙏',
    '好嘞~',
  ])('"%s" is an acknowledgement', (text) => expect(isAcknowledgement(text)).toBe(true));
  it.each([
    '路灯坏了',
    '看了一下，水管还是漏',
    '好的，明天上午来修吧',
    '俺家墙是按老地基垒的，没占他家地',
    '1',
    '同意',
    '反对',
    '',
    '了',
    '？',
    '收到了吗路灯什么时候修',
  ])('"%s" is not', (text) => expect(isAcknowledgement(text)).toBe(false));
  it('normalizes width, case, punctuation and emoji', () => expect(normalizeReply(' ＯＫ！👍 ')).toBe('ok'));
});

describe('which expectation a reply answers', () => {
  const open = [notice, ballot, rating, agreement, party];
  it.each([
    // text, expected match, expected button data
    ['看了', 'answer', 'nr:5'],
    ['晓得了！', 'answer', 'nr:5'],
    ['👍', 'answer', 'nr:5'],
    ['反对', 'answer', 'vt:2:2'],
    ['弃权。', 'answer', 'vt:2:3'],
    ['同意', 'answer', 'mdy:1005'], // the agreement is more recent than the ballot
    ['不同意', 'answer', 'mdn:1005'],
    ['满意', 'answer', 'rate:1012:1'],
    ['I agree', 'answer', 'mdy:1005'],
  ] as const)('"%s" → %s %s', (text, match, data) => {
    const m = matchExpectation(idle, open, text, now);
    expect(m.match).toBe(match);
    if (m.match === 'answer') expect(m.answer.data).toBe(data);
  });

  it('a bare number several could take is asked about, naming each (newest first)', () => {
    const m = matchExpectation(idle, open, '1', now);
    expect(m).toMatchObject({ match: 'ambiguous' });
    if (m.match === 'ambiguous') expect(m.options.map((o) => o.answer.data)).toEqual(['rate:1012:1', 'vt:2:1']);
  });

  it("a bare number only one takes answers it, but never casts a vote by itself: the ballot's option is offered as a button", () => {
    expect(matchExpectation(idle, [notice, rating], '2', now)).toMatchObject({
      match: 'answer',
      answer: { data: 'rate:1012:2' },
    });
    const m = matchExpectation(idle, [notice, ballot], '2', now);
    expect(m.match).toBe('ambiguous');
    if (m.match === 'ambiguous') expect(m.options.map((o) => o.answer.data)).toEqual(['vt:2:2']);
  });

  it("a case party's other words are a statement, unless clearly another matter (then asked)", () => {
    expect(matchExpectation(idle, open, '俺家墙是按老地基垒的，没占他家地', now)).toMatchObject({
      match: 'statement',
      expectation: { scope: 1005 },
    });
    expect(matchExpectation(idle, open, '村口路灯坏了', now, { case: 'other', comment: 'other' })).toMatchObject({
      match: 'ask_case',
      expectation: { scope: 1005 },
    });
    // An acknowledgement is never a statement.
    expect(matchExpectation(idle, [party], '好的', now)).toEqual({ match: 'none' });
    // Urgent words are never kept in the case's record nor asked about: they answer nothing here and are filed.
    expect(matchExpectation(idle, [party], '他拿着刀堵在俺家门口', now, { case: 'urgent', comment: 'urgent' })).toEqual(
      { match: 'none' },
    );
  });

  it('answers nothing when nothing is open, it expired, or a question is pending', () => {
    expect(matchExpectation(idle, [], '看了', now)).toEqual({ match: 'none' });
    expect(
      matchExpectation(idle, [e('notice_read', 6, expectedAnswers.noticeRead(6), 90, at(1))], '看了', now),
    ).toEqual({ match: 'none' });
    for (const p of [
      { state: 'fact', fact: 'location' },
      { state: 'kind_choice' },
      { state: 'followup', ref: 1 },
    ] as Pending[]) {
      expect(matchExpectation(p, open, '看了', now)).toEqual({ match: 'none' });
    }
    expect(matchExpectation(idle, [notice, ballot], '路灯坏了', now)).toEqual({ match: 'none' });
  });

  it('the most recent of two that take the same word wins', () => {
    const older = e('notice_read', 7, expectedAnswers.noticeRead(7), 120);
    const newer = e('notice_read', 8, expectedAnswers.noticeRead(8), 1);
    expect(matchExpectation(idle, [older, newer], '收到', now)).toMatchObject({
      match: 'answer',
      answer: { data: 'nr:8' },
    });
  });
});

describe("a care check-in and a rating round's messages", () => {
  const checkin = e('care_checkin', 77, expectedAnswers.careCheckin(77), 15);
  it.each(['都挺好的', '好', '3', '屋顶漏雨了'])('the check-in takes "%s" as its answer', (text) => {
    const m = matchExpectation(idle, [checkin], text, now);
    expect(m.match === 'answer' && m.answer.data).toBe('ck:77');
  });
  it('never an urgent one: that is filed at once', () => {
    expect(matchExpectation(idle, [checkin], '着火了快来人', now, { case: 'urgent', comment: 'urgent' }).match).toBe(
      'none',
    );
  });
  it("a bare number is one member's rating, or asked about when two members were rated in the round", () => {
    const leader = e('member_rating', 12, expectedAnswers.memberRating(3, 12, '吴永红'), 9);
    const deputy = e('member_rating', 13, expectedAnswers.memberRating(3, 13, '李海生'), 9);
    const one = matchExpectation(idle, [leader], '2', now);
    expect(one.match === 'answer' && one.answer.data).toBe('mr:3:12:2');
    const two = matchExpectation(idle, [leader, deputy], '1', now);
    expect(two.match === 'ambiguous' && two.options.map((o) => o.answer.label).sort()).toEqual([
      '吴永红 满意',
      '李海生 满意',
    ]);
  });
});

describe('after the say-things reminder', () => {
  const say = e('say_things', 9, expectedAnswers.sayThings(), 30);
  it('a matter is asked about (for the day, or now?); one that says it came back is not: it is about a report already made', () => {
    expect(matchExpectation(idle, [say], '村口的路灯不亮了', now, undefined, true).match).toBe('ask_say_things');
    expect(matchExpectation(idle, [say], '修完又漏了', now, undefined, true).match).toBe('none');
    expect(matchExpectation(idle, [say], '路灯还是不亮', now, undefined, true).match).toBe('none');
  });
});
