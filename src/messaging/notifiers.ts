import { quietHoursOf } from '../domain/quiet-hours.js';
import {
  identityAddress,
  memberName,
  requesterAddress,
  villageById,
  activeMembers,
} from '../data/people.repository.js';
import { requestAttachments } from '../data/attachments.repository.js';
import { addEvents, followerIdentities, type RequestRow } from '../data/requests.repository.js';
import { addExpectations } from '../data/expectations.repository.js';
import { expectationTtlMs, expectedAnswers } from '../domain/expectations.js';
import { needsListening, outAttachments } from './attachments.js';
import type { OutButton, RequestNotice } from '../channels/channel.port.js';
import { maskPersonalNumbers } from '../domain/masking.js';
import { formatRef } from '../domain/reference.js';
import { type EventActor, ledgerOf, type RequestEvent } from '../domain/request.events.js';
import { secretaryOf } from '../domain/routing.js';
import type { Texts } from '../texts/index.js';
import { type EventContext, sendToMember } from './send.js';
import { ratingButtons, taskButtons, taskView } from './views.js';

/**
 * Raises an event about a request: its ledger entry is written and everyone it concerns is told,
 * in the same transaction as the change. The person who acted gets their answer from the use case.
 */
export async function raise(ctx: EventContext, event: RequestEvent & { request: RequestRow }): Promise<void> {
  await raiseAll(ctx, [event]);
}

/** Several events of one request at once (a new request: submitted, assigned): their ledger rows in one insert, then told in order. */
export async function raiseAll(ctx: EventContext, events: (RequestEvent & { request: RequestRow })[]): Promise<void> {
  if (events.length === 0) return;
  await addEvents(
    ctx.tx,
    events[0]!.request.ref,
    ctx.now,
    events.flatMap((e) => ledgerOf(e)),
  );
  for (const e of events) await notify(ctx, e);
}

async function notify(ctx: EventContext, e: RequestEvent & { request: RequestRow }): Promise<void> {
  const r = e.request;
  const ref = formatRef(r.ref);
  // Every resident-facing message of an event says which event it is, for a template message past WeChat's window.
  const tellResident: typeof tellResidentAbout = (c, req, build, buttons, opts) =>
    tellResidentAbout(c, req, build, buttons, { ...opts, event: e.type });
  switch (e.type) {
    case 'assigned': {
      await sendTask(ctx, r, e.to);
      if (e.cc.length === 0) return;
      const assignee = (await memberName(ctx.tx, e.to)) ?? '';
      // A copy goes to people who are not handling it: phone and ID numbers stay with the assignee.
      const full = await taskView(ctx.tx, r);
      const view = { ...full, summary: maskPersonalNumbers(full.summary), text: maskPersonalNumbers(full.text) };
      for (const cc of e.cc) await sendToMember(ctx, cc, (t) => ({ text: t.taskCopy(view, assignee) }));
      return;
    }
    case 'accepted':
      return tellResident(ctx, r, (t) => t.toResident.accepted(ref, e.name));
    case 'note':
      if (e.by.kind === 'member') return tellResident(ctx, r, (t) => t.toResident.note(ref, e.name ?? '', e.text));
      // Why the resident is not satisfied comes as the reopened card again, now carrying the reason.
      if (e.unhappyReason) return r.assigneeId !== null ? sendTask(ctx, r, r.assigneeId) : undefined;
      return tellAssignee(ctx, r, (t) => t.toLeader.residentNote(ref, e.text));
    case 'followed':
      return tellAssignee(ctx, r, (t) => t.toLeader.moreHouseholds(ref, e.households));
    case 'transferred':
      await sendTask(ctx, r, e.to);
      await tellResident(ctx, r, (t) => t.toResident.transferred(ref, e.toName));
      if (e.from !== null && e.from !== e.by.id && !e.topic) {
        await sendToMember(ctx, e.from, (t) => ({ text: t.toLeader.transferredAway(ref, e.toName) }));
      }
      return;
    case 'escalated':
      await sendTask(
        ctx,
        r,
        e.to,
        e.overdue ? await overdueReason(ctx, r, e.from, e.overdue) : await handReason(ctx, e.by),
      );
      // Taken away for a missed deadline: the one who had it hears why.
      if (e.overdue && e.from !== null)
        await sendToMember(ctx, e.from, (t) => ({ text: t.rhythm.overdueTakenAway(ref) }));
      return tellResident(ctx, r, (t) => t.toResident.escalated(ref), undefined, {
        requesterOnly: e.overdue !== undefined,
      });
    case 'reminded': {
      const village = await villageById(ctx.tx, r.villageId);
      const tz = village?.timezone ?? 'Asia/Shanghai';
      return tellAssignee(ctx, r, (t) =>
        e.stage === 'resolve'
          ? t.rhythm.remindResolve(ref, r.summary, t.format.due(e.due, tz))
          : t.rhythm.remindAccept(ref, r.summary, t.format.due(e.due, tz)),
      );
    }
    case 'resolved':
      await expectRating(ctx, r);
      return tellResident(
        ctx,
        r,
        (t) => (e.outcome ? t.rhythm.outcome(ref, e.text) : t.toResident.resolved(ref, e.name, e.text)),
        (t) => ratingButtons(t, r.ref),
      );
    case 'reopened': {
      const secretary = secretaryOf(await activeMembers(ctx.tx, r.villageId));
      const order = e.why === 'unhappy' ? [secretary, r.assigneeId] : [r.assigneeId, secretary];
      // The card itself, saying why it came back: it is a task to take again, not news.
      for (const id of new Set(order.filter((x): x is number => x !== null))) await sendTask(ctx, r, id);
      return;
    }
    case 'closed':
      if (e.unrated)
        return tellResident(ctx, r, (t) => t.rhythm.closedUnrated(ref), undefined, {
          requesterOnly: true,
          quiet: true,
        });
      return;
    case 'carried_over':
      return tellResident(ctx, r, (t) => t.rhythm.carriedOver(ref, t.format.day(e.to)), undefined, {
        requesterOnly: true,
        quiet: true,
      });
    case 'rating_reminder':
      await expectRating(ctx, r);
      return tellResident(
        ctx,
        r,
        (t) => t.rhythm.ratingReminder(ref, r.summary),
        (t) => ratingButtons(t, r.ref),
        { requesterOnly: true, quiet: true },
      );
    case 'withdrawn':
      if (e.from !== null)
        await sendToMember(ctx, e.from, (t) => ({ text: t.requests.withdrawnToAssignee(ref, r.summary) }));
      return tellFollowers(ctx, r, (t) => t.requests.withdrawnToFollower(ref));
    case 'invalid':
      if (e.from !== null && e.from !== e.by.id) {
        await sendToMember(ctx, e.from, (t) => ({ text: t.requests.invalidToAssignee(ref, r.summary, e.reason) }));
      }
      return tellResident(ctx, r, (t) => t.requests.invalidToResident(ref, e.reason));
    case 'submitted':
    case 'topic':
    case 'rated':
      return;
  }
}

/** The task card: everything a leader needs to act without opening anything else, on each of their confirmed accounts. */
export async function sendTask(
  ctx: EventContext,
  r: RequestRow,
  memberId: number,
  reason?: (t: Texts) => string,
): Promise<void> {
  const view = await taskView(ctx.tx, r);
  // The resident's photos and voice notes go with the card; a voice without words asks the leader to listen.
  const media = ctx.media?.get(r.ref) ?? (await requestAttachments(ctx.tx, r.ref));
  const attachments = outAttachments(media);
  const why = needsListening(media) ? (t: Texts) => [reason?.(t), t.media.listen].filter(Boolean).join('\n') : reason;
  await sendToMember(ctx, memberId, (t) => ({
    text: t.task(view, why?.(t)),
    buttons: taskButtons(t, r.ref, false),
    ...(attachments.length ? { attachments } : {}),
  }));
}

/** Why an escalated card came: who let which deadline pass, and (the first time) after how many hours. */
async function overdueReason(
  ctx: EventContext,
  r: RequestRow,
  from: number | null,
  overdue: { reason: 'accept_overdue' | 'resolve_overdue'; due: Date },
) {
  const name = await memberName(ctx.tx, from);
  const hours =
    r.escalationLevel <= 1 && r.acceptedAt === null
      ? Math.round((overdue.due.getTime() - r.createdAt.getTime()) / 3_600_000)
      : 0;
  return (t: Texts) => t.requests.escalatedBecause(overdue.reason, name, hours > 0 ? hours : null);
}

/** Why a card a person sent up came: who sent it (a member by name; a resident's own 上报 has no card reason). */
async function handReason(ctx: EventContext, by: EventActor): Promise<((t: Texts) => string) | undefined> {
  if (by.kind !== 'member') return undefined;
  const name = await memberName(ctx.tx, by.id);
  return name ? (t: Texts) => t.requests.escalatedBy(name) : undefined;
}

/** The households that reported the same matter, each on the account it reported from. */
async function tellFollowers(ctx: EventContext, r: RequestRow, build: (t: Texts) => string): Promise<void> {
  for (const id of await followerIdentities(ctx.tx, r.ref)) {
    if (id !== r.originIdentityId) await ctx.send(await identityAddress(ctx.tx, id), (t) => ({ text: build(t) }));
  }
}

async function tellAssignee(ctx: EventContext, r: RequestRow, build: (t: Texts) => string): Promise<void> {
  if (r.assigneeId !== null) await sendToMember(ctx, r.assigneeId, (t) => ({ text: build(t) }));
}

/**
 * Status news goes to the platform the resident wrote from (another account of the household once that
 * one is unbound), and to the households that reported the
 * same matter (followers). Only the requester gets buttons: the rating is theirs to give. News that
 * can wait waits for the morning unless the matter is urgent.
 */
/** The rating question (1 满意 / 2 基本满意 / 3 不满意): a bare "1" from the household answers it. */
async function expectRating(ctx: EventContext, r: RequestRow): Promise<void> {
  await addExpectations(
    ctx.tx,
    {
      householdIds: [r.householdId],
      kind: 'rating',
      scope: r.ref,
      answers: expectedAnswers.rating(r.ref),
      expiresAt: new Date(ctx.now.getTime() + expectationTtlMs.rating),
    },
    ctx.now,
  );
}

async function tellResidentAbout(
  ctx: EventContext,
  r: RequestRow,
  build: (t: Texts) => string,
  buttons?: (t: Texts) => OutButton[][],
  opts: { requesterOnly?: boolean; quiet?: boolean; event?: string } = {},
): Promise<void> {
  const village = await villageById(ctx.tx, r.villageId);
  const quiet = village && (opts.quiet || r.urgency !== 'urgent') ? { quietHoursIn: quietHoursOf(village) } : {};
  const notice: { notice?: RequestNotice } = opts.event
    ? {
        notice: {
          kind: opts.event === 'resolved' || opts.event === 'rating_reminder' ? 'resolved' : 'status',
          ref: r.ref,
          event: opts.event,
          requestKind: r.kind,
          summary: r.summary,
          at: ctx.now.toISOString(),
          timeZone: village?.timezone ?? 'Asia/Shanghai',
        },
      }
    : {};
  await ctx.send(
    await requesterAddress(ctx.tx, r.originIdentityId, r.householdId),
    (t) => ({ text: build(t), ...(buttons ? { buttons: buttons(t) } : {}), ...notice }),
    quiet,
  );
  if (opts.requesterOnly) return;
  for (const id of await followerIdentities(ctx.tx, r.ref)) {
    if (id !== r.originIdentityId)
      await ctx.send(await identityAddress(ctx.tx, id), (t) => ({ text: build(t).split('\n')[0]!, ...notice }), quiet);
  }
}
