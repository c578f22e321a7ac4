import type { Db } from '../data/database.js';
import { addCaseEvent, caseOfRequest, type CaseRow, updateCase, villageCases } from '../data/mediation.repository.js';
import { villageByCode } from '../data/people.repository.js';

/** A village's cases, newest first; null for an unknown village. */
export async function listCases(db: Db, villageCode: string): Promise<CaseRow[] | null> {
  const village = await villageByCode(db, villageCode);
  return village ? villageCases(db, village.id) : null;
}

/**
 * The return visit on performance is due at a date the village chooses (the API); a new date may be
 * reminded of again. Not a step of the case, so no move of the machine: an event for the timeline.
 */
export async function scheduleReturnVisit(db: Db, ref: number, dueAt: Date, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const c = await caseOfRequest(tx, ref, true);
    if (!c) return false;
    await updateCase(tx, c.id, { returnVisitDueAt: dueAt, returnVisitRemindedAt: null, updatedAt: now });
    await addCaseEvent(tx, c.id, now, {
      type: 'return_visit_scheduled',
      actor: { kind: 'system', id: null },
      details: { dueAt: dueAt.toISOString() },
    });
    return true;
  });
}
