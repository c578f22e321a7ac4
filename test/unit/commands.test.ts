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
  });

  it('formats and parses references', () => {
    expect(formatRef(1024)).toBe('#1024');
    expect(parseRef('#1024')).toBe(1024);
    expect(parseRef('＃1024')).toBe(1024);
    expect(parseRef('1024')).toBe(1024);
    expect(parseRef('#abc')).toBeNull();
  });
});
