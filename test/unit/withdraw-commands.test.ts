import { describe, expect, it } from 'vitest';
import { callbackData, parseCallback, parseCommand, textFormOfButton } from '../../src/domain/commands.js';

describe("withdrawal, closing as invalid and the picker's pages", () => {
  it.each([
    ['撤回 #12', { type: 'withdraw', ref: 12 }],
    ['取消 #12', { type: 'withdraw', ref: 12 }],
    ['/withdraw 12', { type: 'withdraw', ref: 12 }],
    ['取消', { type: 'cancel' }],
    ['作废 #12 重复提交', { type: 'invalidate', ref: 12, reason: '重复提交' }],
    ['作废 #12', { type: 'invalidate', ref: 12, reason: '' }],
    ['转派 #12 更多 2', { type: 'transfer', ref: 12, memberCode: null, page: 2 }],
  ])('%s', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it('round-trips the buttons and their typed forms', () => {
    expect(parseCallback(callbackData.withdraw(12))).toEqual({ type: 'withdraw', ref: 12 });
    expect(parseCallback(callbackData.transferPage(12, 3))).toEqual({
      type: 'transfer',
      ref: 12,
      memberCode: null,
      page: 3,
    });
    const arg = { note: '内容', resolve: '处理结果', member: '成员编号' };
    expect(textFormOfButton({ label: '撤回', data: callbackData.withdraw(12) }, true, arg)).toBe('撤回 #12');
    expect(textFormOfButton({ label: '更多', data: callbackData.transferPage(12, 2) }, true, arg)).toBe(
      '转派 #12 更多 2',
    );
    expect(parseCommand('转派 #12 更多 2')).toEqual(parseCallback(callbackData.transferPage(12, 2)));
  });
});
