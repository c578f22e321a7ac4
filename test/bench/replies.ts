import { zh } from '../../src/texts/zh.js';

/**
 * Tells the bot's replies to a resident apart, from the service's own texts (src/texts/zh.ts), so
 * the simulated resident can answer a question the way a person would. Texts the running version
 * does not have are simply not recognised (the core is evolving; nothing here may break on that).
 */
export type ReplyKind =
  | 'receipt' | 'ask_location' | 'ask_parties' | 'ask_when' | 'ask_followup' | 'joined' | 'noted'
  | 'greeting' | 'apology' | 'other';

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
  try { rendered = String((fn as (...a: string[]) => string)(...marks)); } catch { return null; }
  let re = rendered.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const m of marks) re = re.replace(m, '([\\s\\S]*?)');
  return new RegExp(`^${re}$`);
}

const exact = new Map<string, ReplyKind>();
const ask = group('ask');
for (const [k, kind] of [['location', 'ask_location'], ['parties', 'ask_parties'], ['when', 'ask_when']] as const) {
  if (typeof ask[k] === 'string') exact.set(ask[k] as string, kind);
}
if (typeof texts.greeting === 'string') exact.set(texts.greeting as string, 'greeting');
const internal = group('errors').internal;
if (typeof internal === 'string') exact.set(internal, 'apology');

const draft = group('draft');
const patterns: [RegExp, ReplyKind][] = [[/^已收到，编号 #\d+/, 'receipt']];
for (const [re, kind] of [[template(draft.followUpAsk, 1), 'ask_followup'], [template(draft.joined, 2), 'joined'], [template(draft.followUpAdded, 1), 'noted']] as [RegExp | null, ReplyKind][]) {
  if (re) patterns.push([re, kind]);
}

export function replyKind(text: string): ReplyKind {
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
};

export const refOf = (text: string): number | null => {
  const m = /#(\d+)/.exec(text);
  return m ? Number(m[1]) : null;
};

export const isUrgentReceipt = (text: string) => text.startsWith('已收到') && text.includes('【紧急】');
