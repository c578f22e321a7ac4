import {
  bindFailuresSince, cardHolder, createResident, groupOfHousehold, memberName, recordBindFailure, upsertIdentity,
} from '../data/people.repository.js';
import { BIND_MAX_FAILURES, BIND_WINDOW_MS, bindLock } from '../domain/binding.js';
import { since } from '../domain/policy.js';
import type { Turn } from '../messaging/turn.js';
import { languageOf, textsFor } from '../texts/index.js';

/** `/start 483920`, `绑定 483920` or a deep link: the code on the contact card (联心卡) says who this is. */
export async function bind(turn: Turn, code: string | null): Promise<void> {
  const { tx, msg, now, t } = turn;
  if (!code) {
    await turn.reply(turn.actor.kind === 'stranger' ? t.unbound : t.bindNeedsCode);
    return;
  }
  const tz = turn.actor.kind === 'stranger' ? 'Asia/Shanghai' : turn.actor.village.timezone;
  const failures = await bindFailuresSince(tx, msg.platform, msg.userId, since(now, BIND_WINDOW_MS));
  const lock = bindLock(failures, now);
  if (lock.locked) {
    await turn.reply(t.bindLocked(t.format.clock(lock.retryAt!, tz)));
    return;
  }

  const holder = await cardHolder(tx, code);
  if (!holder) {
    await recordBindFailure(tx, msg.platform, msg.userId, now);
    const left = BIND_MAX_FAILURES - failures.length - 1;
    await turn.reply(left > 0 ? t.bindWrongCode(left) : t.bindLocked(t.format.clock(new Date(now.getTime() + BIND_WINDOW_MS), tz)));
    return;
  }

  const language = languageOf(msg.language);
  const base = {
    platform: msg.platform,
    platformUserId: msg.userId,
    // Replies to a bound person go to their private chat, even when they bound from a group.
    address: msg.chatType === 'private' ? msg.chatId : msg.userId,
    displayName: msg.displayName,
    language,
    boundAt: now,
    lastSeenAt: now,
  };
  // The language is chosen from the binding message; later replies in this turn use it too.
  turn.t = textsFor(language);
  if (holder.kind === 'household') {
    const { household, village } = holder;
    const current = turn.actor.kind === 'resident' && turn.actor.household.id === household.id ? turn.actor.residentId : null;
    const residentId = current ?? await createResident(tx, household.id, msg.displayName ?? household.head, now);
    await upsertIdentity(tx, { ...base, residentId, memberId: null });
    const group = await groupOfHousehold(tx, household.id);
    const leader = await memberName(tx, group?.leaderId ?? null);
    await turn.reply(turn.t.boundResident(village.name, household.address ?? household.code, leader));
    return;
  }
  const { member, village } = holder;
  await upsertIdentity(tx, { ...base, residentId: null, memberId: member.id });
  const roles = member.roles.map((r) => turn.t.role[r] ?? r).join('、');
  await turn.reply(turn.t.boundMember(member.name, village.name, roles));
}
