import type { Db, Tx } from '../data/database.js';
import { closeDraft, type DraftKind, type DraftRow, lastLapsedDraft, openDraft, saveDraft } from '../data/drafts.repository.js';
import { closeExpectations, openExpectations } from '../data/expectations.repository.js';
import { caseOfRequest } from '../data/mediation.repository.js';
import { openTasks } from '../data/requests.repository.js';
import { findActor, touchIdentity } from '../data/people.repository.js';
import type { InboundMessage } from '../channels/channel.port.js';
import { belowConfidenceFloor } from '../classify/offline.classifier.js';
import type { Classifier, ClassifyResult } from '../domain/classification.js';
import { answersQuestion } from '../domain/clarify.js';
import { type Expectation, type TalkFit, type TalkFits, isAcknowledgement, matchExpectation } from '../domain/expectations.js';
import { formatDeliberation, formatNotice } from '../domain/deliberation.commands.js';
import { acceptsComments } from '../domain/deliberation.machine.js';
import type { MediationCommand } from '../domain/mediation.commands.js';
import { decide, type Input, isClearlyNew, looksLikeAnswer, isFragment, isThanks, kindChoices, kindOfChoice, type Pending, ttlMs, yesNoOf } from '../domain/conversation.machine.js';
import { formatRef } from '../domain/reference.js';
import { callbackData, cleanText, type Command, mayUse, parseCallback, parseCommand, parseReflessTask, type ReflessTask, taskCommand } from '../domain/commands.js';
import { transition } from '../domain/request.machine.js';
import type { IdentityPolicy } from '../domain/binding.js';
import type { SlaPolicy } from '../domain/deadlines.js';
import { expiredWaitButtons, expiredWaitText, pendingOf } from '../messaging/pending.js';
import { makeTurn, type MemberTurn, type ResidentTurn, type Turn } from '../messaging/turn.js';
import { attachChosen, mediaOnly } from '../requests/attachments.usecase.js';
import { changeKind } from '../requests/change-kind.usecase.js';
import { placeOnly } from '../requests/place.usecase.js';
import { answerDraft, intake } from '../requests/intake.usecase.js';
import { rate, rateReason, reopen } from '../requests/rating.usecase.js';
import { leaderAction } from '../requests/request.actions.js';
import { isMediationCommand, mediationMemberCommand, mediationResidentCommand } from '../mediation/mediation.dispatch.js';
import { acceptAndOpen } from '../mediation/open.usecase.js';
import { partyStatement } from '../mediation/statement.usecase.js';
import { answerSurvey, castVote } from '../deliberation/ballot.usecase.js';
import { openRoundFromChat, rateMember } from '../ratings/rating-round.usecase.js';
import { deliberationCommand } from '../deliberation/deliberation.chat.js';
import { deliberationComment } from '../deliberation/comments.usecase.js';
import { deliberationById } from '../data/deliberation.repository.js';
import { readNotice, showNotices } from '../notices/notices.chat.js';
import { invalidate, withdraw } from '../requests/withdraw.usecase.js';
import { listMine, viewRequest } from '../requests/request.views.js';
import { handOverTopic, recordOutcome, showAgenda } from '../rhythm/topics.usecase.js';
import { bind } from './bind.usecase.js';
import { identityCommand, isIdentityCommand } from './identity.usecase.js';
import { linkRoom } from './room.usecase.js';
import { careCommand, checkinAnswered, type NoteClassifier } from '../care/care.usecase.js';
import { type CareCommand, isCareCommandType } from '../domain/care.commands.js';
import { noteClauses } from '../domain/care.js';

/** Texts longer than this are kept whole in the inbound log but not in a request. */
export const MAX_REQUEST_TEXT = 2000;

export function commandOf(msg: InboundMessage): Command | null {
  if (msg.action) return parseCallback(msg.action);
  if (msg.text === null) return null;
  return parseCommand(msg.text);
}

/**
 * Handles one stored inbound message: classification (which may call a remote model) runs before the
 * transaction, so no database lock waits on the network; every write and reply commits together.
 */
export async function handleInbound(db: Db, classifier: Classifier, msg: InboundMessage, now: Date, markDone: (tx: Tx) => Promise<void>,
  sla?: SlaPolicy, identity?: IdentityPolicy): Promise<void> {
  const cmd = commandOf(msg);
  // Only residents' free text is classified: a stranger's costs no model call, whatever they send.
  const wanted = (a: { kind: string }) => a.kind === 'resident' && cmd?.type === 'text' && Boolean(cmd.text);
  const classify = () => classifier.classify(cmd?.type === 'text' ? cmd.text.slice(0, MAX_REQUEST_TEXT) : '');
  let classification: (ClassifyResult & { promptVersion?: string }) | null = null;
  if (!classifier.inProcess && wanted(await findActor(db, msg.platform, msg.userId))) classification = await classify();
  const careClassify = await careNoteClassifier(classifier, cmd);
  await db.transaction(async (tx) => {
    const actor = await findActor(tx, msg.platform, msg.userId);
    if (classifier.inProcess && wanted(actor)) classification = await classify();
    const turn = makeTurn(tx, now, msg, actor, sla, identity);
    if (actor.kind !== 'stranger') await touchIdentity(tx, actor.identity, now);
    await dispatch(turn, cmd, classification, careClassify);
    await turn.flush();
    await markDone(tx);
  });
}

/** The choice a command stands for in a choice state: 补充 / 新的 (or 1 / 2), a kind (1…7), 是 / 不是. */
function choiceOf(p: Pending, cmd: Command): { yesNo: 'add' | 'new' | null; kind: number | null } | null {
  if (p.state === 'say_or_now' && cmd.type === 'text') {
    // "说事日再说" / "现在就办" typed instead of pressed.
    if (/说事日|留着|当面|再说/.test(cmd.text)) return { yesNo: 'add', kind: null };
    if (/现在|马上|立刻|^now$/i.test(cmd.text.trim())) return { yesNo: 'new', kind: null };
  }
  if (p.state === 'followup' || p.state === 'same_matter' || p.state === 'same_or_new' || p.state === 'case_or_new' || p.state === 'say_or_now') {
    if (cmd.type === 'followup') return { yesNo: cmd.choice, kind: null };
    if (cmd.type === 'rate' && cmd.ref === null && cmd.rating !== 'unsatisfied') return { yesNo: cmd.rating === 'satisfied' ? 'add' : 'new', kind: null };
    // 是 / 对 / 好 and 不是 / 不对 answer the two-way question they were typed under.
    const yesNo = cmd.type === 'text' ? yesNoOf(cmd.text) : null;
    if (yesNo) return { yesNo, kind: null };
  }
  if (p.state === 'kind_choice') {
    if (cmd.type === 'choose_kind') return { yesNo: null, kind: cmd.choice };
    if (cmd.type === 'rate' && cmd.ref === null) return { yesNo: null, kind: cmd.rating === 'satisfied' ? 1 : cmd.rating === 'basic' ? 2 : 3 };
    if (cmd.type === 'text') {
      const k = kindOfChoice(cmd.text);
      if (k) return { yesNo: null, kind: kindChoices.indexOf(k) + 1 };
    }
  }
  return null;
}

/** Which input class a message is, given what the chat waits for (see conversation.machine). */
function inputOf(p: Pending, cmd: Command, c: ClassifyResult | null, draft: DraftRow | null): Input {
  if (choiceOf(p, cmd)) return 'choice';
  if (cmd.type !== 'text') return 'command';
  const text = cmd.text.trim();
  if (/^说事/.test(text)) return 'topic';
  if (p.state === 'awaiting_text') return 'answer';
  // 好 / 收到 / 是 that chooses nothing the question offers: the question is put again, never a request.
  if (isAcknowledgement(text) || (p.state !== 'idle' && yesNoOf(text))) return 'ack';
  if (p.state === 'rating_reason') {
    const kind = String(draft?.classification.kind ?? 'other') as ClassifyResult['kind'];
    return isClearlyNew(text, c, kind, false) ? 'new_matter' : 'answer';
  }
  if (p.state === 'fact') {
    const kind = String(draft?.classification.kind ?? 'other') as ClassifyResult['kind'];
    if (isClearlyNew(text, c, kind)) return 'new_matter';
    if (p.state === 'fact' && looksLikeAnswer(p.fact, text)) return 'answer';
    return answersQuestion(text, c, kind) ? 'unsure' : 'new_matter';
  }
  if (p.state === 'idle' && isFragment(text, c)) return 'fragment';
  return 'new_matter';
}

const awaitKinds: readonly string[] = ['await_note', 'await_resolve', 'await_transfer'];

/**
 * A 走访 note or a 代报 text is read by the same model as a resident's words: a remote model's readings of
 * each piece are taken before the transaction (the household's words are split off later, with the roster).
 */
async function careNoteClassifier(classifier: Classifier, cmd: Command | null): Promise<NoteClassifier> {
  const readings = new Map<string, ClassifyResult>();
  if (!classifier.inProcess && (cmd?.type === 'care_visit' || cmd?.type === 'proxy_report')) {
    const words = cmd.words.slice(0, MAX_REQUEST_TEXT);
    for (const rest of [words.replace(/^\S+/, '').trim(), words.replace(/^\S+\s+\S+/, '').trim()]) {
      for (const piece of [rest, ...noteClauses(rest)]) if (piece && !readings.has(piece)) readings.set(piece, await classifier.classify(piece));
    }
  }
  return async (text) => {
    const result = readings.get(text) ?? await classifier.classify(text);
    return { result, confident: !belowConfidenceFloor(result) };
  };
}

async function dispatch(turn: Turn, cmd: Command | null, classification: ClassifyResult | null, careClassify?: NoteClassifier): Promise<void> {
  const { actor, t } = turn;
  if (turn.msg.unsupported && !cmd) return turn.reply(actor.kind === 'stranger' ? t.unbound : t.unsupported);
  if (!cmd && turn.msg.attachments?.length && actor.kind !== 'stranger') {
    return actor.kind === 'resident' ? mediaOnly(turn as ResidentTurn) : turn.reply(t.media.memberMedia);
  }
  if (!cmd && turn.msg.location && actor.kind !== 'stranger') {
    return actor.kind === 'resident' ? placeOnly(turn as ResidentTurn, turn.msg.location) : turn.reply(t.place.memberPlace);
  }
  if (!cmd) return actor.kind === 'stranger' ? turn.reply(t.unbound) : undefined;
  if (cmd.type === 'bind') return bind(turn, cmd.code);
  if (actor.kind === 'stranger') return turn.reply(t.unbound);
  if (isIdentityCommand(cmd)) return identityCommand(turn, cmd);
  // A member account waiting for confirmation gets no tasks and may not act on any request.
  if (actor.kind === 'member' && actor.identity.confirmedAt === null) return turn.reply(t.identity.unconfirmed);
  // Notices (村务公开) leave any open question alone: 已读 is often pressed in a group chat, mid-conversation.
  if (cmd.type === 'notices') return showNotices(turn as MemberTurn | ResidentTurn, cmd.id);
  if (cmd.type === 'notice_read') return readNotice(turn as MemberTurn | ResidentTurn, cmd.id);
  let draft = await openUnexpiredDraft(turn);
  const pending = pendingOf(draft);
  // A typed reply may answer something the person was sent (a notice, a ballot, an agreement, their case) before it can be a request.
  if (actor.kind === 'resident' && pending.state === 'idle' && !turn.msg.action && turn.msg.text && (cmd.type === 'text' || (cmd.type === 'rate' && cmd.ref === null))
    && await answerExpectation(turn as ResidentTurn, turn.msg.text, classification)) return;
  const decision = decide(pending, inputOf(pending, cmd, classification, draft));
  // A command always escapes: it runs; a fact question stays open (it may still be answered), any other wait ends.
  if (decision.do === 'run_command' && decision.end && draft && cmd.type !== 'cancel') {
    await closeDraft(turn.tx, draft.id, turn.now);
    draft = null;
  }
  if (cmd.type === 'help') {
    // Mediators and the secretary also get the mediation commands.
    const mediates = actor.kind === 'member' && actor.member.roles.some((r) => r === 'mediator' || r === 'secretary');
    // The secretary also opens the quarter's 群众评党员.
    const secretary = actor.kind === 'member' && actor.member.roles.includes('secretary');
    return turn.reply(actor.kind === 'member' ? `${t.helpMember}${mediates ? `\n${t.mediation.help}` : ''}${secretary ? `\n${t.memberRatings.help}` : ''}\n${t.care.help}` : t.helpResident);
  }
  if (cmd.type === 'mine' || cmd.type === 'tasks') return listMine(turn);
  if (cmd.type === 'view') return viewRequest(turn, cmd.ref);
  if (actor.kind === 'member' && isCareCommandType(cmd.type) && careClassify) return careCommand(turn as MemberTurn, cmd as CareCommand, careClassify);
  if (actor.kind === 'member') return memberCommand(turn as MemberTurn, cmd, draft);
  return residentCommand(turn as ResidentTurn, cmd, classification, draft, decision.do);
}

/** After the 备注 / 办结 / 转派 button: the chat waits (an hour) for the text. */
async function awaitText(turn: MemberTurn, action: 'note' | 'resolve' | 'transfer', ref: number, prompt = true): Promise<void> {
  const { t } = turn;
  await saveDraft(turn.tx, {
    identityId: turn.actor.identity.id, text: '', classification: {}, missing: `await_${action}`, requestRef: ref,
    expiresAt: new Date(turn.now.getTime() + ttlMs({ state: 'awaiting_text', action, ref })),
  }, turn.now);
  if (!prompt) return;
  const shown = formatRef(ref);
  await turn.reply(action === 'note' ? t.conversation.awaitNote(shown) : t.conversation.awaitResolve(shown));
}

async function answerAwaitText(turn: MemberTurn, draft: DraftRow, text: string): Promise<void> {
  await closeDraft(turn.tx, draft.id, turn.now);
  const ref = draft.requestRef!;
  const body = text.slice(0, MAX_REQUEST_TEXT);
  if (draft.missing === 'await_note') {
    return leaderAction(turn, { type: 'note', ref, text: body });
  }
  if (draft.missing === 'await_resolve') return leaderAction(turn, { type: 'resolve', ref, text: body });
  return leaderAction(turn, { type: 'transfer', ref, memberCode: body.normalize('NFKC').trim() || null });
}

async function memberCommand(turn: MemberTurn, cmd: Command, draft: DraftRow | null): Promise<void> {
  if (cmd.type === 'text' && draft && awaitKinds.includes(draft.missing) && draft.requestRef !== null) {
    return answerAwaitText(turn, draft, cmd.text);
  }
  if (cmd.type === 'text' && draft?.missing === 'await_med' && draft.requestRef !== null) {
    await closeDraft(turn.tx, draft.id, turn.now);
    return mediationMemberCommand(turn, awaitedCaseCommand(draft, cmd.text));
  }
  if (isMediationCommand(cmd)) return mediationMemberCommand(turn, cmd);
  switch (cmd.type) {
    case 'link_room':
      return linkRoom(turn, cmd.groupCode);
    case 'agenda':
      return showAgenda(turn);
    case 'topic_outcome':
      return recordOutcome(turn, cmd.ref, cmd.text);
    case 'topic_assign':
      return handOverTopic(turn, cmd.ref, cmd.memberCode);
    case 'prompt_note': case 'prompt_resolve':
      return awaitText(turn, cmd.type === 'prompt_note' ? 'note' : 'resolve', cmd.ref);
    case 'transfer':
      // The 转派 button (no code): the list of members to tap, and the next text may be the code.
      if (cmd.memberCode === null && turn.msg.action) await awaitText(turn, 'transfer', cmd.ref, false);
      return leaderAction(turn, cmd);
    // A dispute accepted by a mediator or the secretary opens its mediation case (src/mediation).
    case 'accept':
      return acceptAndOpen(turn, cmd);
    case 'note': case 'escalate': case 'resolve':
      return leaderAction(turn, cmd);
    case 'invalidate':
      return invalidate(turn, cmd.ref, cmd.reason);
    case 'change_kind':
      return changeKind(turn, cmd);
    case 'deliberation':
      return deliberationCommand(turn, cmd.action);
    case 'open_rating_round':
      return openRoundFromChat(turn);
    case 'rate':
      return turn.reply(turn.t.errors.nothingToRate);
    case 'text':
      if (isThanks(cmd.text)) return turn.reply(turn.t.conversation.thanks);
      if (isAcknowledgement(cmd.text)) return turn.reply(turn.t.replies.ack);
      {
        const task = parseReflessTask(cmd.text);
        if (task) return reflessTask(turn, task);
      }
      return turn.reply(turn.t.helpMember);
    default:
      return turn.reply(turn.t.helpMember);
  }
}

/** A task verb without its number: the one task that takes it, or a button for each when several do. */
async function reflessTask(turn: Turn, task: ReflessTask): Promise<void> {
  if (turn.actor.kind !== 'member') return turn.reply(turn.t.helpMember);
  // All of them, not the first page of 我的任务: "the one task that takes it" must be true of every task, or a
  // 办结 could land on the wrong request.
  const fits = (await openTasks(turn.tx, turn.actor.member.id, 1000)).filter((r) => transition(r.status, task.action).ok);
  if (fits.length === 1) return dispatch(turn, taskCommand(task, fits[0]!.ref), null);
  if (fits.length === 0) return turn.reply(turn.t.replies.noTaskFor(task.verb));
  const data = { accept: callbackData.accept, note: callbackData.note, escalate: callbackData.escalate, resolve: callbackData.resolve }[task.action];
  return turn.reply(turn.t.replies.whichTask(task.verb), fits.slice(0, 8).map((r) => [{ label: turn.t.replies.taskButton(formatRef(r.ref), r.summary.slice(0, 16)), data: data(r.ref) }]));
}

/** The open question, if still open: the sweeper job usually expires it first and says so; this covers a message that arrives before it ran. */
async function openUnexpiredDraft(turn: Turn): Promise<DraftRow | null> {
  if (turn.actor.kind === 'stranger') return null;
  const draft = await openDraft(turn.tx, turn.actor.identity.id);
  if (!draft || draft.expiresAt > turn.now) return draft;
  await closeDraft(turn.tx, draft.id, turn.now);
  const word = expiredWaitText(draft, turn.t);
  if (word) await turn.reply(word, expiredWaitButtons(draft, turn.t));
  return null;
}

/** The answer to "补充，还是新的事？": the text answers the open question, or is handled on its own (the question stays). */
async function sameOrNew(turn: ResidentTurn, draft: DraftRow, choice: 'add' | 'new'): Promise<void> {
  const saved = draft.classification as { original: Pick<DraftRow, 'text' | 'classification' | 'missing' | 'requestRef'> & { expiresAt: string }; c: ClassifyResult | null };
  const { original } = saved;
  if (choice === 'add') {
    return answerDraft(turn, { ...draft, text: original.text, classification: original.classification, missing: original.missing, requestRef: original.requestRef },
      draft.text, null, saved.c);
  }
  await saveDraft(turn.tx, {
    identityId: turn.actor.identity.id, text: original.text, classification: original.classification, missing: original.missing as DraftKind,
    requestRef: original.requestRef, expiresAt: new Date(original.expiresAt),
  }, turn.now);
  // A "new matter" with no matter the bot can make out would only replace the open question: ask it again.
  // An urgent one is never sent back to the question (safety first): intake files it.
  if (!saved.c || (saved.c.urgency !== 'urgent' && (saved.c.kind === 'other' || belowConfidenceFloor(saved.c)))) {
    const fact = original.missing as 'location' | 'parties' | 'when';
    return turn.reply(turn.t.ask[fact]);
  }
  return intake(turn, draft.text, saved.c);
}

async function residentCommand(turn: ResidentTurn, cmd: Command, classification: ClassifyResult | null, draft: DraftRow | null,
  decision: ReturnType<typeof decide>['do']): Promise<void> {
  const { t } = turn;
  if (!mayUse(cmd, 'resident')) return turn.reply(t.errors.leaderOnly);
  if (isMediationCommand(cmd)) return mediationResidentCommand(turn, cmd);
  if (cmd.type === 'reopen') return reopen(turn, cmd.ref, cmd.reason);
  if (cmd.type === 'attach_to') return attachChosen(turn, cmd.ref, cmd.inboundId);
  if (cmd.type === 'withdraw') return withdraw(turn, cmd.ref);
  if (cmd.type === 'vote') return castVote(turn, cmd.id, cmd.option);
  if (cmd.type === 'evaluate_deliberation') return answerSurvey(turn, cmd.id, cmd.rating);
  if (cmd.type === 'rate_member') return rateMember(turn, cmd.round, cmd.memberId, cmd.rating);
  if (cmd.type === 'care_checkin') return checkinAnswered(turn, classification);
  if (cmd.type === 'cancel') {
    if (!draft) return turn.reply(t.draft.nothingToCancel);
    await closeDraft(turn.tx, draft.id, turn.now);
    return turn.reply(t.draft.cancelled);
  }
  const pending = pendingOf(draft);
  if (draft && decision === 'answer' && draft.missing === 'await_med' && draft.requestRef !== null && cmd.type === 'text') {
    await closeDraft(turn.tx, draft.id, turn.now);
    return mediationResidentCommand(turn, awaitedCaseCommand(draft, cleanText(cmd.text)));
  }
  if (draft && decision === 'ask_again') return putAgain(turn, draft, pending);
  // 看了 / 收到 / 好的 with nothing it answers: a warm word, never a request (an open question stays open).
  if (cmd.type === 'text' && decision !== 'answer' && isAcknowledgement(cmd.text)) return turn.reply(isThanks(cmd.text) ? t.conversation.thanks : t.replies.ack);
  if (draft && decision === 'answer' && pending.state === 'case_or_new') return caseOrNew(turn, draft, choiceOf(pending, cmd)?.yesNo ?? 'new');
  if (draft && decision === 'answer' && pending.state === 'say_or_now') return sayOrNow(turn, draft, choiceOf(pending, cmd)?.yesNo ?? 'new');
  if (draft && decision === 'ask_same_or_new' && cmd.type === 'text') {
    // Keep both: the question still open, and the text that may or may not answer it.
    const original = { text: draft.text, classification: draft.classification, missing: draft.missing, requestRef: draft.requestRef, expiresAt: draft.expiresAt };
    await saveDraft(turn.tx, {
      identityId: turn.actor.identity.id, text: cleanText(cmd.text).slice(0, MAX_REQUEST_TEXT), classification: { original, c: classification },
      missing: 'same_or_new', requestRef: null, expiresAt: new Date(turn.now.getTime() + ttlMs({ state: 'same_or_new' })),
    }, turn.now);
    return turn.reply(t.conversation.sameOrNew, [[
      { label: t.draft.addButton, data: callbackData.followUp('add') }, { label: t.draft.newButton, data: callbackData.followUp('new') },
    ]]);
  }
  if (draft && decision === 'answer' && pending.state === 'same_or_new') return sameOrNew(turn, draft, choiceOf(pending, cmd)?.yesNo ?? 'new');
  if (draft && decision === 'answer') {
    const choice = choiceOf(pending, cmd);
    const text = cmd.type === 'text' ? cleanText(cmd.text).slice(0, MAX_REQUEST_TEXT) : '';
    if (pending.state === 'rating_reason') {
      await closeDraft(turn.tx, draft.id, turn.now);
      return rateReason(turn, pending.ref, text);
    }
    const kind = choice?.kind ? kindChoices[choice.kind - 1] ?? null : null;
    return answerDraft(turn, draft, text, choice?.yesNo ?? null, classification, kind);
  }
  if (cmd.type === 'rate') return rate(turn, cmd.ref, cmd.rating);
  if (cmd.type === 'followup' || cmd.type === 'choose_kind') return askAgain(turn);
  if (cmd.type === 'text') {
    const text = cleanText(cmd.text).slice(0, MAX_REQUEST_TEXT);
    if (!text || !classification) return turn.reply(t.greeting);
    if (isThanks(text) && classification.kind === 'other') return turn.reply(t.conversation.thanks);
    // A new matter while a question is pending: handled on its own; a fact question stays open, a choice ends.
    if (draft && decision === 'new_matter' && pending.state !== 'fact') await closeDraft(turn.tx, draft.id, turn.now);
    return intake(turn, text, classification, { fragment: decision === 'offer_followup' });
  }
  return turn.reply(t.helpResident);
}

/** 好 / 收到 / 是 under a question that wants something else: the same question again, with its buttons; it stays open. */
async function putAgain(turn: ResidentTurn, draft: DraftRow, p: Pending): Promise<void> {
  const { t } = turn;
  const yesNo = (yes: string, no: string) => [[{ label: yes, data: callbackData.followUp('add') }, { label: no, data: callbackData.followUp('new') }]];
  switch (p.state) {
    case 'fact':
      return turn.reply(`${t.expect.again}${t.ask[p.fact]}`);
    case 'kind_choice': {
      const buttons = kindChoices.map((k, i) => ({ label: t.conversation.kindButton(i + 1, t.kind[k]), data: callbackData.chooseKind(i + 1) }));
      return turn.reply(`${t.expect.again}${t.expect.pickKind}`, [buttons.slice(0, 4), buttons.slice(4)]);
    }
    case 'followup':
      return turn.reply(`${t.expect.again}${t.draft.followUpAsk(formatRef(p.ref))}`, yesNo(t.draft.addButton, t.draft.newButton));
    case 'same_or_new':
      return turn.reply(`${t.expect.again}${t.conversation.sameOrNew}`, yesNo(t.draft.addButton, t.draft.newButton));
    case 'same_matter':
      return turn.reply(`${t.expect.again}${t.expect.yesOrNo}`, yesNo(t.conversation.yesButton, t.conversation.noButton));
    case 'case_or_new': {
      const matter = commentDraftOf(draft);
      if (matter !== null) return turn.reply(`${t.expect.again}${t.deliberationComments.commentOrNew(formatDeliberation(matter))}`, commentOrNewButtons(t));
      const c = await caseOfRequest(turn.tx, p.ref);
      return turn.reply(`${t.expect.again}${c ? t.replies.caseOrNew(c.caseNo) : t.expect.yesOrNo}`, yesNo(t.replies.caseButton, t.replies.otherButton));
    }
    case 'rating_reason':
      return turn.reply(t.expect.reasonAgain(formatRef(p.ref)));
    case 'say_or_now':
      return turn.reply(`${t.expect.again}${t.expect.sayThingsOrNow}`, yesNo(t.expect.sayThingsButton, t.expect.nowButton));
    default:
      return turn.reply(t.replies.ack);
  }
}

/** The case command a wait for text was for, with the text that came. */
function awaitedCaseCommand(draft: DraftRow, text: string): MediationCommand {
  const type = String(draft.classification.command) as Extract<MediationCommand, { text: string }>['type'];
  // The case keeps up to its own record length (src/mediation): the text goes whole.
  return { type, ref: draft.requestRef!, text };
}

/** How a button names what an expectation is about: the notice G5, the matter D2, the request #12. */
function scopeShown(e: Expectation): string {
  if (e.kind === 'notice_read') return formatNotice(e.scope);
  // 群众评党员: the round and member as the message wrote them (R3-12), from the answer's button.
  if (e.kind === 'member_rating') return /^mr:(\d+):(\d+):/.exec(e.answers[0]?.data ?? '')?.slice(1, 3).join('-').replace(/^/, 'R') ?? '';
  if (e.kind === 'ballot' || e.kind === 'evaluation' || e.kind === 'deliberation_comment') return formatDeliberation(e.scope);
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
async function answerExpectation(turn: ResidentTurn, text: string, c: ClassifyResult | null): Promise<boolean> {
  if (/^\s*说事/.test(text)) return false;
  let open = await openExpectations(turn.tx, turn.actor.household.id, turn.now);
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
      await saveDraft(turn.tx, {
        identityId: turn.actor.identity.id, text: cleanText(text).slice(0, MAX_REQUEST_TEXT), classification: { c, session: m.expectation.scope }, missing: 'say_or_now', requestRef: null,
        expiresAt: new Date(turn.now.getTime() + ttlMs({ state: 'say_or_now' })),
      }, turn.now);
      await turn.reply(t.expect.sayThingsOrNow, [[
        { label: t.expect.sayThingsButton, data: callbackData.followUp('add') }, { label: t.expect.nowButton, data: callbackData.followUp('new') }]]);
      return true;
    }
    if (m.match === 'answer') {
      const cmd = parseCallback(m.answer.data);
      if (!cmd) return false;
      // The model's reading goes with it: a check-in's answer that is a matter is filed as one.
      await dispatch(turn, cmd, cmd.type === 'care_checkin' ? c : null);
      return true;
    }
    if (m.match === 'ambiguous') {
      await turn.reply(t.replies.which, m.options.map((o) => [{ label: t.replies.option(o.expectation.kind, scopeShown(o.expectation), o.answer.label), data: o.answer.data }]));
      return true;
    }
    if (m.match === 'comment' && await deliberationComment(turn, m.expectation.scope, cleanText(text).slice(0, MAX_REQUEST_TEXT))) return true;
    const matter = m.match === 'ask_comment' ? await deliberationById(turn.tx, m.expectation.scope) : null;
    if (matter && acceptsComments(matter.status)) {
      // Asked as for a case: the text waits with the question, the matter in the draft (it is no request).
      await saveDraft(turn.tx, {
        identityId: turn.actor.identity.id, text: cleanText(text).slice(0, MAX_REQUEST_TEXT), classification: { c, deliberation: matter.id }, missing: 'case_or_new', requestRef: null,
        expiresAt: new Date(turn.now.getTime() + ttlMs({ state: 'case_or_new', ref: 0 })),
      }, turn.now);
      await turn.reply(t.deliberationComments.commentOrNew(formatDeliberation(matter.id)), commentOrNewButtons(t));
      return true;
    }
    const ref = m.expectation.scope;
    if (m.match === 'statement' && await partyStatement(turn, ref, cleanText(text).slice(0, MAX_REQUEST_TEXT))) return true;
    const open_ = m.match === 'ask_case' ? await caseOfRequest(turn.tx, ref) : null;
    if (open_) {
      // Both answers lead somewhere: the text is kept with the question.
      await saveDraft(turn.tx, {
        identityId: turn.actor.identity.id, text: cleanText(text).slice(0, MAX_REQUEST_TEXT), classification: { c }, missing: 'case_or_new', requestRef: ref,
        expiresAt: new Date(turn.now.getTime() + ttlMs({ state: 'case_or_new', ref })),
      }, turn.now);
      await turn.reply(t.replies.caseOrNew(open_.caseNo), [[
        { label: t.replies.caseButton, data: callbackData.followUp('add') }, { label: t.replies.otherButton, data: callbackData.followUp('new') }]]);
      return true;
    }
    open = open.filter((e) => e.id !== m.expectation.id);
  }
  return false;
}

/** A matter of its own the person could mean for say-things day: never an urgent one (safety first), never chatter. */
function hasMatter(c: ClassifyResult | null): boolean {
  return c !== null && c.urgency !== 'urgent' && c.kind !== 'other' && c.kind !== 'say_things';
}

/** The answer to "留到说事日，还是现在就办？": a topic for the day, or a matter handled now. */
async function sayOrNow(turn: ResidentTurn, draft: DraftRow, choice: 'add' | 'new'): Promise<void> {
  await closeDraft(turn.tx, draft.id, turn.now);
  const { c, session } = draft.classification as { c: ClassifyResult | null; session?: number };
  if (!c) return turn.reply(turn.t.greeting);
  if (choice === 'add') return intake(turn, `说事：${draft.text}`, c);
  // Handled now: the person uses the chat for today's matters, so the next one is not asked about the day again.
  if (typeof session === 'number') await closeExpectations(turn.tx, 'say_things', session, turn.actor.household.id, turn.now);
  return intake(turn, draft.text, c);
}

/** The answer to "这是调解案件…的事，还是另一件事？": the party's statement, or handled as a matter of its own. */
async function caseOrNew(turn: ResidentTurn, draft: DraftRow, choice: 'add' | 'new'): Promise<void> {
  await closeDraft(turn.tx, draft.id, turn.now);
  const c = (draft.classification as { c: ClassifyResult | null }).c;
  const matter = commentDraftOf(draft);
  if (choice === 'add' && matter !== null && await deliberationComment(turn, matter, draft.text)) return;
  if (choice === 'add' && draft.requestRef !== null && await partyStatement(turn, draft.requestRef, draft.text)) return;
  if (!c) return turn.reply(turn.t.greeting);
  return intake(turn, draft.text, c, { skipFollowUp: true });
}

/**
 * A choice button (补充 / 新的事, a kind) pressed when nothing waits for it. A question that lapsed
 * within the day still holds the person's words: it is asked again rather than the words dropped.
 */
async function askAgain(turn: ResidentTurn): Promise<void> {
  const { t, now } = turn;
  const lapsed = await lastLapsedDraft(turn.tx, turn.actor.identity.id, ['followup', 'case_or_new'], new Date(now.getTime() - 86_400_000));
  if (!lapsed) return turn.reply(t.conversation.choiceExpired);
  const ref = lapsed.requestRef ?? 0;
  const matter = commentDraftOf(lapsed);
  const c = lapsed.missing === 'case_or_new' && matter === null ? await caseOfRequest(turn.tx, ref) : null;
  if (lapsed.missing === 'case_or_new' && !c && matter === null) return turn.reply(t.conversation.choiceExpired);
  await saveDraft(turn.tx, {
    identityId: turn.actor.identity.id, text: lapsed.text, classification: lapsed.classification, missing: lapsed.missing as DraftKind,
    requestRef: lapsed.requestRef, expiresAt: new Date(now.getTime() + ttlMs(pendingOf(lapsed))),
  }, now);
  const question = matter !== null ? t.deliberationComments.commentOrNew(formatDeliberation(matter)) : c ? t.replies.caseOrNew(c.caseNo) : t.draft.followUpAsk(formatRef(ref));
  const [add, other] = matter !== null ? [t.deliberationComments.commentButton, t.deliberationComments.otherButton]
    : c ? [t.replies.caseButton, t.replies.otherButton] : [t.draft.addButton, t.draft.newButton];
  return turn.reply(`${t.replies.stale}\n${question}`, [[{ label: add, data: callbackData.followUp('add') }, { label: other, data: callbackData.followUp('new') }]]);
}

/** A "这是议事 D3 的意见，还是另一件事？" question keeps its matter in the draft (a case's keeps its request). */
function commentDraftOf(d: DraftRow): number | null {
  const id = (d.classification as { deliberation?: unknown }).deliberation;
  return d.missing === 'case_or_new' && typeof id === 'number' ? id : null;
}

function commentOrNewButtons(t: Turn['t']) {
  return [[{ label: t.deliberationComments.commentButton, data: callbackData.followUp('add') }, { label: t.deliberationComments.otherButton, data: callbackData.followUp('new') }]];
}
