import {
  addComment,
  addStage,
  type CommentRow,
  commentsOf,
  deliberationById,
  type DeliberationRow,
  residentAccounts,
} from '../data/deliberation.repository.js';
import type { DbOrTx } from '../data/database.js';
import { addExpectations, closeExpectations } from '../data/expectations.repository.js';
import { membersWithRole, villageById, villageRoster } from '../data/people.repository.js';
import { formatDeliberation } from '../domain/deliberation.commands.js';
import { acceptsComments } from '../domain/deliberation.machine.js';
import { AppError } from '../domain/errors.js';
import { expectationTtlMs, expectedAnswers } from '../domain/expectations.js';
import { type HouseholdLabel, householdLabel } from '../domain/people.resolve.js';
import { quietHoursOf } from '../domain/quiet-hours.js';
import { sendToMember } from '../messaging/send.js';
import type { ResidentTurn } from '../messaging/turn.js';
import type { Mover } from './deliberation.usecase.js';
import { electorateOf } from './deliberation.views.js';

/** A comment is kept up to this long; the household's message itself stays whole in the inbound log. */
export const MAX_COMMENT = 2000;
const DAY = 86_400_000;

export interface Invited {
  row: DeliberationRow;
  households: number;
  accounts: number;
  /** Until when a plain reply counts as a comment (the vote opening ends it sooner). */
  until: Date;
}

/**
 * The secretary invites comments on a matter still being discussed: every household of its scope (the
 * households a ballot would go to) is sent the matter and may just reply; the reply is its comment until
 * the vote opens or `days` pass. Recorded in the matter's stages like a move, without changing its status.
 */
export async function inviteComments(
  ctx: Mover,
  id: number,
  notes: string,
  days: number | null = null,
): Promise<Invited> {
  const d = await deliberationById(ctx.tx, id, 'update');
  if (!d) throw new AppError('deliberation.not_found', `deliberation ${id} not found`);
  if (!acceptsComments(d.status)) {
    throw new AppError(
      'deliberation.illegal_transition',
      `${formatDeliberation(id)} is ${d.status}: comments are invited before the vote opens`,
      { status: d.status, allowed: [] },
    );
  }
  const village = (await villageById(ctx.tx, d.villageId))!;
  const until = new Date(ctx.now.getTime() + (days ? days * DAY : expectationTtlMs.deliberation_comment));
  const accounts = await residentAccounts(ctx.tx, village.id, await electorateOf(ctx.tx, d));
  const ref = formatDeliberation(d.id);
  for (const to of accounts) {
    await ctx.send(
      to,
      (t) => ({
        text: t.deliberationComments.invite(ref, d.title, d.text, notes, t.format.due(until, village.timezone)),
      }),
      { quietHoursIn: quietHoursOf(village), bulk: true },
    );
  }
  await addExpectations(
    ctx.tx,
    {
      householdIds: accounts.map((a) => a.householdId),
      kind: 'deliberation_comment',
      scope: d.id,
      answers: expectedAnswers.deliberationComment(),
      expiresAt: until,
    },
    ctx.now,
  );
  const households = new Set(accounts.map((a) => a.householdId)).size;
  await addStage(ctx.tx, {
    deliberationId: d.id,
    move: 'invite_comments',
    status: d.status,
    at: ctx.now,
    actorKind: ctx.by.kind,
    actorId: ctx.by.id,
    notes: notes.trim() || null,
    details: { households, accounts: accounts.length, until: until.toISOString() },
  });
  return { row: d, households, accounts: accounts.length, until };
}

/** Once the vote opens (or the matter is dropped), a reply is no longer a comment. */
export async function endComments(db: DbOrTx, id: number, now: Date): Promise<void> {
  await closeExpectations(db, 'deliberation_comment', id, null, now);
}

/**
 * An invited household's own words while the matter is discussed: recorded as its comment and passed to
 * the village's secretaries. False (and the household no longer expected to comment) when the matter has
 * moved on: the caller handles the text as any other.
 */
export async function deliberationComment(turn: ResidentTurn, id: number, text: string): Promise<boolean> {
  const { tx, now, actor, t } = turn;
  const d = await deliberationById(tx, id, 'share');
  if (!d || d.villageId !== actor.village.id || !acceptsComments(d.status)) {
    await closeExpectations(tx, 'deliberation_comment', id, actor.household.id, now);
    return false;
  }
  const body = text.slice(0, MAX_COMMENT);
  await addComment(tx, {
    deliberationId: d.id,
    householdId: actor.household.id,
    identityId: actor.identity.id,
    text: body,
    at: now,
  });
  const roster = await villageRoster(tx, d.villageId);
  const h = roster.households.find((x) => x.id === actor.household.id);
  const label: HouseholdLabel = h
    ? householdLabel(roster, h)
    : { head: actor.household.head, address: null, group: null };
  const ref = formatDeliberation(d.id);
  for (const s of await membersWithRole(tx, d.villageId, 'secretary')) {
    await sendToMember(turn, s.id, (tt) => ({
      text: tt.deliberationComments.toSecretary(ref, d.title, tt.people.household(label), body),
    }));
  }
  await turn.reply(t.deliberationComments.recorded(ref, d.title));
  return true;
}

export interface CommentShown {
  comment: CommentRow;
  household: { code: string; head: string; address: string | null; group: string | null; groupName: string | null };
}

/** A matter's comments with the household each came from, as the roster names it. */
export async function matterComments(db: DbOrTx, d: DeliberationRow): Promise<CommentShown[]> {
  const rows = await commentsOf(db, d.id);
  if (rows.length === 0) return [];
  const roster = await villageRoster(db, d.villageId);
  return rows.map((comment) => {
    const h = roster.households.find((x) => x.id === comment.householdId);
    const label = h ? householdLabel(roster, h) : null;
    const groupName = h ? (roster.groups.find((g) => g.id === h.groupId)?.name ?? null) : null;
    return {
      comment,
      household: {
        code: h?.code ?? '',
        head: h?.head ?? '',
        address: h?.address ?? null,
        group: label?.group ?? null,
        groupName,
      },
    };
  });
}
