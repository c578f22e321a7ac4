/**
 * Freshness and replay rules of signed WeChat pushes, shared by the Official Account and WeCom: the
 * signed timestamp within ±5 minutes of the service's clock, and a nonce taken once in that window.
 *
 * WeChat retries a push it got no answer to within 5 s, up to three times. Its documents say to tell
 * redeliveries apart by MsgId (events by FromUserName + CreateTime) and say nothing about whether a
 * retry keeps the nonce. So a nonce seen again with the *same* message is let through as a retry —
 * the store ignores a MsgId it already has, so nothing is processed twice and WeChat still hears
 * `success` (or the same passive reply) — and only a nonce seen with a *different* message is refused:
 * that is someone reusing a signature, which in plaintext mode does not cover the body.
 */
import { createHash } from 'node:crypto';
import type { Platform } from '../../src/channels/channel.port.js';
import type { PushNonceStore } from '../../src/channels/push-nonces.js';
import type { Clock } from '../../src/domain/clock.js';
import { AppError } from '../../src/domain/errors.js';
import { pushTime } from '../../src/domain/push-freshness.js';

/** The signed timestamp in seconds; throws 400 naming a missing or malformed field, 403 for a stale one. */
export function freshPush(query: Record<string, string | undefined>, clock: Clock): number {
  const t = pushTime(query.timestamp, query.nonce, clock.now());
  if (t.ok) return t.timestampSec;
  if (t.why === 'stale')
    throw new AppError('webhook.stale', 'timestamp: more than 5 minutes from the service clock', {
      field: 'timestamp',
    });
  throw new AppError('webhook.invalid_update', `${t.field}: ${t.why}`, { field: t.field });
}

/** What a push is, for telling a redelivery from a reused signature: a hash of the message it carried. */
export function fingerprintOf(message: string): string {
  return createHash('sha256').update(message).digest('hex');
}

/**
 * Takes the push's nonce for `message` (after its signature was checked, so only signed nonces are kept);
 * throws 409 when the nonce already came with another message. Answers whether this is a redelivery.
 */
export async function admitPush(
  opts: { platform: Platform; clock: Clock; nonces: () => PushNonceStore },
  query: Record<string, string | undefined>,
  message: string,
): Promise<'first' | 'repeat'> {
  const timestampSec = freshPush(query, opts.clock);
  const claim = await opts
    .nonces()
    .claim({ platform: opts.platform, nonce: query.nonce!, timestampSec, fingerprint: fingerprintOf(message) });
  if (claim === 'conflict')
    throw new AppError('webhook.replayed', 'nonce: already used with another message', { field: 'nonce' });
  return claim;
}
