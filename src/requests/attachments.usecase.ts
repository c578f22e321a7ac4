import {
  type AttachmentRow,
  attachToRequest,
  looseAttachments,
  looseOfInbound,
} from '../data/attachments.repository.js';
import { findRequest, type RequestRow } from '../data/requests.repository.js';
import { livingOfHousehold, talkedAbout } from '../data/talk.repository.js';
import { callbackData } from '../domain/commands.js';
import { policy, since } from '../domain/policy.js';
import { formatRef } from '../domain/reference.js';
import { outAttachments } from '../messaging/attachments.js';
import { sendToMember } from '../messaging/send.js';
import type { ResidentTurn, Turn } from '../messaging/turn.js';
import { toView } from '../messaging/views.js';
import { createRequest } from './create-request.js';

/**
 * What this account sent without a request yet: a photo sent before its words waits as long as a
 * question the bot asked does, so the report that follows takes it along.
 */
export function looseOf(turn: Turn): Promise<AttachmentRow[]> {
  return looseAttachments(turn.tx, turn.msg.platform, turn.msg.userId, since(turn.now, policy.draftTtlMs));
}

/** Joins the loose attachments to a request the person reported and shows them to whoever handles it. */
export async function addLooseTo(turn: ResidentTurn, r: RequestRow, loose?: AttachmentRow[]): Promise<AttachmentRow[]> {
  const rows = loose ?? (await looseOf(turn));
  if (rows.length === 0) return rows;
  await attachToRequest(
    turn.tx,
    rows.map((a) => a.id),
    r.ref,
  );
  const attachments = outAttachments(rows);
  if (attachments.length > 0 && r.assigneeId !== null) {
    const ref = formatRef(r.ref);
    const voice = attachments.some((a) => a.kind === 'voice') && !rows.some((a) => a.transcript);
    await sendToMember(turn, r.assigneeId, (t) => ({
      text: voice ? t.media.leaderVoice(ref) : t.media.leaderPhoto(ref),
      attachments,
    }));
  }
  return rows;
}

/**
 * A message that is only a photo or a voice note without words. It joins the request the person was
 * just talking about (see talkedAbout: what they wrote about or were asked about within the window),
 * even when another of their requests is newer. When two are plausible, or none was talked about but
 * some are open, the person picks with buttons naming each; the attachment stays loose until then, so
 * nothing is lost. With nothing open, a voice note on its own becomes a request the leader listens to
 * and a photo on its own waits for the words that say what it shows. What could not be taken is
 * refused with the reason.
 */
export async function mediaOnly(turn: ResidentTurn): Promise<void> {
  const { t } = turn;
  const loose = await looseOf(turn);
  const mine = loose.filter((a) => turn.msg.attachments?.some((m) => m.platformId === a.platformId));
  const kept = mine.filter((a) => a.state === 'stored');
  if (kept.length === 0) {
    const reason = mine.find((a) => a.refusal)?.refusal ?? 'failed';
    return turn.reply(t.media.refused[reason]);
  }
  const { household, residentId } = turn.actor;
  const talked = await talkedAbout(turn.tx, household.id, residentId, since(turn.now, policy.draftTtlMs));
  if (talked.length === 1) {
    await addLooseTo(turn, talked[0]!, loose);
    return turn.reply(t.media.addedTo(formatRef(talked[0]!.ref)));
  }
  const choices = talked.length > 1 ? talked : await livingOfHousehold(turn.tx, household.id);
  if (choices.length > 0) return askWhich(turn, choices, kept[0]!.inboundId, talked.length === 0);
  return onItsOwn(turn, kept);
}

/** A photo nobody's request takes: a voice note goes to the leader as it is, a photo waits for its words. */
async function onItsOwn(turn: ResidentTurn, kept: AttachmentRow[]): Promise<void> {
  const { t } = turn;
  const voice = kept.find((a) => a.kind === 'voice');
  if (voice) {
    await turn.reply(t.media.voiceAsIs);
    // Nobody can tell what it is about before listening: the group leader gets it, like practical help.
    await createRequest(turn, t.media.voiceText(voice.durationSec), {
      kind: 'help',
      summary: t.media.voiceSummary(voice.durationSec),
      urgency: 'normal',
      location: null,
      parties: null,
      when: null,
      department: null,
      confidence: 0,
      classifier: 'voice',
    });
    return;
  }
  return turn.reply(t.media.photoAsk);
}

/**
 * "Which matter is this about?": a button per request (kind, short summary, place), and, when the person
 * talked about none of them, one for a new matter. The button carries the message, not the attachment,
 * so a message with several photos files them together.
 */
async function askWhich(
  turn: ResidentTurn,
  choices: RequestRow[],
  inboundId: number,
  offerNew: boolean,
): Promise<void> {
  const { t } = turn;
  const named = choices.map((r) => ({ ref: r.ref, r: toView(r), kind: t.kind[r.kind] }));
  const buttons = named.map((c) => [
    { label: t.media.whichButton(c.r, c.kind), data: callbackData.attachTo(c.ref, inboundId) },
  ]);
  if (offerNew) buttons.push([{ label: t.media.whichNew, data: callbackData.attachTo(null, inboundId) }]);
  return turn.reply(t.media.whichAsk(named), buttons);
}

/** The pressed "which matter" button: the message's attachments join that request (or start a new one). */
export async function attachChosen(turn: ResidentTurn, ref: number | null, inboundId: number | null): Promise<void> {
  const { t, tx, actor } = turn;
  const rows =
    inboundId === null ? await looseOf(turn) : await looseOfInbound(tx, turn.msg.platform, turn.msg.userId, inboundId);
  const kept = rows.filter((a) => a.state === 'stored');
  if (kept.length === 0) return turn.reply(t.media.alreadyFiled);
  if (ref === null) return onItsOwn(turn, kept);
  const r = await findRequest(tx, ref);
  if (!r || r.householdId !== actor.household.id) return turn.reply(t.errors.notFound(formatRef(ref)));
  await addLooseTo(turn, r, rows);
  return turn.reply(t.media.addedTo(formatRef(r.ref)));
}
