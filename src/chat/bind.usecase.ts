import { and, eq, gt } from 'drizzle-orm';
import { bindAttempts, groups, households, identities, members, residents, villages } from '../../db/schema.js';
import { BIND_MAX_FAILURES, BIND_WINDOW_MS, bindLock } from '../domain/binding.js';
import { languageOf, textsFor } from '../texts/index.js';
import { memberName } from '../data/requests.repository.js';
import type { Turn } from '../messaging/turn.js';

function formatTime(d: Date, timezone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** `/start 483920`, `绑定 483920` or a deep link: the code on the contact card (联心卡) says who this is. */
export async function bind(turn: Turn, code: string | null): Promise<void> {
  const { tx, msg, now, t } = turn;
  if (!code) {
    await turn.reply(turn.actor.kind === 'stranger' ? t.unbound : t.bindNeedsCode);
    return;
  }
  const failures = await tx.select({ at: bindAttempts.at }).from(bindAttempts).where(and(
    eq(bindAttempts.platform, msg.platform), eq(bindAttempts.platformUserId, msg.userId),
    gt(bindAttempts.at, new Date(now.getTime() - BIND_WINDOW_MS)),
  ));
  const lock = bindLock(failures.map((f) => f.at), now);
  if (lock.locked) {
    await turn.reply(t.bindLocked(formatTime(lock.retryAt!)));
    return;
  }

  const [hh] = await tx.select({ household: households, village: villages }).from(households)
    .innerJoin(villages, eq(villages.id, households.villageId)).where(eq(households.bindCode, code));
  const [mm] = hh ? [] : await tx.select({ member: members, village: villages }).from(members)
    .innerJoin(villages, eq(villages.id, members.villageId)).where(eq(members.bindCode, code));

  if (!hh && !mm) {
    await tx.insert(bindAttempts).values({ platform: msg.platform, platformUserId: msg.userId, at: now });
    const left = BIND_MAX_FAILURES - failures.length - 1;
    await turn.reply(left > 0 ? t.bindWrongCode(left) : t.bindLocked(formatTime(new Date(now.getTime() + BIND_WINDOW_MS))));
    return;
  }

  const base = {
    platform: msg.platform,
    platformUserId: msg.userId,
    // Replies to a bound person go to their private chat, even when they bound from a group.
    address: msg.chatType === 'private' ? msg.chatId : msg.userId,
    displayName: msg.displayName,
    language: languageOf(msg.language),
    boundAt: now,
    lastSeenAt: now,
  };
  if (hh) {
    const { household, village } = hh;
    const current = turn.actor.kind === 'resident' && turn.actor.household.id === household.id ? turn.actor.residentId : null;
    const residentId = current ?? (await tx.insert(residents)
      .values({ householdId: household.id, name: msg.displayName ?? household.head, createdAt: now })
      .returning({ id: residents.id }))[0]!.id;
    await upsertIdentity(turn, { ...base, residentId, memberId: null });
    const leader = await leaderName(turn, household.groupId);
    await turn.reply(turn.t.boundResident(village.name, household.address ?? household.code, leader));
    return;
  }
  const { member, village } = mm!;
  await upsertIdentity(turn, { ...base, residentId: null, memberId: member.id });
  const roles = member.roles.map((r) => turn.t.role[r] ?? r).join('、');
  await turn.reply(turn.t.boundMember(member.name, village.name, roles));
}

async function upsertIdentity(turn: Turn, values: typeof identities.$inferInsert): Promise<void> {
  const { platform: _p, platformUserId: _u, ...rest } = values;
  await turn.tx.insert(identities).values(values)
    .onConflictDoUpdate({ target: [identities.platform, identities.platformUserId], set: rest });
  // The language is chosen from the binding message; later replies in this turn use it too.
  turn.t = textsFor(values.language);
}

async function leaderName(turn: Turn, groupId: number): Promise<string | null> {
  const [g] = await turn.tx.select({ leaderId: groups.leaderId }).from(groups).where(eq(groups.id, groupId));
  return memberName(turn.tx, g?.leaderId ?? null);
}
