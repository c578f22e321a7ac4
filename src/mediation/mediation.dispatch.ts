import type { Command } from '../domain/commands.js';
import type { MediationCommand } from '../domain/mediation.commands.js';
import { formatRef } from '../domain/reference.js';
import type { ChatFeatureHandlers, CommandContext, FeatureHandlers } from '../messaging/command.handler.js';
import type { MemberTurn, ResidentTurn } from '../messaging/turn.js';
import { answer, propose } from './agreement.usecase.js';
import { openCommand } from './open.usecase.js';
import { addParty, fail, inform, preside, recordStep } from './steps.usecase.js';

export function isMediationCommand(cmd: Command): cmd is MediationCommand {
  return cmd.type.startsWith('med_');
}

/** A mediator's (or the secretary's) command on a case; the use cases check that it is theirs. */
export async function mediationMemberCommand(turn: MemberTurn, cmd: MediationCommand): Promise<void> {
  switch (cmd.type) {
    case 'med_open':
      return openCommand(turn, cmd.ref);
    case 'med_preside':
      return preside(turn, cmd.ref, cmd.memberCodes);
    case 'med_investigate':
      return recordStep(turn, cmd.ref, 'investigate', cmd.text);
    case 'med_session':
      return recordStep(turn, cmd.ref, 'session', cmd.text);
    case 'med_follow_up':
      return recordStep(turn, cmd.ref, 'follow_up', cmd.text);
    case 'med_inform':
      return inform(turn, cmd.ref);
    case 'med_party':
      return addParty(turn, cmd.ref, cmd.party);
    case 'med_propose':
      return propose(turn, cmd.ref, cmd.text);
    case 'med_fail':
      return fail(turn, cmd.ref, cmd.text);
    // Members sign for no household: only a party's own accounts confirm.
    case 'med_confirm':
    case 'med_decline':
      return turn.reply(turn.t.mediation.notParty(formatRef(cmd.ref)));
  }
}

/** A party's answer to the agreement. (The table's `who` already refused a resident every mediator's command.) */
export async function mediationResidentCommand(turn: ResidentTurn, cmd: MediationCommand): Promise<void> {
  if (cmd.type === 'med_confirm') return answer(turn, cmd.ref, 'confirmed', '');
  if (cmd.type === 'med_decline') return answer(turn, cmd.ref, 'declined', cmd.text);
  return turn.reply(turn.t.errors.leaderOnly);
}

const member = ({ turn, cmd }: CommandContext<MediationCommand, MemberTurn>) => mediationMemberCommand(turn, cmd);
const resident = ({ turn, cmd }: CommandContext<MediationCommand, ResidentTurn>) => mediationResidentCommand(turn, cmd);

/** The mediation commands' entries in the command handler table: a party answers the agreement, mediators run the rest. */
export const mediationHandlers: FeatureHandlers<MediationCommand['type']> = {
  med_open: { member },
  med_preside: { member },
  med_investigate: { member },
  med_session: { member },
  med_follow_up: { member },
  med_inform: { member },
  med_party: { member },
  med_propose: { member },
  med_fail: { member },
  med_confirm: { member, resident },
  med_decline: { member, resident },
};

export const mediationChat: ChatFeatureHandlers<MediationCommand['type']> = {
  handlers: mediationHandlers,
  // Mediators and the secretary also get the mediation commands.
  memberHelp: (actor, t) =>
    actor.member.roles.some((r) => r === 'mediator' || r === 'secretary') ? t.mediation.help : null,
};
