import { closeDraft, saveDraft } from '../data/drafts.repository.js';
import { openTasks } from '../data/requests.repository.js';
import { isAcknowledgement } from '../domain/expectations.js';
import { isThanks, ttlMs } from '../domain/conversation.machine.js';
import { formatRef } from '../domain/reference.js';
import { callbackData, type Command, parseReflessTask, type ReflessTask, taskCommand } from '../domain/commands.js';
import { transition } from '../domain/request.machine.js';
import type { CommandContext } from '../messaging/command.handler.js';
import { awaitedCaseCommand } from '../messaging/pending.js';
import type { MemberTurn } from '../messaging/turn.js';
import { leaderAction } from '../requests/request.actions.js';
import { mediationMemberCommand } from '../mediation/mediation.dispatch.js';
import { MAX_REQUEST_TEXT } from './limits.js';

/** After the 备注 / 办结 / 转派 button: the chat waits (an hour) for the text. */
export async function awaitText(
  turn: MemberTurn,
  action: 'note' | 'resolve' | 'transfer',
  ref: number,
  prompt = true,
): Promise<void> {
  const { t } = turn;
  await saveDraft(
    turn.tx,
    {
      identityId: turn.actor.identity.id,
      text: '',
      classification: {},
      missing: `await_${action}`,
      requestRef: ref,
      expiresAt: new Date(turn.now.getTime() + ttlMs({ state: 'awaiting_text', action, ref })),
    },
    turn.now,
  );
  if (!prompt) return;
  const shown = formatRef(ref);
  await turn.reply(action === 'note' ? t.conversation.awaitNote(shown) : t.conversation.awaitResolve(shown));
}

/**
 * A member's text: the note, result, member code or case record the chat waits for; 谢谢 / 好的; a task verb
 * without its number; otherwise the member's command list.
 */
export async function memberText(ctx: CommandContext<Extract<Command, { type: 'text' }>, MemberTurn>): Promise<void> {
  const { turn, cmd, draft, pending } = ctx;
  if (draft && pending.state === 'awaiting_text' && draft.requestRef !== null) {
    await closeDraft(turn.tx, draft.id, turn.now);
    if (pending.action === 'record') return mediationMemberCommand(turn, awaitedCaseCommand(draft, cmd.text));
    const ref = draft.requestRef;
    const body = cmd.text.slice(0, MAX_REQUEST_TEXT);
    if (pending.action === 'note') return leaderAction(turn, { type: 'note', ref, text: body });
    if (pending.action === 'resolve') return leaderAction(turn, { type: 'resolve', ref, text: body });
    return leaderAction(turn, { type: 'transfer', ref, memberCode: body.normalize('NFKC').trim() || null });
  }
  if (isThanks(cmd.text)) return turn.reply(turn.t.conversation.thanks);
  if (isAcknowledgement(cmd.text)) return turn.reply(turn.t.replies.ack);
  // 公告 with words: the member means to post one, which is done on the desk.
  if (/^(?:公告|通知)\s*\S/.test(cmd.text.trim())) return turn.reply(turn.t.replies.noticeOnDesk);
  const task = parseReflessTask(cmd.text);
  if (task) return reflessTask(ctx, task);
  return turn.reply(turn.t.helpMember);
}

/** A task verb without its number: the one task that takes it, or a button for each when several do. */
async function reflessTask({ turn, dispatch }: CommandContext<Command, MemberTurn>, task: ReflessTask): Promise<void> {
  // All of them, not the first page of 我的任务: "the one task that takes it" must be true of every task, or a
  // 办结 could land on the wrong request.
  const fits = (await openTasks(turn.tx, turn.actor.member.id, 1000)).filter(
    (r) => transition(r.status, task.action).ok,
  );
  if (fits.length === 1) return dispatch(taskCommand(task, fits[0]!.ref));
  if (fits.length === 0) return turn.reply(turn.t.replies.noTaskFor(task.verb));
  const data = {
    accept: callbackData.accept,
    note: callbackData.note,
    escalate: callbackData.escalate,
    resolve: callbackData.resolve,
  }[task.action];
  return turn.reply(
    turn.t.replies.whichTask(task.verb),
    fits
      .slice(0, 8)
      .map((r) => [{ label: turn.t.replies.taskButton(formatRef(r.ref), r.summary.slice(0, 16)), data: data(r.ref) }]),
  );
}
