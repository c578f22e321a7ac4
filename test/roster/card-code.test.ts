import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CARD_CODE_ALPHABET,
  CARD_CODE_BITS,
  CARD_CODE_LENGTH,
  formatCardCode,
  generateCardCode,
  isGeneratedCardCode,
  normalizeCardCode,
} from '../../src/domain/card-code.js';

/** A seeded source (mulberry32), so a failure can be replayed. */
function seeded(seed: number) {
  let a = seed;
  return (bound: number) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound);
  };
}

describe('card codes', () => {
  it('have at least 40 bits of entropy, from an alphabet without 0/O/1/I/L', () => {
    expect(CARD_CODE_ALPHABET).toHaveLength(31);
    expect(new Set(CARD_CODE_ALPHABET).size).toBe(31);
    for (const c of '01OIL') expect(CARD_CODE_ALPHABET).not.toContain(c);
    expect(CARD_CODE_BITS).toBeGreaterThanOrEqual(40);
    expect(CARD_CODE_BITS).toBeCloseTo(44.59, 2);
    // Eight symbols would not be enough: that is why there are nine.
    expect(8 * Math.log2(31)).toBeLessThan(40);
  });

  it('are nine symbols, shown as three groups of three, and typed back in any case or spacing', () => {
    const code = generateCardCode((n) => randomInt(n));
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{9}$/);
    expect(code).toHaveLength(CARD_CODE_LENGTH);
    expect(isGeneratedCardCode(code)).toBe(true);
    const shown = formatCardCode(code);
    expect(shown).toMatch(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
    expect(normalizeCardCode(shown.toLowerCase())).toBe(code);
    expect(normalizeCardCode(shown.replace(/-/g, ' '))).toBe(code);
    // Full-width forms, as a Chinese input method may type them.
    const fullWidth = [...shown].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(normalizeCardCode(fullWidth)).toBe(code);
  });

  it('keep a code the village printed as it is', () => {
    expect(formatCardCode('483920')).toBe('483920');
    expect(formatCardCode('k7q-m3x-pa9')).toBe('K7Q-M3X-PA9');
  });

  it('use every symbol about equally and do not repeat in 20,000 draws', () => {
    const random = seeded(20240310);
    const seen = new Set<string>();
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const c = generateCardCode(random);
      seen.add(c);
      for (const ch of c) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(seen.size).toBe(20_000);
    const expected = (20_000 * 9) / 31;
    for (const ch of CARD_CODE_ALPHABET) expect(Math.abs(counts.get(ch)! - expected) / expected).toBeLessThan(0.06);
  });

  it('refuse a random source that leaves its range', () => {
    expect(() => generateCardCode(() => 31)).toThrow(RangeError);
    expect(() => generateCardCode(() => 0.5)).toThrow(RangeError);
  });
});
