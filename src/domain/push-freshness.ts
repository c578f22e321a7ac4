/**
 * WeChat (the Official Account) and WeCom sign a push over (token, timestamp, nonce[, body]). A signature
 * proves who made it, not when: without a window one signed URL would be good forever. A push is taken
 * only while its timestamp is within this window of the service's clock, and its nonce only once in it.
 */
export const PUSH_WINDOW_MS = 5 * 60_000;

/** What a platform puts in `nonce`: WeChat digits, WeCom letters and digits. Anything else is not theirs. */
const NONCE = /^[A-Za-z0-9_-]{1,64}$/;

export type PushTime =
  | { ok: true; timestampSec: number }
  | { ok: false; field: 'timestamp' | 'nonce'; why: 'missing' | 'malformed' | 'stale' };

/** The push's signed time when it lies within ±PUSH_WINDOW_MS of `now`, and its nonce has the platforms' shape. */
export function pushTime(timestamp: string | undefined, nonce: string | undefined, now: Date): PushTime {
  if (!timestamp) return { ok: false, field: 'timestamp', why: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, field: 'timestamp', why: 'malformed' };
  if (!nonce) return { ok: false, field: 'nonce', why: 'missing' };
  if (!NONCE.test(nonce)) return { ok: false, field: 'nonce', why: 'malformed' };
  const timestampSec = Number(timestamp);
  if (Math.abs(timestampSec * 1000 - now.getTime()) > PUSH_WINDOW_MS)
    return { ok: false, field: 'timestamp', why: 'stale' };
  return { ok: true, timestampSec };
}
