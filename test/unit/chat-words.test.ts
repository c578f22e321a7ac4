import { describe, expect, it } from 'vitest';
import { chatWords, isAcknowledgement, isGreeting, isSmallTalk } from '../../src/domain/chat-words.js';
import { isAcknowledgement as ackOfExpectations } from '../../src/domain/expectations.js';
import { isSmallTalk as smallTalkOfClassifier } from '../../src/classify/smalltalk.js';

describe('one table of words without a matter', () => {
  it('the chat and the classifier ask the same table', () => {
    expect(ackOfExpectations).toBe(isAcknowledgement);
    expect(smallTalkOfClassifier).toBe(isSmallTalk);
  });

  it.each([...chatWords.ack, ...chatWords.thanks])('"%s" is an acknowledgement, and small talk', (word) => {
    expect(isAcknowledgement(word)).toBe(true);
    expect(isSmallTalk(word)).toBe(true);
  });

  it.each([...chatWords.greeting, ...chatWords.assent])(
    '"%s" is small talk but no acknowledgement (a question may want it)',
    (word) => {
      expect(isSmallTalk(word)).toBe(true);
      expect(isAcknowledgement(word)).toBe(false);
    },
  );

  it.each([
    '看了 谢谢',
    '晓得了，辛苦了',
    '好的好的👍',
    '收到！！',
    '嗯嗯，知道了',
    'OK, got it',
    '看了哈',
    '中！',
    '行我知道了',
  ])('"%s": acknowledgements in any combination are both', (text) => {
    expect(isAcknowledgement(text)).toBe(true);
    expect(isSmallTalk(text)).toBe(true);
  });

  it.each([
    '路灯坏了',
    '看了一下，水管还是漏',
    '好的，明天上午来修吧',
    '收到了吗路灯什么时候修',
    '三组12号着火了',
    '中间那块地被占了',
  ])('"%s" has a matter: neither', (text) => {
    expect(isAcknowledgement(text)).toBe(false);
    expect(isSmallTalk(text)).toBe(false);
  });

  it('numbers, emoji and stickers alone are small talk; only emoji is also an acknowledgement', () => {
    expect(isSmallTalk('1')).toBe(true);
    expect(isAcknowledgement('1')).toBe(false);
    expect(isSmallTalk('[表情]')).toBe(true);
    expect(isAcknowledgement('👍')).toBe(true);
    expect(isAcknowledgement('了')).toBe(false);
  });

  it('greetings are told apart from nods', () => {
    expect(isGreeting('你好')).toBe(true);
    expect(isGreeting('早')).toBe(true);
    expect(isGreeting('Hi there')).toBe(true);
    expect(isGreeting('好的')).toBe(false);
    expect(isGreeting('this is it')).toBe(false);
  });
});
