import type { MemberRatingCommand } from './ratings.commands.js';
import type { ChatFeatureHandlers, FeatureHandlers } from '../messaging/command.handler.js';
import { openRoundFromChat, rateMember } from './rating-round.usecase.js';

/** 群众评党员: the secretary opens the quarter's round (the use case checks the role), households rate. */
export const memberRatingHandlers: FeatureHandlers<MemberRatingCommand['type']> = {
  open_rating_round: { member: ({ turn }) => openRoundFromChat(turn) },
  rate_member: { resident: ({ turn, cmd }) => rateMember(turn, cmd.round, cmd.memberId, cmd.rating) },
};

export const memberRatingChat: ChatFeatureHandlers<MemberRatingCommand['type']> = {
  handlers: memberRatingHandlers,
  // The secretary opens the quarter's 群众评党员.
  memberHelp: (actor, t) => (actor.member.roles.includes('secretary') ? t.memberRatings.help : null),
};
