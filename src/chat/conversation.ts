import type { Db, Tx } from '../data/database.js';
import { closeDraft, openDraft } from '../data/drafts.repository.js';
import { findActor, touchIdentity } from '../data/people.repository.js';
import type { InboundMessage } from '../channels/channel.port.js';
import type { Classifier, ClassifyResult } from '../domain/classification.js';
import { answersQuestion, draftSummary } from '../domain/clarify.js';
import { cleanText, type Command, mayUse, parseCallback, parseCommand } from '../domain/commands.js';
import type { IdentityPolicy } from '../domain/binding.js';
import type { SlaPolicy } from '../domain/deadlines.js';
import { makeTurn, type MemberTurn, type ResidentTurn, type Turn } from '../messaging/turn.js';
import { answerDraft, intake } from '../requests/intake.usecase.js';
import { rate, reopen } from '../requests/rating.usecase.js';
import { leaderAction } from '../requests/request.actions.js';
import { listMine, viewRequest } from '../requests/request.views.js';
import { handOverTopic, recordOutcome, showAgenda } from '../rhythm/topics.usecase.js';
import { bind } from './bind.usecase.js';
import { identityCommand, isIdentityCommand } from './identity.usecase.js';
import { linkRoom } from './room.usecase.js';

/** Texts longer than this are kept whole in the inbound log but not in a request. */
export const MAX_REQUEST_TEXT = 2000;

export function commandOf(msg: InboundMessage): Command | null {
  if (msg.action) return parseCallback(msg.action);
  if (msg.text === null) return null;
  return parseCommand(msg.text);
}

/**
 * Handles one stored inbound message: classification (which may call a remote model) runs before the
 * transaction, so no database lock waits on the network; every write and reply commits together.
 */
export async function handleInbound(db: Db, classifier: Classifier, msg: InboundMessage, now: Date, markDone: (tx: Tx) => Promise<void>,
  sla?: SlaPolicy, identity?: IdentityPolicy): Promise<void> {
  const cmd = commandOf(msg);
  const before = await findActor(db, msg.platform, msg.userId);
  let classification: (ClassifyResult & { promptVersion?: string }) | null = null;
  if (before.kind === 'resident' && cmd?.type === 'text' && cmd.text) {
    classification = await classifier.classify(cmd.text.slice(0, MAX_REQUEST_TEXT));
  }
  await db.transaction(async (tx) => {
    const actor = await findActor(tx, msg.platform, msg.userId);
    const turn = makeTurn(tx, now, msg, actor, sla, identity);
    if (actor.kind !== 'stranger') await touchIdentity(tx, actor.identity.id, now);
    await dispatch(turn, cmd, classification);
    await markDone(tx);
  });
}

async function dispatch(turn: Turn, cmd: Command | null, classification: ClassifyResult | null): Promise<void> {
  const { actor, t } = turn;
  if (turn.msg.unsupported && !cmd) return turn.reply(actor.kind === 'stranger' ? t.unbound : t.unsupported);
  if (!cmd) return actor.kind === 'stranger' ? turn.reply(t.unbound) : undefined;
  if (cmd.type === 'bind') return bind(turn, cmd.code);
  if (actor.kind === 'stranger') return turn.reply(t.unbound);
  if (isIdentityCommand(cmd)) return identityCommand(turn, cmd);
  // A member account waiting for confirmation gets no tasks and may not act on any request.
  if (actor.kind === 'member' && actor.identity.confirmedAt === null) return turn.reply(t.identity.unconfirmed);
  if (actor.kind === 'resident') await expireDraftIfDue(turn as ResidentTurn);
  if (cmd.type === 'help') return turn.reply(actor.kind === 'member' ? t.helpMember : t.helpResident);
  if (cmd.type === 'mine' || cmd.type === 'tasks') return listMine(turn);
  if (cmd.type === 'view') return viewRequest(turn, cmd.ref);
  if (actor.kind === 'member') return memberCommand(turn as MemberTurn, cmd);
  return residentCommand(turn as ResidentTurn, cmd, classification);
}

async function memberCommand(turn: MemberTurn, cmd: Command): Promise<void> {
  switch (cmd.type) {
    case 'link_room':
      return linkRoom(turn, cmd.groupCode);
    case 'agenda':
      return showAgenda(turn);
    case 'topic_outcome':
      return recordOutcome(turn, cmd.ref, cmd.text);
    case 'topic_assign':
      return handOverTopic(turn, cmd.ref, cmd.memberCode);
    case 'accept': case 'note': case 'transfer': case 'escalate': case 'resolve': case 'prompt_note': case 'prompt_resolve':
      return leaderAction(turn, cmd);
    case 'rate':
      return turn.reply(turn.t.errors.nothingToRate);
    default:
      return turn.reply(turn.t.helpMember);
  }
}

/** The sweeper job usually gets there first; this covers a message that arrives before it ran. */
async function expireDraftIfDue(turn: ResidentTurn): Promise<void> {
  const draft = await openDraft(turn.tx, turn.actor.identity.id);
  if (!draft || draft.expiresAt > turn.now) return;
  await closeDraft(turn.tx, draft.id, turn.now);
  if (draft.requestRef === null) {
    await turn.reply(turn.t.draft.expired(draftSummary(draft)));
  }
}

async function residentCommand(turn: ResidentTurn, cmd: Command, classification: ClassifyResult | null): Promise<void> {
  const { t } = turn;
  if (!mayUse(cmd, 'resident')) return turn.reply(t.errors.leaderOnly);
  if (cmd.type === 'reopen') return reopen(turn, cmd.ref);
  const draft = await openDraft(turn.tx, turn.actor.identity.id);
  if (cmd.type === 'cancel') {
    if (!draft) return turn.reply(t.draft.nothingToCancel);
    await closeDraft(turn.tx, draft.id, turn.now);
    return turn.reply(t.draft.cancelled);
  }
  if (draft?.missing === 'followup') {
    const choice = cmd.type === 'followup' ? cmd.choice
      : cmd.type === 'rate' && cmd.ref === null ? (cmd.rating === 'satisfied' ? 'add' : cmd.rating === 'basic' ? 'new' : null) : null;
    if (choice || cmd.type === 'text') return answerDraft(turn, draft, cmd.type === 'text' ? cmd.text : '', choice, classification);
  }
  if (draft && cmd.type === 'text' && answersQuestion(cmd.text, classification, String(draft.classification.kind))) {
    return answerDraft(turn, draft, cleanText(cmd.text).slice(0, MAX_REQUEST_TEXT), null, classification);
  }
  if (cmd.type === 'rate') return rate(turn, cmd.ref, cmd.rating);
  if (cmd.type === 'text') {
    const text = cleanText(cmd.text).slice(0, MAX_REQUEST_TEXT);
    if (!text || !classification) return turn.reply(t.greeting);
    return intake(turn, text, classification);
  }
  return turn.reply(t.helpResident);
}
