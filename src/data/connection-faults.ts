/**
 * A database that drops its connections (a restart, a failover, pg_terminate_backend) fails the statements
 * in flight with these errors. They say nothing about the work itself: it is tried again, and never counted
 * as one of a message's attempts.
 */

const connectionCodes = new Set([
  'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT',
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH',
]);

/** Connection codes of the driver and the socket, and PostgreSQL's classes 08 (connection) and 57P (shutdown, terminated). */
export function isConnectionFault(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (connectionCodes.has(code) || /^(?:08|57P)/.test(code))) return true;
  // A database closed to new connections for a while (ALTER DATABASE … ALLOW_CONNECTIONS false) answers 55000.
  if (code === '55000' && /not currently accepting connections/.test(String((err as Error).message))) return true;
  // drizzle wraps the driver's error in its own ("Failed query: …"), keeping it as the cause.
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause !== undefined && cause !== err && isConnectionFault(cause);
}

/**
 * Runs a small bookkeeping write again while the database is reconnecting (about 1.5 s in all), so a lost
 * connection does not leave the row waiting for its lease to run out. Other errors are thrown at once.
 */
export async function persistently<T>(write: () => Promise<T>, delaysMs: readonly number[] = [100, 300, 1_000]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      const delay = delaysMs[attempt];
      if (delay === undefined || !isConnectionFault(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
