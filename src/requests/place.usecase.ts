import { openDraft } from '../data/drafts.repository.js';
import { keepLoosePlace, setRequestPlace } from '../data/places.repository.js';
import { addEvents } from '../data/requests.repository.js';
import { talkedAbout } from '../data/talk.repository.js';
import type { Place } from '../domain/place.js';
import { policy, since } from '../domain/policy.js';
import { formatRef } from '../domain/reference.js';
import { sendToMember } from '../messaging/send.js';
import type { ResidentTurn } from '../messaging/turn.js';
import { answerDraft } from './intake.usecase.js';

/**
 * A point shared from the map with no words. It is the place of the request the person was just talking
 * about (see talkedAbout: what they wrote about or were asked about within the window; the most recent
 * one when several were) — its leader gets the point with a map link. With none talked about, the bot
 * asks what happened there, and the report that follows takes the point along (createRequest).
 */
export async function placeOnly(turn: ResidentTurn, place: Place): Promise<void> {
  const { t, tx, now, actor } = turn;
  // The bot had just asked where: the point is the answer (its label the words, the point the place).
  const draft = await openDraft(tx, actor.identity.id);
  if (draft && draft.expiresAt > now && draft.missing === 'location') {
    if (draft.requestRef !== null) await placeOn(turn, draft.requestRef, place);
    return answerDraft(turn, draft, place.label ?? t.place.unnamed, null, null);
  }
  const [talked] = await talkedAbout(tx, actor.household.id, actor.residentId, since(now, policy.draftTtlMs), 1);
  if (!talked) {
    await keepLoosePlace(tx, actor.identity.id, place, now);
    return turn.reply(t.place.askWhat(place));
  }
  await placeOn(turn, talked.ref, place);
  return turn.reply(t.place.addedTo(formatRef(talked.ref), place));
}

/** The point becomes the request's place, in the ledger, and its leader gets it with the map link. */
async function placeOn(turn: ResidentTurn, ref: number, place: Place): Promise<void> {
  const { tx, now, actor } = turn;
  const r = await setRequestPlace(tx, ref, place);
  await addEvents(tx, r.ref, now, [
    { type: 'place', actor: { kind: 'resident', id: actor.residentId }, details: { ...place } },
  ]);
  if (r.assigneeId !== null)
    await sendToMember(turn, r.assigneeId, (tt) => ({ text: tt.place.leaderPlace(formatRef(r.ref), place) }));
}
