import type { Platform } from './channel.port.js';

/**
 * The nonces of signed pushes (the Official Account's, WeCom's) seen within the freshness window, kept
 * in the database so that every instance of the service refuses a replay another one took.
 *
 * - `first`: never seen: handle the push.
 * - `repeat`: seen with the same message: a platform's own redelivery (WeChat tries three times when
 *   an answer takes over 5 s). Handled again: storing is idempotent by MsgId (events by sender and
 *   time), so nothing is processed twice, and WeChat still gets its `success` or passive reply.
 * - `conflict`: seen with a different message: someone reuses a signature (in plaintext mode the
 *   signature does not cover the body) — refused.
 */
export type NonceClaim = 'first' | 'repeat' | 'conflict';

export interface PushNonceStore {
  /** `fingerprint` names the message (a hash of what was pushed, decrypted); kept until the timestamp leaves the window. */
  claim(push: { platform: Platform; nonce: string; timestampSec: number; fingerprint: string }): Promise<NonceClaim>;
}
