import { describe, expect, it } from 'vitest';
import { callbackData, parseCallback, parseCommand, textFormOfButton } from '../../src/domain/commands.js';

describe('the "which matter is this photo about?" choice', () => {
  it('round-trips through a button, and has a typed form where there are no buttons', () => {
    expect(parseCallback(callbackData.attachTo(1024, 77))).toEqual({ type: 'attach_to', ref: 1024, inboundId: 77 });
    expect(parseCallback(callbackData.attachTo(null, 77))).toEqual({ type: 'attach_to', ref: null, inboundId: 77 });
    expect(parseCallback('att:x:77')).toBeNull();
    expect(parseCommand('附到 #1024')).toEqual({ type: 'attach_to', ref: 1024, inboundId: null });
    const arg = { note: '内容', resolve: '结果', member: '成员' };
    expect(textFormOfButton({ label: '#1024 报修·路灯坏了', data: callbackData.attachTo(1024, 77) }, true, arg)).toBe(
      '附到 #1024',
    );
    expect(textFormOfButton({ label: '是一件新的事', data: callbackData.attachTo(null, 77) }, true, arg)).toBe(
      '是一件新的事',
    );
  });

  it('重办 #N keeps the words after it, as typed', () => {
    expect(parseCommand('重办 #12')).toEqual({ type: 'reopen', ref: 12 });
    expect(parseCommand('重办 #12 下雨又堵了，水漫到院里')).toEqual({
      type: 'reopen',
      ref: 12,
      reason: '下雨又堵了，水漫到院里',
    });
  });
});
