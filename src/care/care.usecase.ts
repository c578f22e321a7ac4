import { closeExpectations, openExpectations } from '../data/expectations.repository.js';
import {
  householdAccounts,
  insertVisit,
  proxyIdentity,
  savePending,
  setVisitRequest,
  takePending,
} from '../data/care.repository.js';
import { addPoints, villagePointRules } from '../data/member-ratings.repository.js';
import { pointsTable } from '../domain/member-points.js';
import { residentNamed } from '../data/open311.repository.js';
import { householdById, villageById, villageRoster } from '../data/people.repository.js';
import { type RequestRow, updateRequest } from '../data/requests.repository.js';
import type { CareCommand } from './care.commands.js';
import { careCallbacks } from './care.commands.js';
import { findingOf, nextVisitDue, noteClauses } from '../domain/care.js';
import type { ClassifyResult, RequestKind } from '../domain/classification.js';
import { byId, resolveHousehold, type RosterHousehold } from '../domain/people.resolve.js';
import { formatRef } from '../domain/reference.js';
import { householdShown, pickHousehold } from '../messaging/people.pick.js';
import type { MemberTurn, ResidentTurn } from '../messaging/turn.js';
import { createRequest } from '../requests/create-request.js';
import { textsFor } from '../texts/index.js';
import { belowConfidenceFloor } from '../classify/offline.classifier.js';

/** The model's reading of a piece of text, and whether it is sure of it (the chat layer knows the floor). */
export type NoteClassifier = (text: string) => Promise<{ result: ClassifyResult; confident: boolean }>;

const MAX_TEXT = 2000;

/** 走访 / 代报 and the button that picks the household: the member's own commands of care (未诉先办). */
export async function careCommand(turn: MemberTurn, cmd: CareCommand, classify: NoteClassifier): Promise<void> {
  const { t } = turn;
  // A household's answer to a check-in: never a member's.
  if (cmd.type === 'care_checkin') return turn.reply(t.errors.leaderOnly);
  if (cmd.type === 'care_pick') {
    const kept = await takePending(turn.tx, cmd.pendingId, turn.actor.member.id);
    if (!kept) return turn.reply(t.care.pendingGone);
    const roster = await villageRoster(turn.tx, turn.actor.village.id);
    const r = resolveHousehold(roster, cmd.household);
    if (r.kind !== 'one') return turn.reply(t.care.pendingGone);
    if (kept.action === 'visit') return recordVisit(turn, r.item, kept.text, classify);
    await fileFor(turn, r.item, kept.text, classify);
    return;
  }
  const action = cmd.type === 'care_visit' ? 'visit' : 'proxy';
  const usage = action === 'visit' ? t.care.usageVisit : t.care.usageProxy;
  if (!cmd.words) return turn.reply(usage);
  const split = await namedHousehold(turn, cmd.words, action);
  if (!split) return;
  if (action === 'proxy' && !split.rest) return turn.reply(usage);
  if (action === 'visit') return recordVisit(turn, split.household, split.rest, classify);
  await fileFor(turn, split.household, split.rest, classify);
}

/**
 * The household at the start of the words, as villagers say it: one word ("一组2号", "杨志强家") or two
 * ("二组 王桂兰", "三组1号 杨志强家"); the rest is the note. Several fit: the words wait for a button; none: the
 * member is told who is close. Null when asked or told.
 */
async function namedHousehold(
  turn: MemberTurn,
  words: string,
  action: 'visit' | 'proxy',
): Promise<{ household: RosterHousehold; rest: string } | null> {
  const villageId = turn.actor.village.id;
  const roster = await villageRoster(turn.tx, villageId);
  const parts = words.split(/\s+/);
  const phrase = (n: number) => parts.slice(0, n).join(' ');
  const one = resolveHousehold(roster, phrase(1));
  const two = parts.length >= 2 ? resolveHousehold(roster, phrase(2)) : null;
  const n = one.kind === 'one' ? 1 : two?.kind === 'one' ? 2 : one.kind === 'many' ? 1 : two?.kind === 'many' ? 2 : 1;
  const chosen = n === 1 ? one : two!;
  // Kept to the raw words' own spacing: the note after the household's words, as typed.
  const rest = words
    .trim()
    .replace(n === 2 ? /^\S+\s+\S+/ : /^\S+/, '')
    .trim()
    .slice(0, MAX_TEXT);
  if (chosen.kind === 'one') return { household: chosen.item, rest };
  const pendingId =
    chosen.kind === 'many'
      ? await savePending(turn.tx, { memberId: turn.actor.member.id, action, text: rest, createdAt: turn.now })
      : 0;
  const form = (who: string) =>
    action === 'visit' ? turn.t.care.visitForm(who, rest) : turn.t.care.proxyForm(who, rest);
  const picked = await pickHousehold(turn, villageId, phrase(n), {
    button: (h) => careCallbacks.pick(pendingId, byId(h.id)),
    form,
  });
  return picked ? { household: picked, rest } : null;
}

/** 入户走访: the visit is kept; what the note says is lacking or broken is filed for the household, marked as found on the visit. */
async function recordVisit(
  turn: MemberTurn,
  h: RosterHousehold,
  note: string,
  classify: NoteClassifier,
): Promise<void> {
  const { tx, now, t } = turn;
  const village = turn.actor.village;
  const visitId = await insertVisit(tx, {
    villageId: village.id,
    householdId: h.id,
    memberId: turn.actor.member.id,
    at: now,
    note,
  });
  // 党员积分 on the event itself: the visit's point, traced to it (`visit:<id>`).
  const points = pointsTable(await villagePointRules(tx, village.id)).visit;
  if (points) {
    await addPoints(tx, [
      {
        villageId: village.id,
        memberId: turn.actor.member.id,
        rule: 'visit',
        points,
        source: `visit:${visitId}`,
        at: now,
        recordedAt: now,
      },
    ]);
  }
  const findings: { clause: string; kind: RequestKind }[] = [];
  for (const clause of noteClauses(note)) {
    const { result, confident } = await classify(clause);
    const kind = findingOf(clause, { kind: result.kind, confident });
    if (kind) findings.push({ clause, kind });
  }
  let filed: RequestRow | null = null;
  if (findings.length) {
    const text = findings.map((f) => f.clause).join('，');
    filed = await onBehalf(turn, h, text, findings[0]!.kind, classify, { onVisit: true, visitId, note });
    await setVisitRequest(tx, visitId, filed.ref);
  }
  const row = await householdById(tx, h.id);
  const v = await villageById(tx, village.id);
  const shown = householdShown(t, await villageRoster(tx, village.id), h);
  const next = row?.careReason
    ? t.format.due(nextVisitDue(row.careReason, v?.careCadence ?? {}, now, row.careSince ?? now), village.timezone)
    : null;
  await turn.reply(
    t.care.visited(shown, next ?? null, filed ? { ref: formatRef(filed.ref), summary: filed.summary } : null),
  );
}

/**
 * 代报: the member files what the household would have written — from chat, or from the desk's form once the
 * member has picked the household (the desk's turn shows the member's answer on the page). Answers the request's number.
 */
export async function fileFor(
  turn: MemberTurn,
  h: RosterHousehold,
  text: string,
  classify: NoteClassifier,
): Promise<number> {
  const { result, confident } = await classify(text);
  const kind =
    result.kind !== 'other' && confident ? result.kind : (findingOf(text, { kind: result.kind, confident }) ?? 'help');
  const r = await onBehalf(turn, h, text, kind, classify, { onVisit: false, visitId: null, note: null });
  const told = (await householdAccounts(turn.tx, h.id)).length;
  const shown = householdShown(turn.t, await villageRoster(turn.tx, turn.actor.village.id), h);
  await turn.reply(turn.t.care.proxied(formatRef(r.ref), shown, told));
  return r.ref;
}

/**
 * Files a request that is the household's own: the household's head is its resident, its accounts get the
 * receipt (the member's account files through an unbound stand-in, so the news goes to the household, as for
 * a report from another system); the request says who filed it and whether on a visit.
 */
async function onBehalf(
  turn: MemberTurn,
  h: RosterHousehold,
  text: string,
  kind: RequestKind,
  classify: NoteClassifier,
  how: { onVisit: boolean; visitId: number | null; note: string | null },
): Promise<RequestRow> {
  const { tx, now } = turn;
  const member = turn.actor.member;
  const household = (await householdById(tx, h.id))!;
  const identity = await proxyIdentity(tx, member, now);
  const residentId = await residentNamed(tx, household.id, household.head, now);
  const zh = textsFor('zh');
  let receipt = '';
  const rturn: ResidentTurn = {
    ...turn,
    t: zh,
    actor: { kind: 'resident', identity, residentId, household, village: turn.actor.village },
    // The receipt is the household's: it is sent to each of its accounts below, not to the member.
    reply: async (said) => {
      if (!receipt) receipt = said;
    },
    replyInChat: async () => {},
    // `queued` stays the member's turn's: what this one queues is written once, when that turn ends.
  };
  const { result } = await classify(text);
  let r = await createRequest(rturn, text, {
    ...result,
    kind,
    summary: result.kind === kind && result.summary ? result.summary : text.slice(0, 40),
  });
  r = await updateRequest(tx, r.ref, {
    details: {
      ...r.details,
      filedBy: {
        memberId: member.id,
        name: member.name,
        onVisit: how.onVisit,
        visitId: how.visitId,
        ...(how.note ? { visitNote: how.note } : {}),
      },
    },
  });
  for (const to of await householdAccounts(tx, household.id)) {
    await turn.send(to, (t) => ({ text: t.care.proxiedToHousehold(receipt, member.name, how.onVisit) }));
  }
  return r;
}

/**
 * A care household answered the check-in (关爱问候) the sweep sent where the village lets one stand in for a
 * visit: any reply is kept as this visit, with its words. A reply that is a matter (the model's reading of it)
 * is also filed as the household's own request, as if written any other time.
 */
export async function checkinAnswered(turn: ResidentTurn, c: ClassifyResult | null): Promise<void> {
  const { tx, now } = turn;
  const h = turn.actor.household;
  const text = (turn.msg.text ?? '').trim().slice(0, MAX_TEXT);
  // Only while the check-in is open: a made-up button records nothing.
  if (!(await openExpectations(tx, h.id, now)).some((e) => e.kind === 'care_checkin'))
    return turn.reply(turn.t.replies.ack);
  await closeExpectations(tx, 'care_checkin', h.id, h.id, now);
  const visitId = await insertVisit(tx, {
    villageId: h.villageId,
    householdId: h.id,
    memberId: null,
    at: now,
    note: text,
    checkin: true,
  });
  const matter = c && !c.chatter && c.kind !== 'other' && (c.urgency === 'urgent' || !belowConfidenceFloor(c));
  if (matter) {
    const r = await createRequest(turn, text, c);
    await setVisitRequest(tx, visitId, r.ref);
    return;
  }
  await turn.reply(turn.t.care.checkinThanks);
}
