/**
 * The conversation with one person: what the bot is waiting to hear from them, and what each incoming
 * message means while it waits. Pure: the chat layer classifies the input, asks `decide`, and acts.
 */
import type { RequestKind } from './classification.js';

export const MINUTE = 60_000;

/** What a chat can be waiting for. `idle` is waiting for nothing. */
export type Pending =
  | { state: 'idle' }
  /** A fact missing from a resident's draft report (where, with whom, when). */
  | { state: 'fact'; fact: 'location' | 'parties' | 'when' }
  /** After the leader's 备注 / 办结 / 转派 button: the next text is the note, the result or the member code; after a case's 调查 / 调解 / 协议 … button, its record. */
  | { state: 'awaiting_text'; action: 'note' | 'resolve' | 'transfer' | 'record'; ref: number }
  /** "补充到 #12，还是新的事？" */
  | { state: 'followup'; ref: number }
  /** After 不满意: "哪里没办好？" */
  | { state: 'rating_reason'; ref: number }
  /** Below the classifier's confidence floor: which kind of matter is it? */
  | { state: 'kind_choice' }
  /** "是 #1002 说的那盏（村委会西边）吗？" */
  | { state: 'same_matter'; ref: number }
  /** "这是刚才那件事的补充，还是一件新的事？" (a text that might answer a fact question, or not). */
  | { state: 'same_or_new' }
  /** "这是调解案件 （2026）…第 N 号 的事，还是另一件事？" (a party of an open case wrote about what looks like another matter). */
  | { state: 'case_or_new'; ref: number }
  /** "这件事是留到说事日当面说，还是现在就报给组长办？" (a matter written soon after the say-things reminder). */
  | { state: 'say_or_now' };

export type PendingState = Pending['state'];

/** What kind of message came in, as the chat layer sees it. */
export type Input =
  | 'command' // any recognised command (查, 我的诉求, 接单 #12, 取消, …)
  | 'topic' // `说事 …`
  | 'answer' // a text that looks like the answer to the pending question
  | 'new_matter' // a text that is clearly a matter of its own
  | 'unsure' // a text that neither looks like the answer nor is clearly a matter of its own
  | 'fragment' // a short text with no matter of its own (a place, a name, "就是那个…")
  | 'choice' // a button press or a typed choice that answers the pending choice
  | 'ack' // 好 / 收到 / 是 with nothing more: no matter of its own, and no choice the question offers
  | 'expiry'; // the question's time ran out

export type Decision =
  /** Run the command; `end` says whether the pending question ends (silently). */
  | { do: 'run_command'; end: boolean }
  /** The text becomes a say-things topic; the pending question stays. */
  | { do: 'topic' }
  /** The text answers the pending question. */
  | { do: 'answer' }
  /** The text is a new matter: handle it as one; the pending question stays. */
  | { do: 'new_matter' }
  /** Ask "这是刚才那件事的补充，还是一件新的事？". */
  | { do: 'ask_same_or_new' }
  /** Offer to add the text to the person's own recent request. */
  | { do: 'offer_followup' }
  /** The question ends with a word to the person. */
  | { do: 'expire' }
  /** 好 / 收到 / 是 that chooses nothing: the pending question is put again (it stays open), never a request or the greeting. */
  | { do: 'ask_again' }
  /** An acknowledgement with nothing waiting: a short warm word. */
  | { do: 'acknowledge' };

/** Default time a question waits; the leader's awaiting-text waits an hour. */
export function ttlMs(p: Pending): number {
  return p.state === 'awaiting_text' ? 60 * MINUTE : 30 * MINUTE;
}

const choiceStates: readonly PendingState[] = [
  'followup',
  'kind_choice',
  'same_matter',
  'same_or_new',
  'case_or_new',
  'say_or_now',
];

/**
 * The rules: a command always escapes (a fact question stays open until it expires, every other wait
 * ends); a `说事` topic always becomes a topic; a clear new matter is never taken as an answer; a choice
 * state takes only its choices; expiry always ends with a word.
 */
/**
 * A command runs whatever the bot waits for; only these waits end with it. The others hold the person's own words
 * (a fact question's draft, "which kind?", "for say-things day, or now?", "补充，还是新的事？"…): 我的诉求 or 帮助
 * typed in between must not lose them — the question stays open for the next message, and 取消 ends it.
 */
const endsOnCommand: readonly PendingState[] = ['awaiting_text', 'rating_reason'];

export function decide(p: Pending, input: Input): Decision {
  if (input === 'expiry') return p.state === 'idle' ? { do: 'new_matter' } : { do: 'expire' };
  if (input === 'command') return { do: 'run_command', end: endsOnCommand.includes(p.state) };
  if (input === 'topic') return { do: 'topic' };
  if (input === 'ack')
    return p.state === 'idle'
      ? { do: 'acknowledge' }
      : p.state === 'awaiting_text'
        ? { do: 'answer' }
        : { do: 'ask_again' };
  switch (p.state) {
    case 'idle':
      return input === 'fragment' ? { do: 'offer_followup' } : { do: 'new_matter' };
    case 'fact':
      if (input === 'answer' || input === 'fragment') return { do: 'answer' };
      return input === 'unsure' ? { do: 'ask_same_or_new' } : { do: 'new_matter' };
    case 'awaiting_text':
      // Whatever the leader writes next is the note, the result or the code.
      return { do: 'answer' };
    case 'rating_reason':
      // The reason, unless it is clearly a matter of its own (an urgent hazard, another kind of thing).
      return input === 'new_matter' ? { do: 'new_matter' } : { do: 'answer' };
    default:
      if (!choiceStates.includes(p.state)) throw new Error(`unknown state ${String(p)}`);
      return input === 'choice' ? { do: 'answer' } : { do: 'new_matter' };
  }
}

// What an answer to each question looks like.
const place =
  /[东西南北]边|[东西南北]头|门口|旁边|附近|对面|路口|村口|村委|大队|广场|组|号|街|路|桥|井|渠|沟|河|庙|学校|小学|卫生室|超市|槐树|杨树|地里|院|家|房|屋|炕|灶|厕所|茅房|棚|窗|那盏|那个|那条|这边|那边|前|后|里|上|下/;
const when =
  /今天|明天|后天|上午|下午|晚上|早上|中午|周[一二三四五六日天]|星期|礼拜|号|点|月|日|马上|现在|尽快|这几天|下周|\d/;
const who = /邻居|家|叔|婶|哥|姐|弟|妹|爷|奶|姨|舅|老[一-龥]|[一-龥]{2,3}$|他|她|村|组/;

export function looksLikeAnswer(fact: 'location' | 'parties' | 'when', text: string): boolean {
  const s = text.trim();
  if (!s || s.length > 30) return false;
  if (fact === 'location') return place.test(s);
  if (fact === 'when') return when.test(s);
  return who.test(s);
}

/** A short text that carries no matter of its own: "村委会西边那盏", "就是那个", "老张家". */
export function isFragment(text: string, c: { kind: RequestKind; confidence: number } | null): boolean {
  const s = text.trim();
  if (!s || s.length > 15) return false;
  if (/就是|那个|那盏|那条|那家|那棵|那口/.test(s)) return true;
  // Something happening ("电线杆歪了", "水管漏") is a matter of its own, however unsure the model is of its kind.
  if (/了$|坏|漏|堵|歪|塌|裂|断|掉|破|停|烧|冒|吵|打|没有|不[能会让通亮]/.test(s)) return false;
  return (c === null || c.kind === 'other' || c.confidence < 0.6) && place.test(s);
}

/**
 * Whether a text sent while a fact question is pending is clearly a matter of its own: classified with
 * good confidence as a different kind, or much longer than an answer.
 */
export function isClearlyNew(
  text: string,
  c: { kind: RequestKind; confidence: number; urgency?: string } | null,
  draftKind: RequestKind,
  longIsNew = true,
): boolean {
  if (!c) return false;
  if (c.urgency === 'urgent' && draftKind !== 'hazard') return true;
  if (longIsNew && text.trim().length > 30) return true;
  return c.kind !== 'other' && c.kind !== draftKind && c.confidence >= 0.6;
}

/** The kinds a person chooses from when the classifier is unsure, in the order they are shown (1…7). */
export const kindChoices: readonly RequestKind[] = [
  'repair',
  'help',
  'dispute',
  'hazard',
  'say_things',
  'proposal',
  'inquiry',
];

/** The words people use for each kind, in both languages (compared without spaces or punctuation). */
const kindWords: Record<RequestKind, readonly string[]> = {
  repair: ['报修', '维修', '修理', '修', 'repair'],
  help: ['求助', '帮忙', '帮办', '代办', 'help'],
  dispute: ['纠纷', '矛盾', '调解', 'dispute'],
  hazard: ['安全隐患', '隐患', '危险', 'hazard'],
  say_things: ['说事', 'saythings'],
  proposal: ['建议', '议事', '提议', 'proposal'],
  inquiry: ['咨询', '问问', '打听', 'inquiry', 'question'],
  other: [],
};

const bare = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');

/** A kind chosen by its number ("1", "选1", "1 报修") or its word ("报修", "隐患"); null for anything else. */
export function kindOfChoice(text: string): RequestKind | null {
  const s = bare(text);
  const m = /^(?:选|第)?([1-7])(?:个|项)?(.*)$/.exec(s);
  if (m) {
    const k = kindChoices[Number(m[1]) - 1]!;
    // "1 报修" names the kind twice: they must agree.
    return !m[2] || kindWords[k].includes(m[2]) ? k : null;
  }
  const named = /^(?:是|选|算|属于)?(.+?)(?:吧|的事|类)?$/.exec(s)?.[1] ?? '';
  return kindChoices.find((k) => kindWords[k].includes(named)) ?? null;
}

const yesWords = [
  '是',
  '是的',
  '是滴',
  '是啊',
  '是呀',
  '对',
  '对的',
  '对对',
  '对头',
  '没错',
  '就是',
  '就是它',
  '就是这个',
  '是这个',
  '嗯',
  '嗯嗯',
  '好',
  '好的',
  '行',
  '可以',
  '中',
  'yes',
  'y',
  'yeah',
  'yep',
  'right',
];
const noWords = [
  '不是',
  '不是的',
  '不对',
  '不',
  '否',
  '没有',
  '另一件',
  '另一件事',
  '别的事',
  '新事',
  'no',
  'n',
  'nope',
  'other',
];

/** 是 / 对 / 好 (yes: add it, the same one, the case's) or 不是 / 不对 (no: a new one) typed to a two-way question. */
export function yesNoOf(text: string): 'add' | 'new' | null {
  const s = bare(text);
  if (noWords.includes(s)) return 'new';
  return yesWords.includes(s) ? 'add' : null;
}

/** Thanks and words of appreciation: answered warmly, never filed. */
export function isThanks(text: string): boolean {
  return /^(?:谢谢|多谢|感谢|辛苦|麻烦你们了|太感谢|thank|thanks|thx)/i.test(text.trim()) && text.trim().length <= 20;
}
