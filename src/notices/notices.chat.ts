import { householdOfIdentity } from '../data/deliberation.repository.js';
import { markRead, noticeById, recentNotices } from '../data/notices.repository.js';
import { closeExpectations } from '../data/expectations.repository.js';
import { formatNotice } from '../domain/deliberation.commands.js';
import type { FeatureHandlers } from '../messaging/command.handler.js';
import type { Turn } from '../messaging/turn.js';

type BoundTurn = Turn & { actor: Exclude<Turn['actor'], { kind: 'stranger' }> };

/** `公告`: the village's latest notices; `公告 G5`: one in full. */
export async function showNotices(turn: BoundTurn, id: number | null): Promise<void> {
  const { t, actor } = turn;
  if (id === null) {
    const items = await recentNotices(turn.tx, actor.village.id);
    return turn.reply(
      t.deliberation.notices(
        items.map((n) => ({
          ref: formatNotice(n.id),
          category: n.category,
          title: n.title,
          at: t.format.due(n.createdAt, actor.village.timezone),
        })),
      ),
    );
  }
  const n = await noticeById(turn.tx, id);
  if (!n || n.villageId !== actor.village.id) return turn.reply(t.deliberation.noticeNotFound(formatNotice(id)));
  return turn.reply(t.deliberation.notice(formatNotice(n.id), n.category, n.title, n.text));
}

/**
 * 已读, from a private chat or pressed in a group chat: counted once per account. The thanks goes to
 * the account privately, so a group chat is not filled with acknowledgements.
 */
export async function readNotice(turn: BoundTurn, id: number): Promise<void> {
  const { t, actor } = turn;
  const n = await noticeById(turn.tx, id);
  const own = { platform: actor.identity.platform, address: actor.identity.address, language: actor.identity.language };
  if (!n || n.villageId !== actor.village.id)
    return turn.send(own, (tt) => ({ text: tt.deliberation.noticeNotFound(formatNotice(id)) }));
  const householdId =
    actor.kind === 'resident' ? actor.household.id : await householdOfIdentity(turn.tx, actor.identity.id);
  await markRead(turn.tx, { noticeId: n.id, identityId: actor.identity.id, householdId, at: turn.now });
  if (householdId !== null) await closeExpectations(turn.tx, 'notice_read', n.id, householdId, turn.now);
  await turn.send(own, () => ({ text: t.deliberation.readThanks(formatNotice(n.id)) }));
}

/** The notices' entries in the command handler table. They leave any open question alone: 已读 is often pressed in a group chat, mid-conversation. */
export const noticeHandlers: FeatureHandlers<'notices' | 'notice_read'> = {
  notices: { besideQuestion: ({ turn, cmd }) => showNotices(turn, cmd.id) },
  notice_read: { besideQuestion: ({ turn, cmd }) => readNotice(turn, cmd.id) },
};
