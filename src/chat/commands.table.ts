import type { CommandHandler, CommandHandlers } from '../messaging/command.handler.js';
import { attachChosen } from '../requests/attachments.usecase.js';
import { changeKind } from '../requests/change-kind.usecase.js';
import { reopen } from '../requests/rating.usecase.js';
import { leaderAction } from '../requests/request.actions.js';
import { listMine, viewRequest } from '../requests/request.views.js';
import { lookupHousehold } from '../requests/household-lookup.usecase.js';
import { callbackData, type CoreCommand } from '../domain/commands.js';
import { invalidate, withdraw } from '../requests/withdraw.usecase.js';
import { acceptAndOpen } from '../mediation/open.usecase.js';
import { handOverTopic, recordOutcome, showAgenda } from '../rhythm/topics.usecase.js';
import { bind } from './bind.usecase.js';
import { identityCommand } from './identity.usecase.js';
import { linkRoom } from './room.usecase.js';
import { awaitText, memberText } from './member-text.usecase.js';
import { cancelDraft, converse } from './resident.conversation.js';
import { type ChatPart, featureHelp, installHandlers } from './features.js';

/** One entry per command type of the core: the compiler refuses a core command without one. */
export type CoreHandlers = { [K in CoreCommand['type']]: CommandHandler<K> };

/**
 * Which code runs each of the core's chat commands, and for whom (see CommandHandler for the order the dispatcher
 * tries them in). Who may use a command is `who` in `commandTable` (src/domain/commands.ts); this table must name
 * a handler for every core command type, and src/features.ts one for every feature's, or the build fails.
 */
export const coreHandlers: CoreHandlers = {
  bind: { anyone: ({ turn, cmd }) => bind(turn, cmd.code) },
  // Who speaks for a household: an account still waiting for confirmation may ask too.
  its_me: { evenUnconfirmed: ({ turn, cmd }) => identityCommand(turn, cmd) },
  not_me: { evenUnconfirmed: ({ turn, cmd }) => identityCommand(turn, cmd) },
  decide_binding: { evenUnconfirmed: ({ turn, cmd }) => identityCommand(turn, cmd) },
  accounts: { evenUnconfirmed: ({ turn, cmd }) => identityCommand(turn, cmd) },
  unbind: { evenUnconfirmed: ({ turn, cmd }) => identityCommand(turn, cmd) },
  help: {
    bound: ({ turn }) => {
      const { actor, t } = turn;
      if (actor.kind !== 'member') return turn.reply(t.helpResident);
      // The features add their own lines (the mediators', the secretary's): src/chat/features.ts.
      return turn.reply(`${t.helpMember}${featureHelp(actor, t)}`);
    },
  },
  mine: { bound: ({ turn }) => listMine(turn) },
  tasks: { bound: ({ turn }) => listMine(turn) },
  view: { bound: ({ turn, cmd }) => viewRequest(turn, cmd.ref) },
  lookup_household: {
    member: ({ turn, cmd }) => lookupHousehold(turn, cmd.who, callbackData.lookupHousehold),
    // A resident naming a neighbour is told how to look up their own requests.
    resident: ({ turn }) => turn.reply(turn.t.people.lookupResident),
  },
  // Members
  link_room: { member: ({ turn, cmd }) => linkRoom(turn, cmd.groupCode) },
  agenda: { member: ({ turn }) => showAgenda(turn) },
  topic_outcome: { member: ({ turn, cmd }) => recordOutcome(turn, cmd.ref, cmd.text) },
  topic_assign: { member: ({ turn, cmd }) => handOverTopic(turn, cmd.ref, cmd.memberCode) },
  prompt_note: { member: ({ turn, cmd }) => awaitText(turn, 'note', cmd.ref) },
  prompt_resolve: { member: ({ turn, cmd }) => awaitText(turn, 'resolve', cmd.ref) },
  transfer: {
    member: async ({ turn, cmd }) => {
      // The 转派 button (no code): the list of members to tap, and the next text may be the code.
      if (cmd.memberCode === null && turn.msg.action) await awaitText(turn, 'transfer', cmd.ref, false);
      return leaderAction(turn, cmd);
    },
  },
  // A dispute accepted by a mediator or the secretary opens its mediation case (src/mediation).
  accept: { member: ({ turn, cmd }) => acceptAndOpen(turn, cmd) },
  note: { member: ({ turn, cmd }) => leaderAction(turn, cmd) },
  escalate: { member: ({ turn, cmd }) => leaderAction(turn, cmd) },
  resolve: { member: ({ turn, cmd }) => leaderAction(turn, cmd) },
  invalidate: { member: ({ turn, cmd }) => invalidate(turn, cmd.ref, cmd.reason) },
  change_kind: { member: ({ turn, cmd }) => changeKind(turn, cmd) },
  // Residents
  reopen: { resident: ({ turn, cmd }) => reopen(turn, cmd.ref, cmd.reason) },
  attach_to: { resident: ({ turn, cmd }) => attachChosen(turn, cmd.ref, cmd.inboundId) },
  withdraw: { resident: ({ turn, cmd }) => withdraw(turn, cmd.ref) },
  cancel: { resident: cancelDraft },
  // What these mean depends on the open question: the conversation reads them against it.
  followup: { resident: converse },
  choose_kind: { resident: converse },
  rate: { resident: converse, member: ({ turn }) => turn.reply(turn.t.errors.nothingToRate) },
  text: { resident: converse, member: memberText },
};

/**
 * Every command's handler: the core's, and the features' once the one feature list (src/features.ts) has
 * installed them (installFeatureHandlers). The list's type check makes the whole a CommandHandlers.
 */
export const commandHandlers = { ...coreHandlers } as CommandHandlers;

export function installFeatureHandlers(parts: readonly ChatPart[]): void {
  installHandlers(parts, commandHandlers as unknown as Record<string, unknown>);
}
