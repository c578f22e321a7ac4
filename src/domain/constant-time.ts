/**
 * The one comparison of a secret someone sent (a signature, a token, a cookie's MAC, an API key) with the
 * one expected. node's `timingSafeEqual` throws on buffers of unequal length, and a string's length in
 * characters is not its length in bytes: a 40-character `signature` with one non-ASCII character got
 * past a length check and made a 500. This one accepts any input, answers false for anything that is
 * not the same bytes, and takes time that depends only on the expected secret's length: it never stops
 * at the first difference. Pure JavaScript, so the domain, the adapters and the routes share it.
 */
const utf8 = new TextEncoder();

export function sameSecret(expected: string | Uint8Array, given: unknown): boolean {
  if (typeof given !== 'string' && !(given instanceof Uint8Array)) return false;
  const want = typeof expected === 'string' ? utf8.encode(expected) : expected;
  const got = typeof given === 'string' ? utf8.encode(given) : given;
  // A length difference is folded in rather than returned early; the loop walks the expected bytes only.
  let diff = want.length ^ got.length;
  for (let i = 0; i < want.length; i++) diff |= want[i]! ^ (got[i] ?? 0);
  return diff === 0;
}
