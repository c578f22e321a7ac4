import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { identities } from '../../db/schema.js';
import type { InboundMessage } from '../channels/channel.port.js';
import type { Classifier, ClassifyResult } from '../domain/classification.js';
import { answersQuestion } from '../domain/clarify.js';
import type { SlaPolicy } from '../domain/deadlines.js';
import { cleanText, type Command, parseCallback, parseCommand } from '../domain/commands.js';
import { answerDraft, intake } from '../requests/intake.usecase.js';
import { closeDraft, openDraft } from '../data/drafts.repository.js';
import { leaderAction } from '../requests/request.actions.js';
import { listMine, viewRequest } from '../requests/request.views.js';
import { rate, reopen } from '../requests/rating.usecase.js';
import { handOverTopic, recordOutcome, showAgenda } from '../rhythm/topics.usecase.js';
import { bind } from './bind.usecase.js';
import { linkRoom } from './room.usecase.js';
import { type Actor, findActor } from '../data/people.repository.js';
import { makeTurn, type Turn } from '../messaging/turn.js';

/** Texts longer than this are kept whole in the inbound log but not in a request. */
export const MAX_REQUEST_TEXT = 2000;

export function commandOf(msg: InboundMessage): Command | null {
  if (msg.action) return parseCallback(msg.action);
  if (msg.text === null) return null;
  return parseCommand(msg.text);
}

const leaderCommands = new Set(['accept', 'note', 'transfer', 'escalate', 'resolve', 'prompt_note', 'prompt_resolve', 'link_room', 'agenda', 'topic_outcome', 'topic_assign']);

/**
 * Handles one stored inbound message: classification (which may call a remote model) runs before the
 * transaction, so no database lock waits on the network; every write and reply commits together.
 */
export async function handleInbound(db: Db, classifier: Classifier, msg: InboundMessage, now: Date, markDone: (tx: Turn['tx']) => Promise<void>, sla?: SlaPolicy): Promise<void> {
  const cmd = commandOf(msg);
  const before = await findActor(db, msg.platform, msg.userId);
  let classification: (ClassifyResult & { promptVersion?: string }) | null = null;
  if (before.kind === 'resident' && cmd?.type === 'text' && cmd.text) {
    classification = await classifier.classify(cmd.text.slice(0, MAX_REQUEST_TEXT));
  }
  await db.transaction(async (tx) => {
    const actor = await findActor(tx, msg.platform, msg.userId);
    const turn = makeTurn(tx, now, msg, actor, sla);
    if (actor.kind !== 'stranger') {
      await tx.update(identities).set({ lastSeenAt: now }).where(eq(identities.id, actor.identity.id));
    }
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
  if (actor.kind === 'resident') await expireDraftIfDue(turn as ResidentTurn);
  if (cmd.type === 'help') return turn.reply(actor.kind === 'member' ? t.helpMember : t.helpResident);
  if (cmd.type === 'mine' || cmd.type === 'tasks') return listMine(turn);
  if (cmd.type === 'view') return viewRequest(turn, cmd.ref);
  if (actor.kind === 'member') return memberCommand(turn as MemberTurn, cmd);
  return residentCommand(turn as ResidentTurn, cmd, classification);
}

type MemberTurn = Turn & { actor: Extract<Actor, { kind: 'member' }> };
type ResidentTurn = Turn & { actor: Extract<Actor, { kind: 'resident' }> };

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
    await turn.reply(turn.t.draft.expired(String((draft.classification as { summary?: string }).summary ?? draft.text.slice(0, 20))));
  }
}

async function residentCommand(turn: ResidentTurn, cmd: Command, classification: ClassifyResult | null): Promise<void> {
  const { t } = turn;
  if (leaderCommands.has(cmd.type)) return turn.reply(t.errors.leaderOnly);
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
  if (draft && cmd.type === 'text' && answersQuestion(cmd.text, classification, String((draft.classification as { kind?: string }).kind))) {
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
