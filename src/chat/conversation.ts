import type { Db, Tx } from '../data/database.js';
import { closeDraft, type DraftRow, openDraft } from '../data/drafts.repository.js';
import { findActor, touchIdentity } from '../data/people.repository.js';
import { findTurnStart, type TurnStart } from '../data/turn-start.repository.js';
import type { InboundMessage } from '../channels/channel.port.js';
import { belowConfidenceFloor } from '../classify/offline.classifier.js';
import type { Classifier, ClassifyResult } from '../domain/classification.js';
import { answersQuestion } from '../domain/clarify.js';
import { isAcknowledgement } from '../domain/expectations.js';
import {
  decide,
  type Input,
  isClearlyNew,
  looksLikeAnswer,
  isFragment,
  type Pending,
  yesNoOf,
} from '../domain/conversation.machine.js';
import { type Command, mayUse, parseCallback, parseCommand } from '../domain/commands.js';
import type { Policies } from '../domain/policies.js';
import type { BoundTurn, CommandContext, CommandHandler, NoteClassifier } from '../messaging/command.handler.js';
import { type Choice, choiceOf, expiredWaitButtons, expiredWaitText, pendingOf } from '../messaging/pending.js';
import { makeTurn, type MemberTurn, type QueuedReply, type ResidentTurn, type Turn } from '../messaging/turn.js';
import { mediaOnly } from '../requests/attachments.usecase.js';
import { placeOnly } from '../requests/place.usecase.js';
import { knowSharedPlace } from '../requests/create-request.js';
import { policy, since } from '../domain/policy.js';
import { noteClauses } from '../domain/care.js';
import { commandHandlers } from './commands.table.js';
import { MAX_REQUEST_TEXT } from './limits.js';
import { answerExpectation } from './resident.conversation.js';

export { MAX_REQUEST_TEXT };

export function commandOf(msg: InboundMessage): Command | null {
  if (msg.action) return parseCallback(msg.action);
  if (msg.text === null) return null;
  return parseCommand(msg.text);
}

/**
 * Handles one stored inbound message: the text is classified before the transaction, so the turn holds its
 * connection only for its statements (a remote model: no lock waits on the network; the in-process one: none
 * on the tokenizer or the run queue). Every write and reply commits together.
 */
export async function handleInbound(
  db: Db,
  classifier: Classifier,
  msg: InboundMessage,
  now: Date,
  /** Marks the message handled with the replies the turn queued (one statement: see markHandled). */
  markDone: (tx: Tx, replies: QueuedReply[]) => Promise<void>,
  policies?: Policies,
): Promise<void> {
  const cmd = commandOf(msg);
  const classification = await classifyFirst(db, classifier, msg, cmd);
  const careClassify = await careNoteClassifier(classifier, cmd);
  await db.transaction(async (tx) => {
    // Who is writing and what their chat holds open, in one statement (the turn asks again for what it wrote itself).
    const start = await findTurnStart(tx, msg.platform, msg.userId, now, since(now, policy.draftTtlMs));
    const { actor } = start;
    const turn = makeTurn(tx, now, msg, actor, policies);
    if (actor.kind === 'resident') knowSharedPlace(turn as ResidentTurn, start.place);
    if (actor.kind !== 'stranger') await touchIdentity(tx, actor.identity, now);
    // Only a resident's free text is read by the classifier: a stranger's reading (or a member's) is dropped.
    await dispatch(turn, cmd, actor.kind === 'resident' ? classification : null, careClassify, start);
    await markDone(tx, turn.queued());
  });
}

/**
 * The reading of free text (a command is never classified). The in-process model reads it whoever wrote it: a
 * stranger's reading is thrown away, cheaper than a read of who is writing outside the turn. A remote model is
 * asked only for a resident's text (one read before the transaction): a stranger's costs no model call.
 */
async function classifyFirst(
  db: Db,
  classifier: Classifier,
  msg: InboundMessage,
  cmd: Command | null,
): Promise<(ClassifyResult & { promptVersion?: string }) | null> {
  if (cmd?.type !== 'text' || !cmd.text) return null;
  if (!classifier.inProcess && (await findActor(db, msg.platform, msg.userId)).kind !== 'resident') return null;
  return classifier.classify(cmd.text.slice(0, MAX_REQUEST_TEXT));
}

/** Which input class a message is, given what the chat waits for (see conversation.machine). */
function inputOf(
  p: Pending,
  cmd: Command,
  choice: Choice | null,
  c: ClassifyResult | null,
  draft: DraftRow | null,
): Input {
  if (choice) return 'choice';
  if (cmd.type !== 'text') return 'command';
  const text = cmd.text.trim();
  if (/^说事/.test(text)) return 'topic';
  if (p.state === 'awaiting_text') return 'answer';
  // 好 / 收到 / 是 that chooses nothing the question offers: the question is put again, never a request.
  if (isAcknowledgement(text) || (p.state !== 'idle' && yesNoOf(text))) return 'ack';
  if (p.state === 'rating_reason') {
    const kind = String(draft?.classification.kind ?? 'other') as ClassifyResult['kind'];
    return isClearlyNew(text, c, kind, false) ? 'new_matter' : 'answer';
  }
  if (p.state === 'fact') {
    const kind = String(draft?.classification.kind ?? 'other') as ClassifyResult['kind'];
    if (isClearlyNew(text, c, kind)) return 'new_matter';
    if (p.state === 'fact' && looksLikeAnswer(p.fact, text)) return 'answer';
    return answersQuestion(text, c, kind) ? 'unsure' : 'new_matter';
  }
  if (p.state === 'idle' && isFragment(text, c)) return 'fragment';
  return 'new_matter';
}

/**
 * A 走访 note or a 代报 text is read by the same model as a resident's words: the readings of each piece are
 * taken before the transaction (the household's words are split off later, with the roster, and read then).
 */
async function careNoteClassifier(classifier: Classifier, cmd: Command | null): Promise<NoteClassifier> {
  const readings = new Map<string, ClassifyResult>();
  if (cmd?.type === 'care_visit' || cmd?.type === 'proxy_report') {
    const words = cmd.words.slice(0, MAX_REQUEST_TEXT);
    for (const rest of [words.replace(/^\S+/, '').trim(), words.replace(/^\S+\s+\S+/, '').trim()]) {
      for (const piece of [rest, ...noteClauses(rest)])
        if (piece && !readings.has(piece)) readings.set(piece, await classifier.classify(piece));
    }
  }
  return async (text) => {
    const result = readings.get(text) ?? (await classifier.classify(text));
    return { result, confident: !belowConfidenceFloor(result) };
  };
}

/**
 * One message, one command: what comes before any command (media, a place, nothing to read), then the command's
 * entry in the handler table (src/chat/commands.table.ts) in the order CommandHandler describes. The open question
 * is read once here, and what the message is to it (pending, choice, decision) handed to the handler.
 */
async function dispatch(
  turn: Turn,
  cmd: Command | null,
  classification: ClassifyResult | null,
  classifyNote: NoteClassifier,
  /** What the turn's first statement read: only the first dispatch of a turn, before it wrote anything. */
  start?: Pick<TurnStart, 'draft' | 'expectations'>,
): Promise<void> {
  const { actor, t } = turn;
  if (turn.msg.unsupported && !cmd) return turn.reply(actor.kind === 'stranger' ? t.unbound : t.unsupported);
  if (!cmd && turn.msg.attachments?.length && actor.kind !== 'stranger') {
    return actor.kind === 'resident' ? mediaOnly(turn as ResidentTurn) : turn.reply(t.media.memberMedia);
  }
  if (!cmd && turn.msg.location && actor.kind !== 'stranger') {
    return actor.kind === 'resident'
      ? placeOnly(turn as ResidentTurn, turn.msg.location)
      : turn.reply(t.place.memberPlace);
  }
  if (!cmd) return actor.kind === 'stranger' ? turn.reply(t.unbound) : undefined;
  const handler = commandHandlers[cmd.type] as CommandHandler<Command['type']>;
  const again = (next: Command, c: ClassifyResult | null = null) => dispatch(turn, next, c, classifyNote);
  const ctx: CommandContext = {
    turn,
    cmd,
    draft: null,
    pending: { state: 'idle' },
    choice: null,
    decision: 'run_command',
    classification,
    classifyNote,
    dispatch: again,
  };
  if (handler.anyone) return handler.anyone(ctx);
  if (actor.kind === 'stranger') return turn.reply(t.unbound);
  const bound = ctx as CommandContext<Command, BoundTurn>;
  if (handler.evenUnconfirmed) return handler.evenUnconfirmed(bound);
  // A member account waiting for confirmation gets no tasks and may not act on any request.
  if (actor.kind === 'member' && actor.identity.confirmedAt === null) return turn.reply(t.identity.unconfirmed);
  if (handler.besideQuestion) return handler.besideQuestion(bound);
  let draft = await openUnexpiredDraft(turn, start?.draft);
  let pending = pendingOf(draft);
  let choice = choiceOf(pending, cmd);
  // A typed reply may answer something the person was sent (a notice, a ballot, an agreement, their case) before it can be a request.
  if (
    actor.kind === 'resident' &&
    pending.state === 'idle' &&
    !turn.msg.action &&
    turn.msg.text &&
    (cmd.type === 'text' || (cmd.type === 'rate' && cmd.ref === null)) &&
    (await answerExpectation(turn as ResidentTurn, turn.msg.text, classification, again, start?.expectations))
  )
    return;
  const decision = decide(pending, inputOf(pending, cmd, choice, classification, draft));
  // A command always escapes: it runs; a question holding the person's words stays open, a leader's wait for text ends.
  if (decision.do === 'run_command' && decision.end && draft && cmd.type !== 'cancel') {
    await closeDraft(turn.tx, draft.id, turn.now);
    draft = null;
    pending = { state: 'idle' };
    choice = null;
  }
  Object.assign(ctx, { draft, pending, choice, decision: decision.do });
  if (handler.bound) return handler.bound(bound);
  if (actor.kind === 'member')
    return handler.member ? handler.member(ctx as CommandContext<Command, MemberTurn>) : turn.reply(t.helpMember);
  // The polite refusal of a leader's command, for every one of them: the table's `who` says whose it is.
  if (!mayUse(cmd, 'resident')) return turn.reply(t.errors.leaderOnly);
  return handler.resident ? handler.resident(ctx as CommandContext<Command, ResidentTurn>) : turn.reply(t.helpResident);
}

/** The open question, if still open: the sweeper job usually expires it first and says so; this covers a message that arrives before it ran. */
async function openUnexpiredDraft(turn: Turn, known?: DraftRow | null): Promise<DraftRow | null> {
  if (turn.actor.kind === 'stranger') return null;
  const draft = known !== undefined ? known : await openDraft(turn.tx, turn.actor.identity.id);
  if (!draft || draft.expiresAt > turn.now) return draft;
  await closeDraft(turn.tx, draft.id, turn.now);
  const word = expiredWaitText(draft, turn.t);
  if (word) await turn.reply(word, expiredWaitButtons(draft, turn.t));
  return null;
}
