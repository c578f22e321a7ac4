/**
 * The code on a contact card (联心卡). Villages may print their own codes (the roster's `bindCode`,
 * accepted as they are); when the roster gives none, one is generated here: 9 symbols from an alphabet
 * without the look-alikes 0/O, 1/I/L — 31 symbols, log2(31^9) ≈ 44.6 bits — shown as `K7Q-M3X-PA9`,
 * easy to read aloud and to type on a phone keyboard.
 */

/** Digits 2–9 and the letters A–Z without I, L and O. */
export const CARD_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CARD_CODE_LENGTH = 9;
/** The entropy of a generated code in bits (≈ 44.6). */
export const CARD_CODE_BITS = CARD_CODE_LENGTH * Math.log2(CARD_CODE_ALPHABET.length);

/** How a typed card code is compared: full-width forms folded, upper case, without separators. */
export function normalizeCardCode(typed: string): string {
  return typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.·]/g, '');
}

/**
 * A random source: a uniformly distributed integer in [0, bound). `crypto.randomInt` is one; tests
 * pass a seeded one.
 */
export type RandomInt = (bound: number) => number;

/** A fresh card code, normalized (no separators): format it with `formatCardCode` for people. */
export function generateCardCode(randomInt: RandomInt): string {
  let code = '';
  for (let i = 0; i < CARD_CODE_LENGTH; i++) {
    const k = randomInt(CARD_CODE_ALPHABET.length);
    if (!Number.isInteger(k) || k < 0 || k >= CARD_CODE_ALPHABET.length)
      throw new RangeError(`random source gave ${k}`);
    code += CARD_CODE_ALPHABET[k];
  }
  return code;
}

/** Whether a (normalized) code has the generated shape. */
export function isGeneratedCardCode(code: string): boolean {
  return code.length === CARD_CODE_LENGTH && [...code].every((c) => CARD_CODE_ALPHABET.includes(c));
}

/**
 * A code as printed and read aloud: a generated one in three groups of three (`K7Q-M3X-PA9`); a code
 * the village printed itself (`483920`) as it is.
 */
export function formatCardCode(code: string): string {
  const c = normalizeCardCode(code);
  return isGeneratedCardCode(c) ? `${c.slice(0, 3)}-${c.slice(3, 6)}-${c.slice(6)}` : c;
}
