import { closeDraft, type DraftKind, type DraftRow, lastLapsedDraft, saveDraft } from '../data/drafts.repository.js';
import { closeExpectations, openExpectations } from '../data/expectations.repository.js';
import { caseOfRequest } from '../data/mediation.repository.js';
import { deliberationById } from '../data/deliberation.repository.js';
import { belowConfidenceFloor } from '../classify/offline.classifier.js';
import type { ClassifyResult } from '../domain/classification.js';
import {
  type Expectation,
  type TalkFit,
  type TalkFits,
  isAcknowledgement,
  matchExpectation,
} from '../domain/expectations.js';
import { formatDeliberation, formatNotice } from '../domain/deliberation.commands.js';
import { acceptsComments } from '../domain/deliberation.machine.js';
import { isClearlyNew, isThanks, kindChoices, type Pending, ttlMs } from '../domain/conversation.machine.js';
import { formatRef } from '../domain/reference.js';
import { callbackData, cleanText, type Command, parseCallback } from '../domain/commands.js';
import type { CommandContext } from '../messaging/command.handler.js';
import { awaitedCaseCommand, commentDraftOf, pendingOf } from '../messaging/pending.js';
import type { ResidentTurn, Turn } from '../messaging/turn.js';
import { answerDraft, intake } from '../requests/intake.usecase.js';
import { createRequest } from '../requests/create-request.js';
import { rate, rateReason } from '../requests/rating.usecase.js';
import { mediationResidentCommand } from '../mediation/mediation.dispatch.js';
import { partyStatement } from '../mediation/statement.usecase.js';
import { deliberationComment } from '../deliberation/comments.usecase.js';
import { MAX_REQUEST_TEXT } from './limits.js';

/** The resident's 取消: the open question ends (nothing to cancel: said so). */
export async function cancelDraft({ turn, draft }: CommandContext<Command, ResidentTurn>): Promise<void> {
  if (!draft) return turn.reply(turn.t.draft.nothingToCancel);
  await closeDraft(turn.tx, draft.id, turn.now);
  return turn.reply(turn.t.draft.cancelled);
}

/**
 * A resident's text, a rating without its number, 补充 / 新的 and a kind: what they mean depends on the open
 * question, so they go through the conversation (src/domain/conversation.machine.ts) together.
 */
export async function converse(
  ctx: CommandContext<Extract<Command, { type: 'text' | 'rate' | 'followup' | 'choose_kind' }>, ResidentTurn>,
): Promise<void> {
  const { turn, cmd, draft, pending, choice, classification } = ctx;
  const decision = ctx.decision;
  const { t } = turn;
  if (
    draft &&
    decision === 'answer' &&
    pending.state === 'awaiting_text' &&
    pending.action === 'record' &&
    draft.requestRef !== null &&
    cmd.type === 'text'
  ) {
    await closeDraft(turn.tx, draft.id, turn.now);
    return mediationResidentCommand(turn, awaitedCaseCommand(draft, cleanText(cmd.text)));
  }
  if (draft && decision === 'ask_again') return putAgain(turn, draft, pending);
  // 看了 / 收到 / 好的 with nothing it answers: a warm word, never a request (an open question stays open).
  if (cmd.type === 'text' && decision !== 'answer' && isAcknowledgement(cmd.text))
    return turn.reply(isThanks(cmd.text) ? t.conversation.thanks : t.replies.ack);
  if (draft && decision === 'answer' && pending.state === 'case_or_new')
    return caseOrNew(turn, draft, choice?.yesNo ?? 'new');
  if (draft && decision === 'answer' && pending.state === 'say_or_now')
    return sayOrNow(turn, draft, choice?.yesNo ?? 'new');
  if (draft && decision === 'ask_same_or_new' && cmd.type === 'text') {
    // Keep both: the question still open, and the text that may or may not answer it.
    const original = {
      text: draft.text,
      classification: draft.classification,
      missing: draft.missing,
      requestRef: draft.requestRef,
      expiresAt: draft.expiresAt,
    };
    await saveDraft(
      turn.tx,
      {
        identityId: turn.actor.identity.id,
        text: cleanText(cmd.text).slice(0, MAX_REQUEST_TEXT),
        classification: { original, c: classification },
        missing: 'same_or_new',
        requestRef: null,
        expiresAt: new Date(turn.now.getTime() + ttlMs({ state: 'same_or_new' })),
      },
      turn.now,
    );
    return turn.reply(t.conversation.sameOrNew, [
      [
        { label: t.draft.addButton, data: callbackData.followUp('add') },
        { label: t.draft.newButton, data: callbackData.followUp('new') },
      ],
    ]);
  }
  if (draft && decision === 'answer' && pending.state === 'same_or_new')
    return sameOrNew(turn, draft, choice?.yesNo ?? 'new');
  if (draft && decision === 'answer') {
    const text = cmd.type === 'text' ? cleanText(cmd.text).slice(0, MAX_REQUEST_TEXT) : '';
    if (pending.state === 'rating_reason') {
      await closeDraft(turn.tx, draft.id, turn.now);
      return rateReason(turn, pending.ref, text);
    }
    const kind = choice?.kind ? (kindChoices[choice.kind - 1] ?? null) : null;
    return answerDraft(turn, draft, text, choice?.yesNo ?? null, classification, kind);
  }
  if (cmd.type === 'rate') return rate(turn, cmd.ref, cmd.rating);
  if (cmd.type === 'followup' || cmd.type === 'choose_kind') return askAgain(turn);
  const text = cleanText(cmd.text).slice(0, MAX_REQUEST_TEXT);
  if (!text || !classification) return turn.reply(t.greeting);
  if (isThanks(text) && classification.kind === 'other') return turn.reply(t.conversation.thanks);
  // A question holding the person's own words (which kind? for say-things day?) never drops them for the next text.
  if (draft && decision === 'new_matter' && (pending.state === 'say_or_now' || pending.state === 'kind_choice')) {
    if (await keepOrFileHeld(turn, draft, pending, text, classification)) return;
  }
  // A new matter while a question is pending: handled on its own; a fact question stays open, a choice ends.
  if (draft && decision === 'new_matter' && pending.state !== 'fact') await closeDraft(turn.tx, draft.id, turn.now);
  return intake(turn, text, classification, { fragment: decision === 'offer_followup' });
}

/** The answer to "补充，还是新的事？": the text answers the open question, or is handled on its own (the question stays). */
async function sameOrNew(turn: ResidentTurn, draft: DraftRow, choice: 'add' | 'new'): Promise<void> {
  const saved = draft.classification as {
    original: Pick<DraftRow, 'text' | 'classification' | 'missing' | 'requestRef'> & { expiresAt: string };
    c: ClassifyResult | null;
  };
  const { original } = saved;
  if (choice === 'add') {
    return answerDraft(
      turn,
      {
        ...draft,
        text: original.text,
        classification: original.classification,
        missing: original.missing,
        requestRef: original.requestRef,
      },
      draft.text,
      null,
      saved.c,
    );
  }
  await saveDraft(
    turn.tx,
    {
      identityId: turn.actor.identity.id,
      text: original.text,
      classification: original.classification,
      missing: original.missing as DraftKind,
      requestRef: original.requestRef,
      expiresAt: new Date(original.expiresAt),
    },
    turn.now,
  );
  // A "new matter" with no matter the bot can make out would only replace the open question: ask it again.
  // An urgent one is never sent back to the question (safety first): intake files it.
  if (!saved.c || (saved.c.urgency !== 'urgent' && (saved.c.kind === 'other' || belowConfidenceFloor(saved.c)))) {
    const fact = original.missing as 'location' | 'parties' | 'when';
    return turn.reply(turn.t.ask[fact]);
  }
  return intake(turn, draft.text, saved.c);
}

/**
 * A text under "which kind?" or "for say-things day, or now?", which hold what the person said first. More about
 * the same thing ("昨天下午", "就在村口那根") joins those words and the question is put again (true); a matter of its
 * own files the held words now, as handled-now (a held "which kind?" to the group leader as a matter to help with),
 * and the new text goes on (false) — or, if it is urgent, goes first and the held words after it (true). Before,
 * the held words were dropped and the detail became a request without its matter.
 */
async function keepOrFileHeld(
  turn: ResidentTurn,
  draft: DraftRow,
  p: Pending,
  text: string,
  c: ClassifyResult | null,
): Promise<boolean> {
  const held =
    p.state === 'say_or_now'
      ? (draft.classification as { c: ClassifyResult | null }).c
      : (draft.classification as unknown as ClassifyResult);
  if (!held) return false;
  if (!isClearlyNew(text, c, held.kind)) {
    await saveDraft(
      turn.tx,
      {
        identityId: turn.actor.identity.id,
        text: `${draft.text}，${text}`.slice(0, MAX_REQUEST_TEXT),
        classification: draft.classification,
        missing: draft.missing as DraftKind,
        requestRef: draft.requestRef,
        expiresAt: new Date(turn.now.getTime() + ttlMs(p)),
      },
      turn.now,
    );
    await putAgain(turn, draft, p, turn.t.expect.keptWith);
    return true;
  }
  await closeDraft(turn.tx, draft.id, turn.now);
  // An urgent matter goes first (its receipt, its 120 advice), the held words right after it.
  const urgentFirst = c !== null && c.urgency === 'urgent';
  if (urgentFirst) await intake(turn, text, c);
  await turn.reply(turn.t.expect.heldFiled);
  const {
    answered: _a,
    confirmedKind: _k,
    sameRef: _s,
    ...said
  } = held as ClassifyResult & { answered?: unknown; confirmedKind?: unknown; sameRef?: unknown };
  // Of no kind the person chose: to the group leader as a matter to help with, who sees the words and can say which
  // kind it is. (Filed as `other`, it reached nobody and the person got no receipt.)
  await createRequest(turn, draft.text, p.state === 'kind_choice' ? { ...said, kind: 'help' } : said);
  return urgentFirst;
}

/** 好 / 收到 / 是 under a question that wants something else: the same question again, with its buttons; it stays open. */
async function putAgain(turn: ResidentTurn, draft: DraftRow, p: Pending, again = turn.t.expect.again): Promise<void> {
  const { t } = turn;
  const yesNo = (yes: string, no: string) => [
    [
      { label: yes, data: callbackData.followUp('add') },
      { label: no, data: callbackData.followUp('new') },
    ],
  ];
  switch (p.state) {
    case 'fact':
      return turn.reply(`${again}${t.ask[p.fact]}`);
    case 'kind_choice': {
      const buttons = kindChoices.map((k, i) => ({
        label: t.conversation.kindButton(i + 1, t.kind[k]),
        data: callbackData.chooseKind(i + 1),
      }));
      return turn.reply(`${again}${t.expect.pickKind}`, [buttons.slice(0, 4), buttons.slice(4)]);
    }
    case 'followup':
      return turn.reply(
        `${again}${t.draft.followUpAsk(formatRef(p.ref))}`,
        yesNo(t.draft.addButton, t.draft.newButton),
      );
    case 'same_or_new':
      return turn.reply(`${again}${t.conversation.sameOrNew}`, yesNo(t.draft.addButton, t.draft.newButton));
    case 'same_matter':
      return turn.reply(`${again}${t.expect.yesOrNo}`, yesNo(t.conversation.yesButton, t.conversation.noButton));
    case 'case_or_new': {
      const matter = commentDraftOf(draft);
      if (matter !== null)
        return turn.reply(
          `${again}${t.deliberationComments.commentOrNew(formatDeliberation(matter))}`,
          commentOrNewButtons(t),
        );
      const c = await caseOfRequest(turn.tx, p.ref);
      return turn.reply(
        `${again}${c ? t.replies.caseOrNew(c.caseNo) : t.expect.yesOrNo}`,
        yesNo(t.replies.caseButton, t.replies.otherButton),
      );
    }
    case 'rating_reason':
      return turn.reply(t.expect.reasonAgain(formatRef(p.ref)));
    case 'say_or_now':
      return turn.reply(`${again}${t.expect.sayThingsOrNow}`, yesNo(t.expect.sayThingsButton, t.expect.nowButton));
    default:
      return turn.reply(t.replies.ack);
  }
}

/** How a button names what an expectation is about: the notice G5, the matter D2, the request #12. */
function scopeShown(e: Expectation): string {
  if (e.kind === 'notice_read') return formatNotice(e.scope);
  // A rating round and a check-in have no number people know: the kind and the answer's label say which.
  if (e.kind === 'member_rating' || e.kind === 'care_checkin') return '';
  if (e.kind === 'ballot' || e.kind === 'evaluation' || e.kind === 'deliberation_comment')
    return formatDeliberation(e.scope);
  return formatRef(e.scope);
}

/**
 * What free text is to each conversation the household may be in. Urgent comes first, however unsure the kind:
 * filed at once, never kept in a case's record nor asked about. Another kind the model can place is asked about:
 * a repair silently kept in a dispute's record is lost to the leader who would fix it. An opinion is often
 * classified a proposal, so a comment on a matter is only questioned when the model is fairly sure (0.6).
 */
function talkFits(c: ClassifyResult | null): TalkFits {
  const fit = (own: readonly string[], minConfidence: number): TalkFit => {
    if (c?.urgency === 'urgent') return 'urgent';
    if (!c || belowConfidenceFloor(c) || own.includes(c.kind) || c.confidence < minConfidence) return 'own';
    return 'other';
  };
  return { case: fit(['dispute', 'other'], 0), comment: fit(['proposal', 'other', 'say_things'], 0.6) };
}

/**
 * Matches a typed reply against what the household was sent (src/domain/expectations.ts) and acts on it:
 * the answer runs as the button it stands for; a number several things could take is asked about; a case
 * party's words go on the case. False when the text answers nothing: it goes on as any other text.
 */
export async function answerExpectation(
  turn: ResidentTurn,
  text: string,
  c: ClassifyResult | null,
  dispatch: (cmd: Command, c?: ClassifyResult | null) => Promise<void>,
  /** The household's open expectations when the turn read them already (its first statement). */
  known?: Expectation[],
): Promise<boolean> {
  if (/^\s*说事/.test(text)) return false;
  let open = known ?? (await openExpectations(turn.tx, turn.actor.household.id, turn.now));
  const { t } = turn;
  while (open.length) {
    const m = matchExpectation({ state: 'idle' }, open, text, turn.now, talkFits(c), hasMatter(c));
    if (m.match === 'none') return false;
    if (m.match === 'say_things_ack') {
      await turn.reply(t.expect.sayThingsAck);
      return true;
    }
    if (m.match === 'ask_say_things') {
      // Both answers lead somewhere: the text is kept with the question.
      await saveDraft(
        turn.tx,
        {
          identityId: turn.actor.identity.id,
          text: cleanText(text).slice(0, MAX_REQUEST_TEXT),
          classification: { c, session: m.expectation.scope },
          missing: 'say_or_now',
          requestRef: null,
          expiresAt: new Date(turn.now.getTime() + ttlMs({ state: 'say_or_now' })),
        },
        turn.now,
      );
      await turn.reply(t.expect.sayThingsOrNow, [
        [
          { label: t.expect.sayThingsButton, data: callbackData.followUp('add') },
          { label: t.expect.nowButton, data: callbackData.followUp('new') },
        ],
      ]);
      return true;
    }
    if (m.match === 'answer') {
      const cmd = parseCallback(m.answer.data);
      if (!cmd) return false;
      // The model's reading goes with it: a check-in's answer that is a matter is filed as one.
      await dispatch(cmd, cmd.type === 'care_checkin' ? c : null);
      return true;
    }
    if (m.match === 'ambiguous') {
      await turn.reply(
        t.replies.which,
        m.options.map((o) => [
          {
            label: t.replies.option(o.expectation.kind, scopeShown(o.expectation), o.answer.label),
            data: o.answer.data,
          },
        ]),
      );
      return true;
    }
    if (
      m.match === 'comment' &&
      (await deliberationComment(turn, m.expectation.scope, cleanText(text).slice(0, MAX_REQUEST_TEXT)))
    )
      return true;
    const matter = m.match === 'ask_comment' ? await deliberationById(turn.tx, m.expectation.scope) : null;
    if (matter && acceptsComments(matter.status)) {
      // Asked as for a case: the text waits with the question, the matter in the draft (it is no request).
      await saveDraft(
        turn.tx,
        {
          identityId: turn.actor.identity.id,
          text: cleanText(text).slice(0, MAX_REQUEST_TEXT),
          classification: { c, deliberation: matter.id },
          missing: 'case_or_new',
          requestRef: null,
          expiresAt: new Date(turn.now.getTime() + ttlMs({ state: 'case_or_new', ref: 0 })),
        },
        turn.now,
      );
      await turn.reply(t.deliberationComments.commentOrNew(formatDeliberation(matter.id)), commentOrNewButtons(t));
      return true;
    }
    const ref = m.expectation.scope;
    if (m.match === 'statement' && (await partyStatement(turn, ref, cleanText(text).slice(0, MAX_REQUEST_TEXT))))
      return true;
    const open_ = m.match === 'ask_case' ? await caseOfRequest(turn.tx, ref) : null;
    if (open_) {
      // Both answers lead somewhere: the text is kept with the question.
      await saveDraft(
        turn.tx,
        {
          identityId: turn.actor.identity.id,
          text: cleanText(text).slice(0, MAX_REQUEST_TEXT),
          classification: { c },
          missing: 'case_or_new',
          requestRef: ref,
          expiresAt: new Date(turn.now.getTime() + ttlMs({ state: 'case_or_new', ref })),
        },
        turn.now,
      );
      await turn.reply(t.replies.caseOrNew(open_.caseNo), [
        [
          { label: t.replies.caseButton, data: callbackData.followUp('add') },
          { label: t.replies.otherButton, data: callbackData.followUp('new') },
        ],
      ]);
      return true;
    }
    open = open.filter((e) => e.id !== m.expectation.id);
  }
  return false;
}

/** A matter of its own the person could mean for say-things day: never an urgent one (safety first), never chatter. */
function hasMatter(c: ClassifyResult | null): boolean {
  // Never a danger either: every hazard is routed as urgent.
  return c !== null && c.urgency !== 'urgent' && c.kind !== 'hazard' && c.kind !== 'other' && c.kind !== 'say_things';
}

/** The answer to "留到说事日，还是现在就办？": a topic for the day, or a matter handled now. */
async function sayOrNow(turn: ResidentTurn, draft: DraftRow, choice: 'add' | 'new'): Promise<void> {
  await closeDraft(turn.tx, draft.id, turn.now);
  const { c, session } = draft.classification as { c: ClassifyResult | null; session?: number };
  if (!c) return turn.reply(turn.t.greeting);
  if (choice === 'add') return intake(turn, `说事：${draft.text}`, c);
  // Handled now: the person uses the chat for today's matters, so the next one is not asked about the day again.
  if (typeof session === 'number')
    await closeExpectations(turn.tx, 'say_things', session, turn.actor.household.id, turn.now);
  return intake(turn, draft.text, c);
}

/** The answer to "这是调解案件…的事，还是另一件事？": the party's statement, or handled as a matter of its own. */
async function caseOrNew(turn: ResidentTurn, draft: DraftRow, choice: 'add' | 'new'): Promise<void> {
  await closeDraft(turn.tx, draft.id, turn.now);
  const c = (draft.classification as { c: ClassifyResult | null }).c;
  const matter = commentDraftOf(draft);
  if (choice === 'add' && matter !== null && (await deliberationComment(turn, matter, draft.text))) return;
  if (choice === 'add' && draft.requestRef !== null && (await partyStatement(turn, draft.requestRef, draft.text)))
    return;
  if (!c) return turn.reply(turn.t.greeting);
  return intake(turn, draft.text, c, { skipFollowUp: true });
}

/**
 * A choice button (补充 / 新的事, a kind) pressed when nothing waits for it. A question that lapsed
 * within the day still holds the person's words: it is asked again rather than the words dropped.
 */
async function askAgain(turn: ResidentTurn): Promise<void> {
  const { t, now } = turn;
  const lapsed = await lastLapsedDraft(
    turn.tx,
    turn.actor.identity.id,
    ['followup', 'case_or_new'],
    new Date(now.getTime() - 86_400_000),
  );
  if (!lapsed) return turn.reply(t.conversation.choiceExpired);
  const ref = lapsed.requestRef ?? 0;
  const matter = commentDraftOf(lapsed);
  const c = lapsed.missing === 'case_or_new' && matter === null ? await caseOfRequest(turn.tx, ref) : null;
  if (lapsed.missing === 'case_or_new' && !c && matter === null) return turn.reply(t.conversation.choiceExpired);
  await saveDraft(
    turn.tx,
    {
      identityId: turn.actor.identity.id,
      text: lapsed.text,
      classification: lapsed.classification,
      missing: lapsed.missing as DraftKind,
      requestRef: lapsed.requestRef,
      expiresAt: new Date(now.getTime() + ttlMs(pendingOf(lapsed))),
    },
    now,
  );
  const question =
    matter !== null
      ? t.deliberationComments.commentOrNew(formatDeliberation(matter))
      : c
        ? t.replies.caseOrNew(c.caseNo)
        : t.draft.followUpAsk(formatRef(ref));
  const [add, other] =
    matter !== null
      ? [t.deliberationComments.commentButton, t.deliberationComments.otherButton]
      : c
        ? [t.replies.caseButton, t.replies.otherButton]
        : [t.draft.addButton, t.draft.newButton];
  return turn.reply(`${t.replies.stale}\n${question}`, [
    [
      { label: add, data: callbackData.followUp('add') },
      { label: other, data: callbackData.followUp('new') },
    ],
  ]);
}

function commentOrNewButtons(t: Turn['t']) {
  return [
    [
      { label: t.deliberationComments.commentButton, data: callbackData.followUp('add') },
      { label: t.deliberationComments.otherButton, data: callbackData.followUp('new') },
    ],
  ];
}
