import { closeExpectations } from '../data/expectations.repository.js';
import { caseOfRequest, partiesOf } from '../data/mediation.repository.js';
import { memberNames } from '../data/people.repository.js';
import type { MediationStatus } from '../domain/mediation.machine.js';
import { formatRef } from '../domain/reference.js';
import { sendToMember } from '../messaging/send.js';
import type { ResidentTurn } from '../messaging/turn.js';
import { record } from './case.access.js';
import { MAX_RECORD } from './steps.usecase.js';

const over: readonly MediationStatus[] = ['agreed', 'failed', 'followed_up'];

/**
 * A party's own words while its case is open: recorded on the case as that party's statement and passed
 * to the presiding mediator, never filed as a request of its own. False (and the household no longer
 * expected to speak on it) when the case is over or the household is no party: the caller handles the
 * text as it would any other.
 */
export async function partyStatement(turn: ResidentTurn, ref: number, text: string): Promise<boolean> {
  const { tx, now, actor, t } = turn;
  const c = await caseOfRequest(tx, ref);
  const mine =
    c && c.villageId === actor.village.id && !over.includes(c.status)
      ? (await partiesOf(tx, c.id)).find((p) => p.householdId === actor.household.id)
      : undefined;
  if (!c || !mine) {
    await closeExpectations(tx, 'case_party', ref, actor.household.id, now);
    return false;
  }
  const body = text.slice(0, MAX_RECORD);
  await record(turn, c, {
    type: 'statement',
    actor: { kind: 'resident', id: actor.residentId },
    text: body,
    details: { partyId: mine.id, identityId: actor.identity.id, platform: actor.identity.platform },
  });
  const presiding = c.presidingId ?? c.openedBy;
  const shown = formatRef(ref);
  await sendToMember(turn, presiding, (tt) => ({
    text: tt.replies.statementToStaff(c.caseNo, shown, mine.name, body),
  }));
  const name = (await memberNames(tx, [presiding])).get(presiding) ?? null;
  await turn.reply(t.replies.statementRecorded(c.caseNo, name));
  return true;
}
