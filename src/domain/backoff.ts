/** Retry delays for outgoing messages and failed inbound handling: exponential, capped, honouring a server's wait. */
export function retryDelayMs(attempt: number, retryAfterMs: number | null, baseMs = 1000, capMs = 5 * 60_000): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(exponential, retryAfterMs ?? 0);
}
