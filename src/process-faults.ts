import { isConnectionFault } from './data/connection-faults.js';

/**
 * What ends the process and what does not. A database that drops its connections surfaces in the driver as
 * rejected promises that no caller awaits; the work they belonged to is retried from the inbox and the
 * outbox, so such a rejection is logged and survived. Any other unhandled rejection is a bug: it is rethrown
 * as an uncaught exception, which shuts the service down gracefully (close-with-grace).
 */
export function surviveConnectionFaults(log: { warn(obj: object, msg: string): void }): void {
  process.on('unhandledRejection', (err) => {
    if (isConnectionFault(err)) {
      log.warn({ code: (err as { code?: string }).code }, 'database connection lost; reconnecting');
      return;
    }
    setImmediate(() => {
      throw err;
    });
  });
}
