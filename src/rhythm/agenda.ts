import type { DbOrTx } from '../data/database.js';
import { followerCounts, openTopics } from '../data/requests.repository.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { formatRef } from '../domain/reference.js';
import type { Texts } from '../texts/index.js';

/**
 * The agenda lines of a session: open topics grouped by mutual-aid group, with how many households raised
 * each. The agenda is read out and passed round at the session, so phone and ID numbers are masked.
 */
export async function agendaLines(db: DbOrTx, sessionId: number, t: Texts): Promise<string[]> {
  const rows = await openTopics(db, sessionId);
  const extra = await followerCounts(
    db,
    rows.map((r) => r.ref),
  );
  return rows.map((r) =>
    t.rhythm.agendaLine(formatRef(r.ref), r.group, maskPersonalNumbers(r.summary), 1 + (extra.get(r.ref) ?? 0)),
  );
}
