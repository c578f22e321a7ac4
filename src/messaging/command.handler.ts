import type { DraftRow } from '../data/drafts.repository.js';
import type { MemberActor } from '../data/people.repository.js';
import type { Texts } from '../texts/index.js';
import type { ClassifyResult } from '../domain/classification.js';
import type { Command } from '../domain/commands.js';
import type { Decision, Pending } from '../domain/conversation.machine.js';
import type { Choice } from './pending.js';
import type { MemberTurn, ResidentTurn, Turn } from './turn.js';

/** A bound person's turn: a resident or a member. */
export type BoundTurn = Turn & { actor: Exclude<Turn['actor'], { kind: 'stranger' }> };

/** Reads a 走访 note or a 代报 text with the residents' model (a remote model's readings are taken before the transaction). */
export type NoteClassifier = (text: string) => Promise<{ result: ClassifyResult; confident: boolean }>;

/**
 * What a command's handler gets: the turn, the command, and what the chat waits for, each read once per
 * message by the dispatcher (src/chat/conversation.ts). Handlers that run before the open question is read
 * (`anyone`, `evenUnconfirmed`, `besideQuestion`) see none: `draft` null, `pending` idle.
 */
export interface CommandContext<C extends Command = Command, T extends Turn = Turn> {
  turn: T;
  cmd: C;
  /** The open question (the draft row), if any still waits once the command has been read against it. */
  draft: DraftRow | null;
  /** What the draft says the chat waits for (pendingOf). */
  pending: Pending;
  /** The choice the message stands for under a choice question (choiceOf): 补充 / 新的, a kind, 是 / 不是. */
  choice: Choice | null;
  /** What the conversation machine made of the message under the open question. */
  decision: Decision['do'];
  /** The resident's free text as the model read it (null for anything else). */
  classification: ClassifyResult | null;
  classifyNote: NoteClassifier;
  /** Runs another command in this same turn (a typed answer standing for a button, a task verb without its number). */
  dispatch(cmd: Command, classification?: ClassifyResult | null): Promise<void>;
}

type On<K extends Command['type'], T extends Turn> = (
  ctx: CommandContext<Extract<Command, { type: K }>, T>,
) => Promise<void>;

/**
 * Who runs a command, and when. The dispatcher tries them in this order:
 * - `anyone`: strangers too, before anything else (绑定);
 * - `evenUnconfirmed`: any bound account, a member account still awaiting confirmation too (who speaks for a household);
 * - `besideQuestion`: any bound person, leaving any open question alone (公告, 已读 — pressed mid-conversation);
 * - `bound`: any bound person, once the open question is read (a command ends a choice question);
 * - `member` / `resident`: by the kind of person. A resident using a command whose `who` in `commandTable`
 *   is `member` gets the polite refusal (`errors.leaderOnly`) from the dispatcher, never reaching a handler;
 *   a member using a command with no `member` handler gets the member's command list; a resident one with no
 *   `resident` handler, the resident's.
 * Roles within the members (the secretary, mediators) are checked by the use cases.
 */
export interface CommandHandler<K extends Command['type']> {
  anyone?: On<K, Turn>;
  evenUnconfirmed?: On<K, BoundTurn>;
  besideQuestion?: On<K, BoundTurn>;
  bound?: On<K, BoundTurn>;
  member?: On<K, MemberTurn>;
  resident?: On<K, ResidentTurn>;
}

/** One entry per command type: the compiler refuses a command without one (test/lint/command-handlers.check.ts). */
export type CommandHandlers = { [K in Command['type']]: CommandHandler<K> };

/** The entries a feature adds, for its own command types only. */
export type FeatureHandlers<K extends Command['type']> = { [P in K]: CommandHandler<P> };

/**
 * What a feature with chat commands gives the chat (listed in src/chat/features.ts): its handlers, and the
 * lines it adds to a member's 帮助 (null: none for this member's roles).
 */
export interface ChatFeatureHandlers<K extends Command['type']> {
  handlers: FeatureHandlers<K>;
  memberHelp?(actor: MemberActor, t: Texts): string | null;
}
