import { saveDraft } from '../data/drafts.repository.js';
import { ttlMs } from '../domain/conversation.machine.js';
import type { MediationCommandType } from '../domain/mediation.commands.js';
import { formatRef } from '../domain/reference.js';
import type { MemberTurn, ResidentTurn } from '../messaging/turn.js';
import type { RecordWhat } from '../texts/replies.js';

/**
 * A case command with no words yet (its button, or the bare verb): the chat waits an hour for them, so
 * the next text is the record, the terms or the reason, never a new request or the help. A typed bare
 * verb gets the form to type (`typed`); a button says what to send.
 */
export async function awaitCaseText(
  turn: MemberTurn | ResidentTurn,
  command: MediationCommandType,
  ref: number,
  what: RecordWhat,
  typed: string,
): Promise<void> {
  await saveDraft(
    turn.tx,
    {
      identityId: turn.actor.identity.id,
      text: '',
      classification: { command },
      missing: 'await_med',
      requestRef: ref,
      expiresAt: new Date(turn.now.getTime() + ttlMs({ state: 'awaiting_text', action: 'record', ref })),
    },
    turn.now,
  );
  await turn.reply(turn.msg.action ? turn.t.replies.awaitRecord(formatRef(ref), what) : typed);
}
