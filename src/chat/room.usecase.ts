import { groupByCode, linkRoom as saveRoomLink } from '../data/people.repository.js';
import type { MemberTurn } from '../messaging/turn.js';

/** `绑定群 g3` in a group chat: the leader links the chat to their group, for reminders and notices. */
export async function linkRoom(turn: MemberTurn, groupCode: string | null): Promise<void> {
  const { tx, msg, actor, t, now } = turn;
  if (msg.chatType !== 'group' || !groupCode) return turn.reply(t.room.needsGroupChat);
  const group = await groupByCode(tx, actor.village.id, groupCode);
  if (!group) return turn.reply(t.room.unknownGroup(groupCode));
  const me = actor.member;
  if (group.leaderId !== me.id && group.deputyId !== me.id && !me.roles.includes('secretary'))
    return turn.reply(t.room.forbidden);
  await saveRoomLink(tx, { platform: msg.platform, chatId: msg.chatId, groupId: group.id, memberId: me.id, at: now });
  await turn.replyInChat(t.room.linked(group.name));
}
