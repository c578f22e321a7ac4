import type { Platform } from '../channels/channel.port.js';
import { redeemBindingToken } from '../data/binding-tokens.repository.js';
import {
  closeRequestsOf,
  householdAccounts,
  identityOf,
  memberAccounts,
  openBindingRequest,
} from '../data/identities.repository.js';
import {
  bindFailures,
  type CardHolder,
  cardHolder,
  createResident,
  groupOfHousehold,
  memberAddresses,
  memberName,
  membersWithRole,
  recordBindFailure,
  upsertIdentity,
  villageRoster,
} from '../data/people.repository.js';
import { afterWrongCode, bindVerdict, countsDeploymentWide, sourceKey } from '../domain/binding.js';
import { normalizeCardCode } from '../domain/card-code.js';
import { callbackData } from '../domain/commands.js';
import { memberShown } from '../messaging/people.pick.js';
import { sendToMember } from '../messaging/send.js';
import { sendOpenWork } from '../requests/request.views.js';
import type { Turn } from '../messaging/turn.js';
import { languageOf, type Texts, textsFor } from '../texts/index.js';

type Holder<K extends CardHolder['kind']> = Extract<CardHolder, { kind: K }>;

/** How the people told about a new account read it: its platform and its name there, in their language. */
export const accountLabel = (t: Texts, a: { platform: Platform; displayName: string | null }) => ({
  platform: t.identity.platform[a.platform],
  name: a.displayName ?? t.identity.noName,
});

/**
 * `/start 483920`, `绑定 483920` or a deep link: the code on the contact card (联心卡) says who this is.
 * Wrong codes are counted per account, per source (the web client's address) and per network range around
 * it, and binding from the web and the Official Account waits during a deployment-wide spike (a last resort,
 * far above what one range may send); a waiting account, source or range is refused even the right code.
 */
export async function bind(turn: Turn, typed: string | null): Promise<void> {
  const { tx, msg, now, t } = turn;
  // In a group chat nothing is evaluated nor recorded, and the room hears nothing about any household.
  if (msg.chatType === 'group') return turn.replyInChat(t.identity.bindInPrivate);
  if (!typed) return turn.reply(turn.actor.kind === 'stranger' ? t.unbound : t.bindNeedsCode);
  const tz = turn.actor.kind === 'stranger' ? 'Asia/Shanghai' : turn.actor.village.timezone;
  const source = msg.source ? sourceKey(msg.source) : null;
  const deploymentWide = countsDeploymentWide(msg.platform, source !== null);
  const who = { platform: msg.platform, userId: msg.userId, source, deploymentWide };
  const failures = await bindFailures(tx, who, now, turn.identity);
  const verdict = bindVerdict(failures, source !== null, now, turn.identity, deploymentWide);
  if (!verdict.allowed) {
    const at = t.format.clock(verdict.retryAt, tz);
    const paused = source !== null ? t.identity.webPaused(at) : t.identity.bindingPaused(at);
    return turn.reply(
      verdict.why === 'account' ? t.bindLocked(at) : verdict.why === 'spike' ? paused : t.identity.sourceLocked(at),
    );
  }

  const code = normalizeCardCode(typed);
  // A card's QR code (the Official Account's scan) carries a one-use token standing for the card's code:
  // the same throttles before it, a wrong one counted like a wrong code.
  const holder = (await cardHolder(tx, code)) ?? (await redeemBindingToken(tx, typed.trim(), now));
  if (!holder) {
    await recordBindFailure(tx, who, now);
    const after = afterWrongCode(failures, source !== null, now, turn.identity);
    if ('left' in after) return turn.reply(t.bindWrongCode(after.left));
    const at = t.format.clock(after.retryAt, tz);
    return turn.reply(after.why === 'source' ? t.identity.sourceLocked(at) : t.bindLocked(at));
  }
  // The language is chosen from the binding message; later replies in this turn use it too.
  turn.t = textsFor(languageOf(msg.language));
  // The demo village's codes are printed in the README: outside demo mode they are nobody's card.
  if (holder.village.isDemo && !turn.identity.demoCodes) return turn.reply(turn.t.identity.demoCode);
  // WeCom is the cadres' app: a household's card binds on the Official Account (a right code, so no failure counted).
  if (holder.kind === 'household' && msg.platform === 'wecom') return turn.reply(turn.t.wecom.householdCode);
  const cardCode = holder.kind === 'household' ? holder.household.bindCode : holder.member.bindCode;
  return holder.kind === 'household' ? bindHousehold(turn, holder, cardCode) : bindMember(turn, holder, cardCode);
}

/** What every binding writes about the account; `boundAt` only when it newly speaks for someone. */
function accountValues(turn: Turn, code: string, fresh: boolean) {
  const { msg, now } = turn;
  return {
    platform: msg.platform,
    platformUserId: msg.userId,
    // Replies to a bound person go to their private chat (binding happens only there).
    address: msg.chatId,
    displayName: msg.displayName,
    language: languageOf(msg.language),
    lastSeenAt: now,
    boundWithCode: code,
    revokedAt: null,
    ...(fresh ? { boundAt: now } : {}),
  };
}

/**
 * A household code: the account speaks for the household at once, and every account already bound to
 * it is told, with a 不是我 button that unbinds the new one. A household has at most a few accounts.
 */
async function bindHousehold(turn: Turn, { household, village }: Holder<'household'>, code: string): Promise<void> {
  const { tx, msg, now } = turn;
  const same = turn.actor.kind === 'resident' && turn.actor.household.id === household.id ? turn.actor : null;
  const others = (await householdAccounts(tx, household.id)).filter((a) => a.id !== same?.identity.id);
  const max = turn.identity.householdMaxAccounts;
  if (!same && others.length >= max) return turn.reply(turn.t.identity.householdFull(max));
  const residentId =
    same?.residentId ?? (await createResident(tx, household.id, msg.displayName ?? household.head, now));
  const id = await upsertIdentity(tx, {
    ...accountValues(turn, code, !same),
    residentId,
    memberId: null,
    confirmedAt: same?.identity.confirmedAt ?? now,
  });
  if (!same) await closeRequestsOf(tx, id, 'refused', 'self', now);
  if (!same) {
    const address = household.address ?? household.code;
    for (const other of others) {
      await turn.send({ platform: other.platform, address: other.address, language: other.language }, (t) => {
        const a = accountLabel(t, msg);
        return {
          text: t.identity.newHouseholdAccount(a.platform, a.name, address),
          buttons: [[{ label: t.identity.notMeButton, data: callbackData.notMeHousehold(id) }]],
        };
      });
    }
  }
  const group = await groupOfHousehold(tx, household.id);
  const leader = await memberName(tx, group?.leaderId ?? null);
  await turn.reply(turn.t.boundResident(village.name, household.address ?? household.code, leader));
}

/**
 * A member code: the first account is confirmed at once. Another account while the member has a
 * confirmed one waits, unconfirmed (no task cards, no actions): the member's confirmed accounts are asked
 * 是我 / 不是我 and the village secretaries may decide with 确认绑定 / 拒绝绑定.
 */
async function bindMember(turn: Turn, { member, village }: Holder<'member'>, code: string): Promise<void> {
  const { tx, msg, now } = turn;
  const existing = await identityOf(tx, msg.platform, msg.userId);
  const same = existing && existing.revokedAt === null && existing.memberId === member.id ? existing : null;
  const confirmed = (await memberAccounts(tx, member.id)).filter(
    (a) => a.confirmedAt !== null && a.id !== existing?.id,
  );
  const confirmedAt = same?.confirmedAt ?? (confirmed.length === 0 ? now : null);
  const id = await upsertIdentity(tx, {
    ...accountValues(turn, code, !same),
    residentId: null,
    memberId: member.id,
    confirmedAt,
  });
  // Whatever this account asked before is settled: it speaks for this member now, confirmed or waiting anew.
  if (confirmedAt !== null || !same)
    await closeRequestsOf(tx, id, confirmedAt !== null ? 'confirmed' : 'refused', 'self', now);
  if (confirmedAt !== null) {
    const roles = member.roles.map((r) => turn.t.role[r] ?? r).join('、');
    await turn.reply(turn.t.boundMember(member.name, village.name, roles));
    // A member who binds late gets the work already waiting (not again when an account binds anew as itself).
    if (!same?.confirmedAt)
      await sendOpenWork(
        turn,
        { platform: msg.platform, address: msg.chatId, language: languageOf(msg.language) },
        member,
      );
    return;
  }
  const request = await openBindingRequest(tx, member.id, id, now);
  if (!request.fresh) return turn.reply(turn.t.identity.memberStillWaiting);
  for (const to of await memberAddresses(tx, member.id)) {
    await turn.send(to, (t) => {
      const a = accountLabel(t, msg);
      return {
        text: t.identity.memberAsk(a.platform, a.name),
        buttons: [
          [
            { label: t.identity.itsMeButton, data: callbackData.itsMe(request.id) },
            { label: t.identity.notMeButton, data: callbackData.notMeMember(request.id) },
          ],
        ],
      };
    });
  }
  const roster = await villageRoster(tx, village.id);
  for (const s of await membersWithRole(tx, village.id, 'secretary')) {
    if (s.id === member.id || !s.active) continue;
    await sendToMember(turn, s.id, (t) => {
      const a = accountLabel(t, msg);
      return {
        text: t.identity.secretaryAsk(request.id, memberShown(t, roster, member), a.platform, a.name),
        buttons: [
          [
            { label: t.identity.confirmButton(request.id), data: callbackData.confirmBinding(request.id) },
            { label: t.identity.refuseButton(request.id), data: callbackData.refuseBinding(request.id) },
          ],
        ],
      };
    });
  }
  await turn.reply(turn.t.identity.memberCodeInUse);
}
