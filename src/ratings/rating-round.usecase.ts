import { residentAccounts } from '../data/deliberation.repository.js';
import { addExpectations, closeExpectations } from '../data/expectations.repository.js';
import { expectedAnswers } from '../domain/expectations.js';
import {
  castRoundBallot,
  groupServers,
  householdGroup,
  insertRound,
  roundById,
  roundOfQuarter,
} from '../data/member-ratings.repository.js';
import { memberName, type VillageRow } from '../data/people.repository.js';
import type { Rating } from '../domain/commands.js';
import { atLocal, localParts } from '../domain/local-time.js';
import { quarterOf } from '../domain/member-points.js';
import { memberRatingCallback } from './ratings.commands.js';
import { quietHoursOf } from '../domain/quiet-hours.js';
import type { EventContext } from '../messaging/send.js';
import type { MemberTurn, ResidentTurn } from '../messaging/turn.js';

/** A round stays open two weeks: long enough for households that read their phone once a week. */
export const ROUND_DAYS = 14;
const ratings: Rating[] = ['satisfied', 'basic', 'unsatisfied'];

export interface RoundCtx extends EventContext {
  by: { kind: 'member' | 'admin' | 'system'; id: number | null };
}

export type Opened =
  | { opened: true; quarter: string; closesAt: Date; households: number; accounts: number }
  | { opened: false; quarter: string; closesAt: Date | null; why: 'already_open' | 'no_servers' };

/**
 * Opens the quarter's round (群众评党员): every bound account of every household gets, for each member serving its
 * group (leader and deputy), a message with 满意 / 基本满意 / 不满意 buttons. One round per village and quarter.
 */
export async function openRound(ctx: RoundCtx, village: VillageRow): Promise<Opened> {
  const quarter = quarterOf(ctx.now, village.timezone);
  const existing = await roundOfQuarter(ctx.tx, village.id, quarter);
  if (existing) return { opened: false, quarter, closesAt: existing.closesAt, why: 'already_open' };
  const servers = (await groupServers(ctx.tx, village.id)).filter((g) => g.memberIds.length > 0);
  if (servers.length === 0) return { opened: false, quarter, closesAt: null, why: 'no_servers' };
  // Open to the end of the last day, village time: "12月22日 23:59截止" is a date people keep, "03:20" is not.
  const last = localParts(new Date(ctx.now.getTime() + ROUND_DAYS * 86_400_000), village.timezone);
  const closesAt = atLocal(village.timezone, last.year, last.month, last.day, 23, 59);
  const round = await insertRound(ctx.tx, {
    villageId: village.id,
    quarter,
    openedBy: ctx.by.kind === 'member' ? ctx.by.id : null,
    openedAt: ctx.now,
    closesAt,
  });
  if (!round) return { opened: false, quarter, closesAt, why: 'already_open' };
  const names = new Map<number, string>();
  for (const g of servers)
    for (const id of g.memberIds) if (!names.has(id)) names.set(id, (await memberName(ctx.tx, id)) ?? '');
  const groupOf = new Map(servers.map((g) => [g.groupId, g]));
  const accounts = await residentAccounts(ctx.tx, village.id);
  const households = new Set<number>();
  const quiet = { quietHoursIn: quietHoursOf(village) };
  const groupIds = new Map<number, number | null>();
  for (const to of accounts) {
    if (!groupIds.has(to.householdId)) groupIds.set(to.householdId, await householdGroup(ctx.tx, to.householdId));
    const g = groupOf.get(groupIds.get(to.householdId) ?? -1);
    if (!g) continue;
    if (!households.has(to.householdId)) {
      // A bare 1 / 2 / 3 (or 满意…) typed after the message is its rating; with two members serving the group, asked which.
      for (const memberId of g.memberIds) {
        await addExpectations(
          ctx.tx,
          {
            householdIds: [to.householdId],
            kind: 'member_rating',
            scope: memberId,
            answers: expectedAnswers.memberRating(round.id, memberId, names.get(memberId)!),
            expiresAt: closesAt,
          },
          ctx.now,
        );
      }
    }
    households.add(to.householdId);
    for (const memberId of g.memberIds) {
      await ctx.send(
        to,
        (t) => ({
          text: t.memberRatings.ballot(
            quarter,
            `R${round.id}-${memberId}`,
            names.get(memberId)!,
            g.groupName,
            t.format.due(closesAt, village.timezone),
          ),
          buttons: [
            ratings.map((r) => ({
              label: t.memberRatings.rating[r],
              data: memberRatingCallback(round.id, memberId, r),
            })),
          ],
        }),
        quiet,
      );
    }
  }
  return {
    opened: true,
    quarter,
    closesAt,
    households: households.size,
    accounts: accounts.filter((a) => households.has(a.householdId)).length,
  };
}

/** The secretary's `群众评党员`. */
export async function openRoundFromChat(turn: MemberTurn): Promise<void> {
  const { t, actor } = turn;
  if (!actor.member.roles.includes('secretary')) return turn.reply(t.memberRatings.secretaryOnly);
  const out = await openRound(
    { tx: turn.tx, now: turn.now, send: turn.send, by: { kind: 'member', id: actor.member.id } },
    actor.village,
  );
  const tz = actor.village.timezone;
  if (out.opened)
    return turn.reply(
      t.memberRatings.opened(out.quarter, out.households, out.accounts, t.format.due(out.closesAt, tz)),
    );
  if (out.why === 'no_servers') return turn.reply(t.memberRatings.noServers);
  return turn.reply(t.memberRatings.alreadyOpen(out.quarter, t.format.due(out.closesAt!, tz)));
}

/**
 * A household's rating of a member in the round, from any of its accounts: its standing rating becomes this
 * one until the round closes. Only members serving the household's group can be rated.
 */
export async function rateMember(turn: ResidentTurn, roundId: number, memberId: number, rating: Rating): Promise<void> {
  const { t, actor } = turn;
  const round = await roundById(turn.tx, roundId);
  if (!round || round.villageId !== actor.village.id || round.closesAt <= turn.now)
    return turn.reply(t.memberRatings.roundClosed);
  const servers = await groupServers(turn.tx, actor.village.id);
  if (!servers.find((g) => g.groupId === actor.household.groupId)?.memberIds.includes(memberId))
    return turn.reply(t.memberRatings.notYours);
  // Rated: a later bare number is no longer this member's (the button and 评党员 R… still change it).
  await closeExpectations(turn.tx, 'member_rating', memberId, actor.household.id, turn.now);
  const ballot = await castRoundBallot(turn.tx, {
    roundId,
    memberId,
    householdId: actor.household.id,
    rating,
    identityId: actor.identity.id,
    at: turn.now,
  });
  await turn.reply(
    t.memberRatings.thanks(
      (await memberName(turn.tx, memberId)) ?? '',
      t.memberRatings.rating[rating],
      ballot.changes > 0,
    ),
  );
}
