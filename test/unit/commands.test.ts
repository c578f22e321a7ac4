import { describe, expect, it } from 'vitest';
import { callbackData, parseCallback, parseCommand } from '../../src/domain/commands.js';
import { formatRef, parseRef } from '../../src/domain/reference.js';

describe('chat commands', () => {
  it.each([
    ['/start 483920', { type: 'bind', code: '483920' }],
    ['/start@linli_bot 483920', { type: 'bind', code: '483920' }],
    ['绑定 483920', { type: 'bind', code: '483920' }],
    ['绑定', { type: 'bind', code: null }],
    ['接单 #12', { type: 'accept', ref: 12 }],
    ['接单＃１２', { type: 'accept', ref: 12 }],
    ['/accept 12', { type: 'accept', ref: 12 }],
    ['备注 #12 下午去看', { type: 'note', ref: 12, text: '下午去看' }],
    ['备注 #12', { type: 'prompt_note', ref: 12 }],
    ['转派 #12 m-02', { type: 'transfer', ref: 12, memberCode: 'm-02' }],
    ['转派 #12', { type: 'transfer', ref: 12, memberCode: null }],
    ['上报 #12', { type: 'escalate', ref: 12 }],
    ['办结 #12 换了新灯泡', { type: 'resolve', ref: 12, text: '换了新灯泡' }],
    ['办结 #12', { type: 'resolve', ref: 12, text: '' }],
    ['#12', { type: 'view', ref: 12 }],
    ['查 #12', { type: 'view', ref: 12 }],
    ['我的诉求', { type: 'mine' }],
    ['/mine', { type: 'mine' }],
    ['1', { type: 'rate', ref: null, rating: 'satisfied' }],
    ['基本满意', { type: 'rate', ref: null, rating: 'basic' }],
    ['不满意。', { type: 'rate', ref: null, rating: 'unsatisfied' }],
    ['评价 #12 3', { type: 'rate', ref: 12, rating: 'unsatisfied' }],
    ['帮助', { type: 'help' }],
    ['是我', { type: 'its_me', requestId: null }],
    ["it's me", { type: 'its_me', requestId: null }],
    ['不是我', { type: 'not_me', requestId: null, identityId: null }],
    ['不是我！', { type: 'not_me', requestId: null, identityId: null }],
    ['确认绑定 12', { type: 'decide_binding', decision: 'confirm', requestId: 12, memberCode: null }],
    ['确认绑定 l-03', { type: 'decide_binding', decision: 'confirm', requestId: null, memberCode: 'l-03' }],
    ['拒绝绑定 #7', { type: 'decide_binding', decision: 'refuse', requestId: 7, memberCode: null }],
    ['/refusebind 7', { type: 'decide_binding', decision: 'refuse', requestId: 7, memberCode: null }],
    ['我家的账号', { type: 'accounts' }],
    ['/accounts', { type: 'accounts' }],
    ['解绑', { type: 'unbind', index: null }],
    ['解绑 2', { type: 'unbind', index: 2 }],
    ['解绑第2个', { type: 'unbind', index: 2 }],
    ['/unbind', { type: 'unbind', index: null }],
    ['俺家电表箱老跳闸', { type: 'text', text: '俺家电表箱老跳闸' }],
    ['办结了吗我家的事', { type: 'text', text: '办结了吗我家的事' }],
  ])('%s', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it('drops control characters and NULs from text', () => {
    expect(parseCommand('路灯\u0000坏了\u0007')).toEqual({ type: 'text', text: '路灯坏了' });
  });

  it('round-trips button data, and ignores forged data', () => {
    expect(parseCallback(callbackData.accept(12))).toEqual({ type: 'accept', ref: 12 });
    expect(parseCallback(callbackData.rate(12, 2))).toEqual({ type: 'rate', ref: 12, rating: 'basic' });
    expect(parseCallback(callbackData.transfer(12, 'd-03'))).toEqual({ type: 'transfer', ref: 12, memberCode: 'd-03' });
    expect(parseCallback('acc:-1')).toBeNull();
    expect(parseCallback('drop:12')).toBeNull();
    expect(parseCallback('rate:12:9')).toBeNull();
    expect(parseCallback(callbackData.itsMe(3))).toEqual({ type: 'its_me', requestId: 3 });
    expect(parseCallback(callbackData.notMeMember(3))).toEqual({ type: 'not_me', requestId: 3, identityId: null });
    expect(parseCallback(callbackData.notMeHousehold(41))).toEqual({ type: 'not_me', requestId: null, identityId: 41 });
    expect(parseCallback(callbackData.confirmBinding(5))).toEqual({
      type: 'decide_binding',
      decision: 'confirm',
      requestId: 5,
      memberCode: null,
    });
    expect(parseCallback(callbackData.refuseBinding(5))).toEqual({
      type: 'decide_binding',
      decision: 'refuse',
      requestId: 5,
      memberCode: null,
    });
    expect(parseCallback('nm:0')).toBeNull();
    expect(parseCallback('me:x:3')).toBeNull();
    expect(parseCallback('bc:abc')).toBeNull();
  });

  it('formats and parses references', () => {
    expect(formatRef(1024)).toBe('#1024');
    expect(parseRef('#1024')).toBe(1024);
    expect(parseRef('＃1024')).toBe(1024);
    expect(parseRef('1024')).toBe(1024);
    expect(parseRef('#abc')).toBeNull();
  });
});

import { answersQuestion, missingFact } from '../../src/domain/clarify.js';
import { sameMatterScore, similarity } from '../../src/domain/similarity.js';

describe('clarifying rules', () => {
  const none = { location: null, parties: null, when: null };
  it("asks where for public things and hazards, not for the resident's own home", () => {
    expect(missingFact('repair', none, '路灯坏了')).toBe('location');
    expect(missingFact('repair', none, '俺家水管漏了')).toBeNull();
    expect(missingFact('repair', { ...none, location: '村口' }, '村口路灯坏了')).toBeNull();
    expect(missingFact('hazard', none, '有煤气味')).toBe('location');
    expect(missingFact('dispute', none, '吵架了')).toBe('parties');
    expect(missingFact('help', none, '帮忙收玉米')).toBe('when');
    expect(missingFact('inquiry', none, '医保怎么交')).toBeNull();
  });

  it('tells an answer from a new report', () => {
    expect(answersQuestion('村口', { kind: 'other', urgency: 'normal' }, 'repair')).toBe(true);
    expect(answersQuestion('三组那边着火了', { kind: 'hazard', urgency: 'urgent' }, 'repair')).toBe(false);
    expect(
      answersQuestion(
        '另外俺家的壁挂炉也坏了，一直不出热水，老人孩子都冻着',
        { kind: 'repair', urgency: 'normal' },
        'dispute',
      ),
    ).toBe(false);
  });

  it('scores reports about the same matter above unrelated ones', () => {
    expect(similarity('自来水管子漏水了', '自来水管子又漏了，水流了一地')).toBeGreaterThan(0.5);
    expect(similarity('村口的路灯坏了', '俺家水管冻裂了')).toBe(0);
    const lamp = { ref: 1, kind: 'repair', text: '村口的路灯坏了', location: '村口' };
    expect(sameMatterScore('repair', '村口路灯不亮了，晚上黑乎乎的', '村口', lamp)).toBeGreaterThanOrEqual(0.5);
    expect(sameMatterScore('hazard', '村口路灯不亮了', '村口', lamp)).toBe(0);
  });
});
