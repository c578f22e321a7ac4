import { updateRequest } from '../data/requests.repository.js';
import type { Command } from '../domain/commands.js';
import { formatRef } from '../domain/reference.js';
import { openStatuses } from '../domain/request.machine.js';
import type { MemberTurn } from '../messaging/turn.js';
import { requestForMember } from './request.actions.js';

/**
 * `改类 #12 报修`: the member who has the request, or the secretary, corrects its kind. An urgent report the
 * model could not place is filed as a hazard at once (safety first); this is how it gets its real kind.
 * The assignee stays; the kind before is kept in the details.
 */
export async function changeKind(turn: MemberTurn, cmd: Extract<Command, { type: 'change_kind' }>): Promise<void> {
  const { t } = turn;
  const shown = formatRef(cmd.ref);
  if (!cmd.kind) return turn.reply(t.toLeader.kindUnknown(shown));
  const r = await requestForMember(turn, cmd.ref);
  if (!r) return;
  if (!openStatuses.includes(r.status)) return turn.reply(t.errors.illegal(shown, t.status[r.status]));
  if (r.kind === cmd.kind) return turn.reply(t.toLeader.kindUnchanged(shown, t.kind[cmd.kind]));
  await updateRequest(turn.tx, r.ref, {
    kind: cmd.kind,
    updatedAt: turn.now,
    details: { ...r.details, kindBefore: r.kind, kindChangedBy: turn.actor.member.id },
  });
  return turn.reply(t.toLeader.kindChanged(shown, t.kind[cmd.kind]));
}
