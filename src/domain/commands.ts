/**
 * Chat text → command. WeChat has no buttons, so every action has a text form; buttons on
 * Telegram and the web carry the same verbs as compact callback data (`acc:12`).
 */
export type Rating = 'satisfied' | 'basic' | 'unsatisfied';

export type Command =
  | { type: 'bind'; code: string | null }
  | { type: 'link_room'; groupCode: string | null }
  | { type: 'help' }
  | { type: 'cancel' }
  | { type: 'agenda' }
  | { type: 'topic_outcome'; ref: number; text: string }
  | { type: 'topic_assign'; ref: number; memberCode: string }
  | { type: 'reopen'; ref: number }
  | { type: 'followup'; choice: 'add' | 'new' }
  | { type: 'mine' }
  | { type: 'tasks' }
  | { type: 'view'; ref: number }
  | { type: 'accept'; ref: number }
  | { type: 'note'; ref: number; text: string }
  | { type: 'transfer'; ref: number; memberCode: string | null }
  | { type: 'escalate'; ref: number }
  | { type: 'resolve'; ref: number; text: string }
  | { type: 'rate'; ref: number | null; rating: Rating }
  | { type: 'prompt_note'; ref: number }
  | { type: 'prompt_resolve'; ref: number }
  | { type: 'text'; text: string };

/** NUL and other control characters are dropped; the person's own characters (，。) are kept. */
export function cleanText(raw: string): string {
  // Lone surrogates cannot be stored as text or JSON in PostgreSQL; they become U+FFFD and are dropped.
  // eslint-disable-next-line no-control-regex
  return raw.toWellFormed().replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g, '').trim();
}

/** For recognising commands only: full-width forms (＃１２, ／start) become ASCII. */
export function normalizeText(raw: string): string {
  return cleanText(raw.normalize('NFKC'));
}

const ratingWords: Record<string, Rating> = {
  '1': 'satisfied', 满意: 'satisfied', 非常满意: 'satisfied', 'satisfied': 'satisfied',
  '2': 'basic', 基本满意: 'basic', 还行: 'basic', 一般: 'basic', 'ok': 'basic',
  '3': 'unsatisfied', 不满意: 'unsatisfied', 'unsatisfied': 'unsatisfied', 'not satisfied': 'unsatisfied',
};

export function parseRating(word: string): Rating | null {
  return ratingWords[word.trim().toLowerCase().replace(/[。.!！]$/, '')] ?? null;
}

const REF = String.raw`#?\s*(\d{1,9})`;
const leaderVerbs: [RegExp, (ref: number, rest: string) => Command][] = [
  [/^(?:接单|接收|\/accept)$/i, (ref) => ({ type: 'accept', ref })],
  [/^(?:备注|\/note)$/i, (ref, rest) => (rest ? { type: 'note', ref, text: rest } : { type: 'prompt_note', ref })],
  [/^(?:转派|转交|\/transfer)$/i, (ref, rest) => ({ type: 'transfer', ref, memberCode: rest.split(/\s+/)[0] || null })],
  [/^(?:上报|\/escalate)$/i, (ref) => ({ type: 'escalate', ref })],
  [/^(?:办结|\/resolve)$/i, (ref, rest) => ({ type: 'resolve', ref, text: rest })],
  [/^(?:查|查看|\/view)$/i, (ref) => ({ type: 'view', ref })],
];

export function parseCommand(raw: string): Command {
  const text = normalizeText(raw);
  const room = /^(?:绑定群|关联群|\/linkgroup(?:@\w+)?)(?:\s+(\S+))?\s*$/i.exec(text);
  if (room) return { type: 'link_room', groupCode: room[1] ?? null };
  const bind = /^(?:\/start(?:@\w+)?|绑定|bind)(?:\s+(\S+))?\s*$/i.exec(text);
  if (bind) return { type: 'bind', code: bind[1] ?? null };
  if (/^(?:议程|\/agenda(?:@\w+)?)$/i.test(text)) return { type: 'agenda' };
  const outcome = /^说事\s*#?\s*(\d{1,9})\s+结果\s*([\s\S]+)$/.exec(text);
  if (outcome) return { type: 'topic_outcome', ref: Number(outcome[1]), text: outcome[2]!.trim() };
  const handOver = /^说事\s*#?\s*(\d{1,9})\s+转办\s+(\S+)\s*$/.exec(text);
  if (handOver) return { type: 'topic_assign', ref: Number(handOver[1]), memberCode: handOver[2]! };
  const reopen = /^(?:重办|重新办理|\/reopen)\s*#?\s*(\d{1,9})$/i.exec(text);
  if (reopen) return { type: 'reopen', ref: Number(reopen[1]) };
  if (/^(?:\/cancel(?:@\w+)?|取消|算了|不报了|cancel)$/i.test(text)) return { type: 'cancel' };
  if (/^(?:补充|补充进去|加上|add)$/i.test(text)) return { type: 'followup', choice: 'add' };
  if (/^(?:新的|新的事|新诉求|new)$/i.test(text)) return { type: 'followup', choice: 'new' };
  if (/^(?:\/help(?:@\w+)?|帮助|help|菜单|\?|？)$/i.test(text)) return { type: 'help' };
  if (/^(?:\/mine(?:@\w+)?|我的诉求|我的|my requests)$/i.test(text)) return { type: 'mine' };
  if (/^(?:\/tasks(?:@\w+)?|我的任务|任务|待办)$/i.test(text)) return { type: 'tasks' };
  const bare = new RegExp(`^#\\s*(\\d{1,9})$`).exec(text);
  if (bare) return { type: 'view', ref: Number(bare[1]) };
  const verb = new RegExp(`^(\\S+?)\\s*${REF}(?:\\s+([\\s\\S]*))?$`).exec(text);
  if (verb) {
    for (const [re, make] of leaderVerbs) {
      if (re.test(verb[1]!)) return make(Number(verb[2]), (verb[3] ?? '').trim());
    }
    if (/^(?:评价|\/rate)$/i.test(verb[1]!)) {
      const rating = parseRating(verb[3] ?? '');
      if (rating) return { type: 'rate', ref: Number(verb[2]), rating };
    }
  }
  const rating = parseRating(text);
  if (rating) return { type: 'rate', ref: null, rating };
  return { type: 'text', text: cleanText(raw) };
}

/** Button payloads: short because Telegram allows 64 bytes of callback data. */
export function parseCallback(data: string): Command | null {
  if (data === 'fu:add' || data === 'fu:new') return { type: 'followup', choice: data === 'fu:add' ? 'add' : 'new' };
  const [verb, refText, arg] = data.split(':');
  const ref = Number(refText);
  if (!Number.isInteger(ref) || ref <= 0) return null;
  switch (verb) {
    case 'acc': return { type: 'accept', ref };
    case 'esc': return { type: 'escalate', ref };
    case 'trf': return { type: 'transfer', ref, memberCode: arg || null };
    case 'note': return { type: 'prompt_note', ref };
    case 'res': return { type: 'prompt_resolve', ref };
    case 'view': return { type: 'view', ref };
    case 'rate': {
      const rating = parseRating(arg ?? '');
      return rating ? { type: 'rate', ref, rating } : null;
    }
    default: return null;
  }
}

export const callbackData = {
  accept: (ref: number) => `acc:${ref}`,
  escalate: (ref: number) => `esc:${ref}`,
  transfer: (ref: number, memberCode?: string) => (memberCode ? `trf:${ref}:${memberCode}` : `trf:${ref}`),
  note: (ref: number) => `note:${ref}`,
  resolve: (ref: number) => `res:${ref}`,
  rate: (ref: number, n: 1 | 2 | 3) => `rate:${ref}:${n}`,
  followUp: (choice: 'add' | 'new') => `fu:${choice}`,
};
