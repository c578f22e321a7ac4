import { describe, expect, it } from 'vitest';
import { type Expectation, expectedAnswers, matchExpectation } from '../../src/domain/expectations.js';
import { parseDeliberationCommand } from '../../src/domain/deliberation.commands.js';
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

const idle: Pending = { state: 'idle' };
const invited = e('deliberation_comment', 3, expectedAnswers.deliberationComment(), 30);
const rating = e('rating', 1012, expectedAnswers.rating(1012), 10);
const opinion = '广场最好修在村委会东边，别占了晒场';

describe('a household invited to comment on a matter (议事 D3 征求意见)', () => {
  it('its own words are its comment on the matter', () => {
    expect(matchExpectation(idle, [invited], opinion, now)).toMatchObject({
      match: 'comment',
      expectation: { kind: 'deliberation_comment', scope: 3 },
    });
  });
  it.each(['好的', '收到', '看了', '👍', '嗯嗯，知道了'])('"%s" is no comment', (text) => {
    expect(matchExpectation(idle, [invited], text, now)).toEqual({ match: 'none' });
  });
  it('what looks like another matter is asked about; an urgent one is left to be filed at once', () => {
    expect(
      matchExpectation(idle, [invited], '村口的路灯坏了', now, { case: 'other', comment: 'other' }, true),
    ).toMatchObject({ match: 'ask_comment', expectation: { scope: 3 } });
    expect(
      matchExpectation(idle, [invited], '俺家院里的电线老是打火花', now, { case: 'urgent', comment: 'urgent' }),
    ).toEqual({ match: 'none' });
  });
  it('a word another expectation takes answers that one, not the matter', () => {
    expect(matchExpectation(idle, [invited, rating], '满意', now)).toMatchObject({
      match: 'answer',
      answer: { data: 'rate:1012:1' },
    });
  });
  it('is over once expired (the vote opening closes it in the database), or while a question is pending', () => {
    const over = e('deliberation_comment', 3, [], 30, at(1));
    expect(matchExpectation(idle, [over], opinion, now)).toEqual({ match: 'none' });
    expect(matchExpectation({ state: 'kind_choice' }, [invited], opinion, now)).toEqual({ match: 'none' });
  });
  it('the newer of an open case and an invited matter takes free text; an urgent text goes to neither: it is filed at once', () => {
    const olderParty = e('case_party', 1005, expectedAnswers.caseParty(), 60);
    const newerParty = e('case_party', 1005, expectedAnswers.caseParty(), 5);
    expect(matchExpectation(idle, [olderParty, invited], opinion, now)).toMatchObject({ match: 'comment' });
    expect(matchExpectation(idle, [newerParty, invited], opinion, now)).toMatchObject({
      match: 'statement',
      expectation: { scope: 1005 },
    });
    expect(matchExpectation(idle, [olderParty, invited], '着火了', now, { case: 'urgent', comment: 'urgent' })).toEqual(
      { match: 'none' },
    );
  });
});

describe("the secretary's command", () => {
  it.each([
    [
      '议事 D3 征求意见 预算两万，请大家说说放哪儿',
      { move: 'invite_comments', id: 3, notes: '预算两万，请大家说说放哪儿' },
    ],
    ['议事 D3 征求意见', { move: 'invite_comments', id: 3, notes: '' }],
    ['/deliberation D3 comments', { move: 'invite_comments', id: 3, notes: '' }],
  ])('%s', (text, action) => {
    expect(parseDeliberationCommand(text.normalize('NFKC'), text)).toEqual({ type: 'deliberation', action });
  });
});
