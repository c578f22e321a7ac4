import {
  type BindingRequestRow,
  bindingRequestById,
  confirmIdentity,
  decideBindingRequest,
  householdAccounts,
  identityById,
  latestOpenRequest,
  memberAccounts,
  revokeIdentity,
} from '../data/identities.repository.js';
import {
  type IdentityRow,
  identityAddress,
  memberById,
  membersWithRole,
  recordBindFailure,
} from '../data/people.repository.js';
import { callbackData, type Command } from '../domain/commands.js';
import { byId } from '../domain/people.resolve.js';
import { pickMember } from '../messaging/people.pick.js';
import { sendToMember } from '../messaging/send.js';
import { sendOpenWork } from '../requests/request.views.js';
import type { MemberTurn, ResidentTurn, Turn } from '../messaging/turn.js';
import type { Texts } from '../texts/index.js';
import { accountLabel } from './bind.usecase.js';

export type IdentityCommand = Extract<
  Command,
  { type: 'its_me' | 'not_me' | 'decide_binding' | 'accounts' | 'unbind' }
>;

const identityTypes: ReadonlySet<Command['type']> = new Set([
  'its_me',
  'not_me',
  'decide_binding',
  'accounts',
  'unbind',
]);
export const isIdentityCommand = (cmd: Command): cmd is IdentityCommand => identityTypes.has(cmd.type);

/** Who speaks for a household or a member: 是我 / 不是我, the secretary's 确认绑定 / 拒绝绑定, 我家的账号, 解绑. */
export async function identityCommand(turn: Turn, cmd: IdentityCommand): Promise<void> {
  switch (cmd.type) {
    case 'accounts':
      return listAccounts(turn);
    case 'unbind':
      return unbind(turn, cmd.index);
    case 'its_me':
      if (turn.actor.kind !== 'member') return turn.reply(turn.t.identity.noOpenRequest);
      return memberAnswers(turn as MemberTurn, cmd.requestId, 'confirm');
    case 'not_me':
      if (turn.actor.kind === 'resident') return householdNotMe(turn as ResidentTurn, cmd.identityId);
      return memberAnswers(turn as MemberTurn, cmd.requestId, 'refuse');
    case 'decide_binding':
      if (turn.actor.kind !== 'member') return turn.reply(turn.t.errors.leaderOnly);
      return secretaryDecides(turn as MemberTurn, cmd);
  }
}

/** The accounts `我家的账号` numbers: a household's (a member's own with `我的账号`), oldest first. */
async function accountsOf(turn: Turn): Promise<IdentityRow[]> {
  if (turn.actor.kind === 'resident') return householdAccounts(turn.tx, turn.actor.household.id);
  if (turn.actor.kind === 'member') return memberAccounts(turn.tx, turn.actor.member.id);
  return [];
}

async function listAccounts(turn: Turn): Promise<void> {
  const { t, actor } = turn;
  if (actor.kind === 'stranger') return turn.reply(t.unbound);
  const list = (await accountsOf(turn)).map((a, i) => ({
    n: i + 1,
    ...accountLabel(t, a),
    since: t.format.due(a.boundAt, actor.village.timezone),
    me: a.id === actor.identity.id,
    waiting: actor.kind === 'member' && a.confirmedAt === null,
  }));
  return turn.reply(t.identity.accounts(list, actor.kind === 'resident'));
}

/** `解绑`: this account; `解绑 2`: the second account of `我家的账号` (a waiting member account only itself). */
async function unbind(turn: Turn, index: number | null): Promise<void> {
  const { tx, now, t, actor } = turn;
  if (actor.kind === 'stranger') return turn.reply(t.unbound);
  const list = await accountsOf(turn);
  const target = index === null ? actor.identity : list[index - 1];
  if (!target) return turn.reply(t.identity.noSuchAccount(index ?? 0));
  if (target.id === actor.identity.id) {
    await revokeIdentity(tx, target.id, now, 'self');
    return turn.reply(t.identity.unboundSelf);
  }
  if (actor.kind === 'member' && actor.identity.confirmedAt === null) return turn.reply(t.identity.onlySelf);
  await removeAccount(turn, target, actor.kind === 'resident' ? 'household' : 'member');
  const a = accountLabel(t, target);
  return turn.reply(t.identity.unboundOther(index!, a.platform, a.name));
}

/** Unbinds someone else's account and tells it, politely and without details. */
async function removeAccount(
  turn: Turn,
  target: IdentityRow,
  by: 'household' | 'member' | 'secretary',
  refused = false,
): Promise<void> {
  const to = await identityAddress(turn.tx, target.id);
  if (!(await revokeIdentity(turn.tx, target.id, turn.now, by))) return;
  // A refused account counts as a wrong code, so binding again and again is throttled like guessing.
  if (refused)
    await recordBindFailure(
      turn.tx,
      { platform: target.platform, userId: target.platformUserId, source: null },
      turn.now,
    );
  await turn.send(to, (t) => ({ text: t.identity.removed }));
}

async function tellSecretaries(
  turn: Turn,
  villageId: number,
  except: number | null,
  build: (t: Texts) => string,
): Promise<void> {
  for (const s of await membersWithRole(turn.tx, villageId, 'secretary')) {
    if (s.id !== except && s.active) await sendToMember(turn, s.id, (t) => ({ text: build(t) }));
  }
}

/**
 * 不是我 from a household account about an account that bound the household after it: the new one is
 * unbound at once and the secretaries are told. Without a button, the newest such account is meant.
 */
async function householdNotMe(turn: ResidentTurn, identityId: number | null): Promise<void> {
  const { tx, actor, t } = turn;
  const me = actor.identity;
  // Only an account that bound after this one: the new one cannot push out the household's older accounts this way.
  const newer = (await householdAccounts(tx, actor.household.id)).filter(
    (a) => a.id !== me.id && a.boundAt > me.boundAt,
  );
  const target = identityId === null ? newer.at(-1) : newer.find((a) => a.id === identityId);
  if (!target) return turn.reply(t.identity.notMeNothing);
  await removeAccount(turn, target, 'household', true);
  const h = actor.household;
  await tellSecretaries(turn, actor.village.id, null, (tt) => {
    const a = accountLabel(tt, target);
    return tt.identity.householdNotMeToSecretary(h.address ?? h.head, h.head, a.platform, a.name);
  });
  const a = accountLabel(t, target);
  return turn.reply(t.identity.notMeDone(a.platform, a.name));
}

/** The member's own answer about a new account bound with their code: 是我 confirms it, 不是我 unbinds it. */
async function memberAnswers(
  turn: MemberTurn,
  requestId: number | null,
  decision: 'confirm' | 'refuse',
): Promise<void> {
  const { tx, actor, t } = turn;
  if (actor.identity.confirmedAt === null) return turn.reply(t.identity.confirmFromOldAccount);
  const request =
    requestId === null ? await latestOpenRequest(tx, actor.member.id) : await bindingRequestById(tx, requestId);
  if (!request || request.memberId !== actor.member.id)
    return turn.reply(requestId === null ? t.identity.noOpenRequest : t.identity.unknownRequest(String(requestId)));
  return decide(turn, request, decision, 'member');
}

/** `确认绑定 12` / `拒绝绑定 l-03` (or the buttons): a secretary of the village decides a waiting binding. */
async function secretaryDecides(turn: MemberTurn, cmd: Extract<Command, { type: 'decide_binding' }>): Promise<void> {
  const { tx, actor, t } = turn;
  if (!actor.member.roles.includes('secretary')) return turn.reply(t.identity.secretaryOnly);
  if (cmd.requestId === null && cmd.memberCode === null) return turn.reply(t.identity.noOpenRequest);
  // `确认绑定 李海生`: the member by name (with group when two share it) or code; several → buttons.
  const byCode =
    cmd.memberCode !== null
      ? await pickMember(turn, actor.village.id, cmd.memberCode, {
          button: (m) =>
            (cmd.decision === 'confirm' ? callbackData.confirmBindingOf : callbackData.refuseBindingOf)(byId(m.id)),
          form: (who) => t.identity.decideForm(cmd.decision, who),
        })
      : null;
  if (cmd.memberCode !== null && !byCode) return;
  const request: BindingRequestRow | null =
    cmd.requestId !== null
      ? await bindingRequestById(tx, cmd.requestId)
      : byCode
        ? await latestOpenRequest(tx, byCode.id)
        : null;
  // Another village's binding is not this secretary's to see.
  const member = request ? await memberById(tx, request.memberId) : null;
  if (!request || member?.villageId !== actor.village.id) {
    return turn.reply(
      cmd.requestId !== null ? t.identity.unknownRequest(String(cmd.requestId)) : t.identity.noOpenRequest,
    );
  }
  return decide(turn, request, cmd.decision, 'secretary');
}

async function decide(
  turn: Turn,
  request: BindingRequestRow,
  decision: 'confirm' | 'refuse',
  by: 'member' | 'secretary',
): Promise<void> {
  const { tx, now, t } = turn;
  const target = await identityById(tx, request.identityId);
  if (request.decidedAt !== null || !target || target.revokedAt !== null)
    return turn.reply(t.identity.decidedAlready(request.id));
  if (!(await decideBindingRequest(tx, request.id, decision === 'confirm' ? 'confirmed' : 'refused', by, now))) {
    return turn.reply(t.identity.decidedAlready(request.id));
  }
  const a = accountLabel(t, target);
  const member = (await memberById(tx, request.memberId))?.name ?? '';
  if (decision === 'confirm') {
    await confirmIdentity(tx, target.id, now);
    const address = await identityAddress(tx, target.id);
    await turn.send(address, (tt) => ({ text: tt.identity.confirmed(member) }));
    // The confirmed account gets the member's open work, as a member binding late does.
    const row = await memberById(tx, request.memberId);
    if (row?.active) await sendOpenWork(turn, address, row);
    return turn.reply(t.identity.confirmedAck(a.platform, a.name));
  }
  await removeAccount(turn, target, by, true);
  if (by === 'member' && turn.actor.kind === 'member') {
    await tellSecretaries(turn, turn.actor.village.id, turn.actor.member.id, (tt) => {
      const b = accountLabel(tt, target);
      return tt.identity.memberRefusedToSecretary(member, b.platform, b.name);
    });
  }
  return turn.reply(t.identity.refusedAck(a.platform, a.name));
}
