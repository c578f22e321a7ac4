import { z } from 'zod';
import { confirmedIdentityOf } from '../data/desk.repository.js';
import type { Tx } from '../data/database.js';
import type { MemberActor } from '../data/people.repository.js';
import { findRequest, updateRequest } from '../data/requests.repository.js';
import { defaultIdentityPolicy } from '../domain/binding.js';
import { deadlinesFor } from '../domain/deadlines.js';
import { quietHoursOf } from '../domain/quiet-hours.js';
import { formatRef } from '../domain/reference.js';
import { transition } from '../domain/request.machine.js';
import { raise } from '../messaging/notifiers.js';
import { outboxSender } from '../messaging/send.js';
import type { MemberTurn } from '../messaging/turn.js';
import { acceptAndOpen } from '../mediation/open.usecase.js';
import { leaderAction } from '../requests/request.actions.js';
import { invalidate } from '../requests/withdraw.usecase.js';
import { textsFor } from '../texts/index.js';
import type { DeskDeps } from './desk.context.js';
import type { DeskUser } from './desk.session.js';

/** What a desk form may ask for; the text fields go to the resident exactly as typed. */
export const deskAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept') }),
  z.object({ action: z.literal('transfer'), member: z.string().trim().min(1).max(64) }),
  z.object({ action: z.literal('escalate') }),
  z.object({ action: z.literal('note'), text: z.string().trim().min(1).max(2000) }),
  z.object({ action: z.literal('resolve'), text: z.string().trim().max(2000).default('') }),
  z.object({ action: z.literal('invalid'), text: z.string().trim().min(1).max(500) }),
  z.object({ action: z.literal('reopen') }),
]);
export type DeskAction = z.infer<typeof deskAction>;

/**
 * A member's turn for the desk: the same use cases as chat run with it, so the resident, the followers and
 * the assignees are told exactly as when the member presses the button in chat. What the use case would
 * answer the member in chat is collected and shown on the page instead.
 */
export async function deskTurn(
  tx: Tx,
  deps: DeskDeps,
  user: Extract<DeskUser, { kind: 'member' }>,
  said: string[],
): Promise<MemberTurn> {
  const now = deps.clock.now();
  const identity = await confirmedIdentityOf(tx, user.member.id);
  const language = identity?.language ?? 'zh';
  const actor: MemberActor = {
    kind: 'member',
    member: user.member,
    village: user.village,
    // A member logs in only through a bound account; the row stands in for "who acted" and nothing is sent to it.
    identity: identity ?? {
      id: 0,
      platform: 'web',
      platformUserId: `desk:${user.member.id}`,
      address: '',
      displayName: null,
      language,
      residentId: null,
      memberId: user.member.id,
      boundAt: now,
      lastSeenAt: now,
      boundWithCode: null,
      confirmedAt: now,
      revokedAt: null,
      adoptedFrom: null,
    },
  };
  const collect = async (text: string) => {
    said.push(text);
  };
  return {
    tx,
    now,
    actor,
    sla: deps.sla,
    identity: defaultIdentityPolicy,
    t: textsFor(language),
    send: outboxSender(tx, now),
    reply: collect,
    replyInChat: collect,
    // Its sends go straight to the outbox: nothing is held.
    queued: () => [],
    msg: {
      platform: actor.identity.platform,
      messageId: `desk:${user.sessionId}:${now.getTime()}`,
      userId: actor.identity.platformUserId,
      chatId: actor.identity.address,
      chatType: 'private',
      displayName: null,
      language,
      text: null,
      action: null,
      unsupported: null,
      source: null,
      receivedAt: now.toISOString(),
    },
  };
}

/** A secretary has a closed request handled again (chat has 重办 for the resident only). */
async function reopenByMember(turn: MemberTurn, ref: number): Promise<void> {
  const { tx, now, actor } = turn;
  const r = await findRequest(tx, ref);
  const shown = formatRef(ref);
  if (!r || r.villageId !== actor.village.id) return turn.reply(turn.t.errors.notFound(shown));
  if (!actor.member.roles.includes('secretary')) return turn.reply(turn.t.requests.secretaryOnly);
  const step = transition(r.status, 'reopen');
  if (!step.ok) return turn.reply(turn.t.errors.illegal(shown, turn.t.status[r.status]));
  const due = deadlinesFor(r.kind, r.urgency, now, quietHoursOf(actor.village), turn.sla);
  const updated = await updateRequest(tx, r.ref, {
    status: step.to,
    closedAt: null,
    rating: null,
    acceptDueAt: due.acceptBy,
    resolveDueAt: due.resolveBy,
    escalationLevel: 0,
    updatedAt: now,
  });
  await raise(turn, { type: 'reopened', request: updated, by: { kind: 'member', id: actor.member.id }, why: 'asked' });
  await turn.reply(turn.t.rhythm.reopenOk(shown));
}

/** Runs one desk action in one transaction, through the chat's use cases; answers what the member would have read in chat. */
export async function runDeskAction(
  deps: DeskDeps,
  user: Extract<DeskUser, { kind: 'member' }>,
  ref: number,
  a: DeskAction,
): Promise<string[]> {
  const said: string[] = [];
  await deps.db.transaction(async (tx) => {
    const turn = await deskTurn(tx, deps, user, said);
    switch (a.action) {
      // As in chat: a mediator or the secretary accepting a dispute opens its mediation case at once.
      case 'accept':
        return acceptAndOpen(turn, { type: 'accept', ref });
      case 'transfer':
        return leaderAction(turn, { type: 'transfer', ref, memberCode: a.member, page: 1 });
      case 'escalate':
        return leaderAction(turn, { type: 'escalate', ref });
      case 'note':
        return leaderAction(turn, { type: 'note', ref, text: a.text });
      case 'resolve':
        return leaderAction(turn, { type: 'resolve', ref, text: a.text });
      case 'invalid':
        return invalidate(turn, ref, a.text);
      case 'reopen':
        return reopenByMember(turn, ref);
    }
  });
  deps.wake();
  return said;
}
