import type { CareCommand } from './care.commands.js';
import type { ChatFeatureHandlers, CommandContext, FeatureHandlers } from '../messaging/command.handler.js';
import type { MemberTurn } from '../messaging/turn.js';
import { careCommand, checkinAnswered } from './care.usecase.js';

const member = ({ turn, cmd, classifyNote }: CommandContext<CareCommand, MemberTurn>) =>
  careCommand(turn, cmd, classifyNote);

/** 走访 and 代报 (the member's), and a household's answer to the 【关爱问候】 check-in. */
export const careHandlers: FeatureHandlers<CareCommand['type']> = {
  care_visit: { member },
  proxy_report: { member },
  care_pick: { member },
  // A household's answer to the 【关爱问候】 check-in (its button, or a reply the conversation matched to it).
  care_checkin: { resident: ({ turn, classification }) => checkinAnswered(turn, classification) },
};

export const careChat: ChatFeatureHandlers<CareCommand['type']> = {
  handlers: careHandlers,
  memberHelp: (_actor, t) => t.care.help,
};
