import { quietHoursOf } from '../domain/quiet-hours.js';
import {
  addStage,
  claimDeliberation,
  type DeliberationRow,
  deliberationById,
  householdByCode,
  insertDeliberation,
  recordInPersonVote,
  residentAccounts,
} from '../data/deliberation.repository.js';
import { membersWithRole, requesterAddress, villageById, type VillageRow } from '../data/people.repository.js';
import { requestOrigin } from '../data/talk.repository.js';
import { formatRef } from '../domain/reference.js';
import { deliberationCallbacks, formatDeliberation } from '../domain/deliberation.commands.js';
import { advance, type DeliberationMove } from '../domain/deliberation.machine.js';
import { defaultOptions, type TallyRule } from '../domain/deliberation.rules.js';
import { AppError } from '../domain/errors.js';
import { type EventContext, sendToMember } from '../messaging/send.js';
import { addExpectations, closeExpectations } from '../data/expectations.repository.js';
import { expectationTtlMs, expectedAnswers } from '../domain/expectations.js';
import { publishNotice } from '../notices/notices.usecase.js';
import type { RequestNotice } from '../channels/channel.port.js';
import type { Texts } from '../texts/index.js';
import { chatView, currentTally, electorateOf } from './deliberation.views.js';

/** Who moves a matter: the secretary in chat, the admin API (the secretary's operator), or the clock closing a ballot. */
export interface Mover extends EventContext {
  by: { kind: 'member' | 'admin' | 'system'; id: number | null };
}

export interface NewMatter {
  title: string;
  text: string;
  options?: string[];
  electorate: 'households' | 'representatives';
  representatives?: number[];
  closesAt: Date;
  quorum?: Partial<TallyRule>;
  sourceRef?: number | null;
}

export async function createDeliberation(ctx: Mover, village: VillageRow, m: NewMatter): Promise<DeliberationRow> {
  const d = await insertDeliberation(ctx.tx, {
    villageId: village.id,
    title: m.title,
    text: m.text,
    options: m.options?.length ? m.options : [...defaultOptions],
    electorate: m.electorate,
    representatives: m.electorate === 'representatives' ? (m.representatives ?? []) : null,
    status: 'proposed',
    quorum: m.quorum ?? null,
    sourceRef: m.sourceRef ?? null,
    createdBy: ctx.by.kind === 'member' ? ctx.by.id : null,
    closesAt: m.closesAt,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  await addStage(ctx.tx, {
    deliberationId: d.id,
    move: 'propose',
    status: 'proposed',
    at: ctx.now,
    actorKind: ctx.by.kind,
    actorId: ctx.by.id,
    notes: null,
    details: m.sourceRef ? { sourceRef: m.sourceRef } : {},
  });
  if (d.sourceRef !== null) {
    await tellProposer(ctx, village, d, (t, requestRef) =>
      t.deliberation.proposalTaken(requestRef, formatDeliberation(d.id), d.title),
    );
  }
  return d;
}

export interface MoveInput {
  notes?: string | null;
  details?: Record<string, unknown>;
  /** For `open`: when the ballot closes (otherwise the time set when the matter was created). */
  closesAt?: Date;
}

export interface MoveOutcome {
  row: DeliberationRow;
  /** Accounts a ballot, result, update or survey was queued for; group chats it was posted to. */
  accounts: number;
  households: number;
  rooms: number;
}

/**
 * One move through the machine, under the row's lock: the stage is recorded with who and when, and
 * whoever the move concerns is told (ballots at open, the result at publication, …).
 */
export async function moveDeliberation(
  ctx: Mover,
  id: number,
  move: DeliberationMove,
  input: MoveInput = {},
): Promise<MoveOutcome> {
  const d = await deliberationById(ctx.tx, id, 'update');
  if (!d) throw new AppError('deliberation.not_found', `deliberation ${id} not found`);
  const step = advance(d.status, move, d.result ?? null);
  if (!step.ok) {
    throw new AppError(
      'deliberation.illegal_transition',
      step.reason === 'not_passed'
        ? `${formatDeliberation(id)} was not passed: it is not carried out`
        : `${formatDeliberation(id)} is ${d.status}: ${move} is not possible`,
      { status: d.status, allowed: step.allowed },
    );
  }
  const village = (await villageById(ctx.tx, d.villageId))!;
  const change: Partial<DeliberationRow> = { status: step.to, updatedAt: ctx.now };
  if (move === 'open') {
    const closesAt = input.closesAt ?? d.closesAt;
    if (closesAt <= ctx.now)
      throw new AppError('validation.failed', 'closesAt: must be in the future', {
        fields: [{ field: 'closesAt', message: 'must be in the future' }],
      });
    const electorate = await electorateOf(ctx.tx, d);
    Object.assign(change, { closesAt, openedAt: ctx.now, electorateSize: electorate.length });
  }
  if (move === 'close') change.closedAt = ctx.now;
  let row = await claimDeliberation(ctx.tx, d.id, d.status, change);
  if (!row)
    throw new AppError('deliberation.illegal_transition', `${formatDeliberation(id)} changed meanwhile`, {
      status: d.status,
      allowed: [],
    });
  if (move === 'close') {
    const counted = await currentTally(ctx.tx, row);
    row = (await claimDeliberation(ctx.tx, d.id, 'decided', {
      result: counted.projected,
      finalCounts: counted.counts,
    }))!;
  }
  await addStage(ctx.tx, {
    deliberationId: d.id,
    move,
    status: step.to,
    at: ctx.now,
    actorKind: ctx.by.kind,
    actorId: ctx.by.id,
    notes: input.notes?.trim() || null,
    details: input.details ?? {},
  });
  // Comments were invited while the matter was discussed: from the vote on, a reply is a reply, no comment.
  if (move === 'open' || move === 'drop') await closeExpectations(ctx.tx, 'deliberation_comment', d.id, null, ctx.now);
  const effects = await tellAbout(ctx, village, row, move, input.notes ?? '');
  if (row.sourceRef !== null) {
    const step = await proposerStep(ctx, village, row, move, input.notes?.trim() ?? '');
    await tellProposer(ctx, village, row, (t, requestRef) =>
      t.deliberation.toProposer(requestRef, formatDeliberation(row!.id), row!.title, step(t)),
    );
  }
  return { row, ...effects };
}

/** What one move means to the household the matter came from, in its words. */
async function proposerStep(
  ctx: Mover,
  village: VillageRow,
  d: DeliberationRow,
  move: DeliberationMove,
  notes: string,
): Promise<(t: Texts) => string> {
  if (move === 'open') return (t) => t.deliberation.proposerStep.open(closesText(t, d, village.timezone));
  if (move === 'close') {
    const counted = await currentTally(ctx.tx, d);
    return (t) => t.deliberation.proposerStep.close(chatView(d, counted, null));
  }
  if (move === 'progress' || move === 'drop') return (t) => t.deliberation.proposerStep[move](notes);
  return (t) => t.deliberation.proposerStep[move];
}

/**
 * The household whose proposal or say-things topic became the matter hears each step of it, through the
 * outbox like any news that can wait (held in quiet hours), on the account it proposed from.
 */
async function tellProposer(
  ctx: Mover,
  village: VillageRow,
  d: DeliberationRow,
  build: (t: Texts, requestRef: string) => string,
): Promise<void> {
  const origin = d.sourceRef === null ? null : await requestOrigin(ctx.tx, d.sourceRef);
  if (!origin) return;
  const to = await requesterAddress(ctx.tx, origin.originIdentityId, origin.householdId);
  await ctx.send(to, (t) => ({ text: build(t, formatRef(origin.ref)) }), { quietHoursIn: quietHoursOf(village) });
}

const closesText = (t: Texts, d: DeliberationRow, tz: string) => t.format.due(d.closesAt, tz);

/** A vote's news as a template message says it past the Official Account's window: the vote's number, its title, what happened. */
const voteNotice = (ctx: Mover, village: VillageRow, d: DeliberationRow, event: string): RequestNotice => ({
  kind: 'vote',
  ref: d.sourceRef,
  label: formatDeliberation(d.id),
  event,
  requestKind: null,
  summary: d.title,
  at: ctx.now.toISOString(),
  timeZone: village.timezone,
});

/** What each move sends, and to whom. Nothing here decides anything. */
async function tellAbout(ctx: Mover, village: VillageRow, d: DeliberationRow, move: DeliberationMove, notes: string) {
  const ref = formatDeliberation(d.id);
  // Ballots and surveys go to every household: broadcasts, sent after the answers waiting to go out.
  const quiet = { quietHoursIn: quietHoursOf(village), bulk: true };
  const out = { accounts: 0, households: 0, rooms: 0 };
  if (move === 'open') {
    const electorate = await electorateOf(ctx.tx, d);
    const accounts = await residentAccounts(ctx.tx, village.id, electorate);
    for (const to of accounts) {
      await ctx.send(
        to,
        (t) => ({
          text: t.deliberation.ballot(ref, d.title, d.text, d.options, closesText(t, d, village.timezone)),
          buttons: [d.options.map((o, i) => ({ label: o, data: deliberationCallbacks.vote(d.id, i + 1) }))],
          notice: voteNotice(ctx, village, d, 'vote_opened'),
        }),
        quiet,
      );
    }
    // "反对" (or "2") from a household of the electorate is its vote, until the ballot closes.
    await addExpectations(
      ctx.tx,
      {
        householdIds: accounts.map((a) => a.householdId),
        kind: 'ballot',
        scope: d.id,
        answers: expectedAnswers.ballot(d.id, d.options),
        expiresAt: d.closesAt,
      },
      ctx.now,
    );
    return { ...out, accounts: accounts.length, households: new Set(accounts.map((a) => a.householdId)).size };
  }
  if (move === 'close') {
    const counted = await currentTally(ctx.tx, d);
    for (const s of await membersWithRole(ctx.tx, village.id, 'secretary')) {
      await sendToMember(ctx, s.id, (t) => ({ text: t.deliberation.closed(chatView(d, counted, null)) }));
    }
    return out;
  }
  if (move === 'publish' || move === 'progress') {
    const counted = await currentTally(ctx.tx, d);
    const delivered = await publishNotice(
      ctx,
      village,
      {
        title: `${ref}「${d.title}」`,
        text: move === 'publish' ? '' : notes,
        category: 'decision',
        groupIds: [],
        toResidents: true,
        deliberationId: d.id,
        notice: voteNotice(ctx, village, d, move === 'publish' ? 'vote_result' : 'vote_progress'),
      },
      (t) =>
        move === 'publish'
          ? t.deliberation.result(chatView(d, counted, null))
          : t.deliberation.progress(ref, d.title, notes),
    );
    return { ...out, accounts: delivered.accounts, rooms: delivered.rooms };
  }
  if (move === 'evaluate') {
    const accounts = await residentAccounts(ctx.tx, village.id);
    for (const to of accounts) {
      await ctx.send(
        to,
        (t) => ({
          text: t.deliberation.survey(ref, d.title),
          buttons: [
            (['satisfied', 'basic', 'unsatisfied'] as const).map((r, i) => ({
              label: `${i + 1} ${t.deliberation.rating[r]}`,
              data: deliberationCallbacks.evaluate(d.id, r),
            })),
          ],
          notice: voteNotice(ctx, village, d, 'vote_survey'),
        }),
        quiet,
      );
    }
    await addExpectations(
      ctx.tx,
      {
        householdIds: accounts.map((a) => a.householdId),
        kind: 'evaluation',
        scope: d.id,
        answers: expectedAnswers.evaluation(d.id),
        expiresAt: new Date(ctx.now.getTime() + expectationTtlMs.evaluation),
      },
      ctx.now,
    );
    return { ...out, accounts: accounts.length };
  }
  return out;
}

/** An option as people give it: its number (1…) or its words. */
export function optionIndex(options: readonly string[], given: string): number | null {
  const g = given.normalize('NFKC').trim();
  if (/^\d{1,2}$/.test(g)) {
    const n = Number(g);
    return n >= 1 && n <= options.length ? n - 1 : null;
  }
  const i = options.findIndex((o) => o.normalize('NFKC').trim().toLowerCase() === g.toLowerCase());
  return i >= 0 ? i : null;
}

/**
 * The secretary records the vote of a household that came in person (no phone): it stands, is marked
 * as given in person, and the household can no longer vote in chat.
 */
export async function recordInPerson(
  ctx: Mover,
  id: number,
  householdCode: string,
  option: string,
): Promise<{ row: DeliberationRow; household: { code: string; head: string }; option: string }> {
  const d = await deliberationById(ctx.tx, id, 'share');
  if (!d) throw new AppError('deliberation.not_found', `deliberation ${id} not found`);
  if (d.status !== 'voting' || d.closesAt <= ctx.now) {
    throw new AppError('deliberation.illegal_transition', `${formatDeliberation(id)} is not open for voting`, {
      status: d.status,
      allowed: [],
    });
  }
  const household = await householdByCode(ctx.tx, d.villageId, householdCode);
  if (!household) throw new AppError('household.not_found', `household ${householdCode} not found`);
  if (!(await electorateOf(ctx.tx, d)).includes(household.id)) {
    throw new AppError('validation.failed', "household: not in this vote's electorate", {
      fields: [{ field: 'household', message: 'not in the electorate' }],
    });
  }
  const index = optionIndex(d.options, option);
  if (index === null)
    throw new AppError('validation.failed', `option: one of ${d.options.join(', ')}`, {
      fields: [{ field: 'option', message: 'unknown option' }],
    });
  await recordInPersonVote(ctx.tx, {
    deliberationId: d.id,
    householdId: household.id,
    option: index,
    recordedBy: ctx.by.kind === 'member' ? ctx.by.id : null,
    at: ctx.now,
  });
  await addStage(ctx.tx, {
    deliberationId: d.id,
    move: 'in_person_vote',
    status: d.status,
    at: ctx.now,
    actorKind: ctx.by.kind,
    actorId: ctx.by.id,
    notes: null,
    details: { household: household.code },
  });
  return { row: d, household, option: d.options[index]! };
}
