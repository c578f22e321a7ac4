import type { Db } from '../data/database.js';
import { ballotsDue } from '../data/deliberation.repository.js';
import { AppError } from '../domain/errors.js';
import { outboxSender } from '../messaging/send.js';
import { moveDeliberation } from './deliberation.usecase.js';

/**
 * Closes each ballot whose time has come and counts it; the secretaries get the tally. The move holds
 * the row, so of two instances ticking at once one closes it and the other finds it already decided.
 */
export async function sweepBallots(db: Db, now: Date): Promise<number> {
  let closed = 0;
  for (const d of await ballotsDue(db, now)) {
    try {
      await db.transaction((tx) =>
        moveDeliberation({ tx, now, send: outboxSender(tx, now), by: { kind: 'system', id: null } }, d.id, 'close'),
      );
      closed++;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'deliberation.illegal_transition')) throw err;
    }
  }
  return closed;
}
