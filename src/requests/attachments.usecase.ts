import { type AttachmentRow, attachToRequest, looseAttachments } from '../data/attachments.repository.js';
import { recentOpenFrom, type RequestRow } from '../data/requests.repository.js';
import { policy, since } from '../domain/policy.js';
import { formatRef } from '../domain/reference.js';
import { outAttachments } from '../messaging/attachments.js';
import { sendToMember } from '../messaging/send.js';
import type { ResidentTurn, Turn } from '../messaging/turn.js';
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
  const rows = loose ?? await looseOf(turn);
  if (rows.length === 0) return rows;
  await attachToRequest(turn.tx, rows.map((a) => a.id), r.ref);
  const attachments = outAttachments(rows);
  if (attachments.length > 0 && r.assigneeId !== null) {
    const ref = formatRef(r.ref);
    const voice = attachments.some((a) => a.kind === 'voice') && !rows.some((a) => a.transcript);
    await sendToMember(turn, r.assigneeId, (t) => ({ text: voice ? t.media.leaderVoice(ref) : t.media.leaderPhoto(ref), attachments }));
  }
  return rows;
}

/**
 * A message that is only a photo or a voice note without words. Right after the person's own report it
 * joins that report; a voice note on its own becomes a request the leader listens to; a photo on its
 * own waits for the words that say what it shows. What could not be taken is refused with the reason.
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
  const [recent] = await recentOpenFrom(turn.tx, turn.actor.identity.id, since(turn.now, policy.followUpWindowMs), 1);
  if (recent) {
    await addLooseTo(turn, recent, loose);
    return turn.reply(t.media.addedTo(formatRef(recent.ref)));
  }
  const voice = kept.find((a) => a.kind === 'voice');
  if (voice) {
    await turn.reply(t.media.voiceAsIs);
    // Nobody can tell what it is about before listening: the group leader gets it, like practical help.
    await createRequest(turn, t.media.voiceText(voice.durationSec), {
      kind: 'help', summary: t.media.voiceSummary(voice.durationSec), urgency: 'normal', location: null, parties: null, when: null,
      department: null, confidence: 0, classifier: 'voice',
    });
    return;
  }
  return turn.reply(t.media.photoAsk);
}
