import { zh } from '../../src/texts/zh.js';

/**
 * Tells the bot's replies to a resident apart, from the service's own texts (src/texts/zh.ts), so
 * the simulated resident can answer a question the way a person would. Texts the running version
 * does not have are simply not recognised (the core is evolving; nothing here may break on that).
 */
export type ReplyKind =
  | 'receipt'
  | 'ask_location'
  | 'ask_parties'
  | 'ask_when'
  | 'ask_followup'
  | 'joined'
  | 'noted'
  | 'greeting'
  | 'apology'
  | 'other'
  // Below the classifier's confidence floor the resident picks a kind; the bot confirms, then goes on.
  | 'ask_kind'
  | 'kind_filed'
  // A short message right after a report: "is this an addition to #N? 1 add / 2 new matter".
  | 'ask_fragment'
  // Another household reported something alike: "是 #N 说的那个（place）吗？1 是 / 2 不是".
  | 'ask_same_matter'
  // A say-things topic: a request kept for the village's say-things day, receipted without a task card.
  | 'topic'
  // Not about the resident's report at all: a say-things reminder, a village notice or ballot sent to everyone.
  | 'broadcast'
  // A matter written soon after the say-things reminder: "留到说事日，还是现在就报？ 1 说事日 / 2 现在就办".
  | 'ask_say_or_now';

const texts = zh as unknown as Record<string, unknown>;
const group = (name: string): Record<string, unknown> => {
  const g = texts[name];
  return g && typeof g === 'object' ? (g as Record<string, unknown>) : {};
};

/** A text template (function) → a regex with its arguments as wildcards. */
function template(fn: unknown, args: number): RegExp | null {
  if (typeof fn !== 'function') return null;
  const marks = Array.from({ length: args }, (_, i) => `\u0001${i}\u0001`);
  let rendered: string;
  try {
    rendered = String((fn as (...a: string[]) => string)(...marks));
  } catch {
    return null;
  }
  let re = rendered.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const m of marks) re = re.replace(m, '([\\s\\S]*?)');
  return new RegExp(`^${re}$`);
}

const exact = new Map<string, ReplyKind>();
const ask = group('ask');
for (const [k, kind] of [
  ['location', 'ask_location'],
  ['parties', 'ask_parties'],
  ['when', 'ask_when'],
] as const) {
  if (typeof ask[k] === 'string') exact.set(ask[k] as string, kind);
}
if (typeof texts.greeting === 'string') exact.set(texts.greeting as string, 'greeting');
const internal = group('errors').internal;
if (typeof internal === 'string') exact.set(internal, 'apology');
const conversation = group('conversation');
if (typeof conversation.askKind === 'string') exact.set(conversation.askKind, 'ask_kind');
const expect = group('expect');
if (typeof expect.sayThingsOrNow === 'string') {
  exact.set(expect.sayThingsOrNow, 'ask_say_or_now');
  if (typeof expect.again === 'string') exact.set(`${expect.again}${expect.sayThingsOrNow}`, 'ask_say_or_now');
  if (typeof expect.keptWith === 'string') exact.set(`${expect.keptWith}${expect.sayThingsOrNow}`, 'ask_say_or_now');
}

const draft = group('draft');
const patterns: [RegExp, ReplyKind][] = [[/^已收到，编号 #\d+/, 'receipt']];
for (const [re, kind] of [
  [template(draft.followUpAsk, 1), 'ask_followup'],
  [template(draft.joined, 2), 'joined'],
  [template(draft.followUpAdded, 1), 'noted'],
  [template(conversation.kindFiled, 1), 'kind_filed'],
  [template(conversation.fragmentAsk, 1), 'ask_fragment'],
  [template(conversation.sameMatterAsk, 2), 'ask_same_matter'],
  [template(group('rhythm').topicReceipt, 3), 'topic'],
] as [RegExp | null, ReplyKind][]) {
  if (re) patterns.push([re, kind]);
}

/**
 * Messages sent to every resident (say-things reminders, notices, ballots) lead with a 【…】 header; the only
 * headed messages about a resident's own report are the safety advice and the urgent mark.
 */
const BROADCAST = /^【(?!安全提醒|紧急)[^】\n]{1,20}】/;

export function replyKind(text: string): ReplyKind {
  if (BROADCAST.test(text)) return 'broadcast';
  const k = exact.get(text);
  if (k) return k;
  for (const [re, kind] of patterns) if (re.test(text)) return kind;
  return 'other';
}

/** What a resident says when asked; chosen so the service can go on to create the request. */
export const answers: Partial<Record<ReplyKind, string>> = {
  ask_location: '在村口大槐树东边',
  ask_parties: '跟东邻老李家，因为宅基地边界的事',
  ask_when: '明天上午',
  // "a new matter", not "add it to the previous one": the load wants one request per report.
  ask_followup: '新的事',
  // The first kind offered (报修): a request with a receipt and a task card, like the rest of the load.
  ask_kind: '1',
  ask_fragment: '2',
  // Not the same one: the load wants a request of its own for every report.
  ask_same_matter: '2',
  // Handled now: the load wants a request with its receipt and task card, not a topic for the day.
  ask_say_or_now: '2',
};

/** The request a say-things topic receipt names (its text leads with the ref), or null for any other text. */
export const topicRefOf = (text: string): number | null => (replyKind(text) === 'topic' ? refOf(text) : null);

export const refOf = (text: string): number | null => {
  const m = /#(\d+)/.exec(text);
  return m ? Number(m[1]) : null;
};

export const isUrgentReceipt = (text: string) => text.startsWith('已收到') && text.includes('【紧急】');
