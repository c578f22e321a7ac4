import { describe, expect, it } from 'vitest';
import { sameSecret } from '../../src/domain/constant-time.js';

describe('sameSecret', () => {
  it('is true only for the same bytes, and answers any input without throwing', () => {
    const expected = 'a'.repeat(40);
    expect(sameSecret(expected, 'a'.repeat(40))).toBe(true);
    expect(sameSecret(expected, `${'a'.repeat(39)}b`)).toBe(false);
    // Equal in characters, not in bytes: node's timingSafeEqual threw on this one.
    expect(sameSecret(expected, `${'a'.repeat(38)}签名`)).toBe(false);
    expect(sameSecret(expected, 'a'.repeat(39))).toBe(false);
    expect(sameSecret(expected, 'a'.repeat(41))).toBe(false);
    expect(sameSecret(expected, '')).toBe(false);
    for (const odd of [undefined, null, 40, ['a'], { length: 40 }]) expect(sameSecret(expected, odd)).toBe(false);
    expect(sameSecret(Buffer.from([1, 2, 3]), Buffer.from([1, 2, 3]))).toBe(true);
    expect(sameSecret(Buffer.from([1, 2, 3]), Buffer.from([1, 2]))).toBe(false);
    expect(sameSecret('', '')).toBe(true);
  });
});
