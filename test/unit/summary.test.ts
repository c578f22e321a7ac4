import { describe, expect, it } from 'vitest';
import { clip, SUMMARY_MAX, summarise } from '../../src/classify/summary.js';

describe('summaries are cut between words and numbers', () => {
  it('keeps a short text whole', () => {
    expect(clip('俺家壁挂炉坏了')).toBe('俺家壁挂炉坏了');
  });

  it('never cuts an English word', () => {
    const s = clip('The street light in front of number twelve flickers every night');
    expect(s.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(s).toBe('The street light in front of number…');
    expect(summarise('The street light in front of number twelve flickers every night and nobody fixed it')).toMatch(
      /(?:^|\s)\w+…$/,
    );
  });

  it('never cuts a number in Chinese text', () => {
    const text = '隔壁老王欠俺家钱一直不还，说了好多回了都不理人，一共是欠了我们家整整12345678元钱';
    const s = clip(text);
    expect(s.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(s).not.toMatch(/\d…$/);
    expect(s).toBe('隔壁老王欠俺家钱一直不还，说了好多回了都不理人，一共是欠了我们家整整…');
  });

  it('still cuts a single word longer than the summary, and never halves an emoji', () => {
    expect(clip('x'.repeat(60))).toBe(`${'x'.repeat(SUMMARY_MAX - 1)}…`);
    const emoji = clip('路灯坏了'.repeat(9) + '灯🔥🔥');
    expect(emoji.length).toBeLessThanOrEqual(SUMMARY_MAX);
    expect(emoji.endsWith('…')).toBe(true);
  });
});
