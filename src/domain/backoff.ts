/** Retry delays for outgoing messages and failed inbound handling: exponential, capped, honouring a server's wait. */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, baseMs = 1000, capMs = 5 * 60_000): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}

/** While the platform takes other sends, a failed one is tried again within this long. */
export const ANSWERING_CAP_MS = 2_000;
/** The platform counts as answering when a send to it succeeded this recently. */
export const ANSWERING_WINDOW_MS = 30_000;

/**
 * When to try a failed send again. The platform's own wait (Telegram's retry_after) is honoured exactly:
 * waiting longer only delays the answer, sooner is refused again. Without one, an error while the same
 * platform takes other sends is transient (one overloaded node, a dropped request): the backoff stops
 * at ANSWERING_CAP_MS, so a third of sends failing costs seconds, not minutes. Only a platform that
 * takes nothing gets the full exponential backoff.
 */
export function sendRetryDelayMs(o: {
  attempt: number;
  retryAfterMs: number | null;
  lastSuccessAt: number | null;
  now: number;
  baseMs?: number;
}): number {
  if (o.retryAfterMs !== null && o.retryAfterMs > 0) return o.retryAfterMs;
  const answering = o.lastSuccessAt !== null && o.now - o.lastSuccessAt <= ANSWERING_WINDOW_MS;
  const baseMs = o.baseMs ?? 1000;
  return retryDelayMs(o.attempt, null, baseMs, answering ? Math.max(ANSWERING_CAP_MS, baseMs) : undefined);
}
