import { and, eq } from 'drizzle-orm';
import { chatLinks, groups } from '../../db/schema.js';
import type { Actor } from '../data/people.repository.js';
import type { Turn } from '../messaging/turn.js';

type MemberTurn = Turn & { actor: Extract<Actor, { kind: 'member' }> };

/** `绑定群 g3` in a group chat: the leader links the chat to their group, for reminders and notices. */
export async function linkRoom(turn: MemberTurn, groupCode: string | null): Promise<void> {
  const { tx, msg, actor, t, now } = turn;
  if (msg.chatType !== 'group' || !groupCode) return turn.reply(t.room.needsGroupChat);
  const [group] = await tx.select().from(groups).where(and(eq(groups.villageId, actor.village.id), eq(groups.code, groupCode)));
  if (!group) return turn.reply(t.room.unknownGroup(groupCode));
  const me = actor.member;
  if (group.leaderId !== me.id && group.deputyId !== me.id && !me.roles.includes('secretary')) return turn.reply(t.room.forbidden);
  await tx.insert(chatLinks).values({ platform: msg.platform, chatId: msg.chatId, groupId: group.id, linkedBy: me.id, linkedAt: now })
    .onConflictDoUpdate({ target: [chatLinks.platform, chatLinks.chatId], set: { groupId: group.id, linkedBy: me.id, linkedAt: now } });
  await turn.replyInChat(t.room.linked(group.name));
}
