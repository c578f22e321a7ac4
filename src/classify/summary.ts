/**
 * The summary is the resident's own words, trimmed: the first clause that says something, with
 * salutations, politeness and self-introductions removed. Never paraphrased, never translated.
 */
export const SUMMARY_MAX = 40;

/** A space ends a clause only between Chinese characters ("把 #12 标记" is one clause). */
const clauseBreak = /[，。！？；：,.!?;\n]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])/;
/** English words are separated by spaces, so only punctuation ends an English clause. */
const latinClauseBreak = /[.!?;\n]+\s*|,\s+/;
const fillerClause =
  /^(?:(?:说事|你好|您好|你们好|大家好|哈喽|喂|在吗|在不在|打扰了?|不好意思|麻烦(?:你|您|一下)?|请问|问一下|那个|就是|嗯|啊|哦|组长|书记|支书|网格员|主任|村长|hi|hello|dear)\s*)+$/i;
const leadingFiller =
  /^(?:(?:你好|您好|打扰了?|麻烦(?:你|您|一下|组长|书记)?|请问(?:一下)?|问一下|那个啥?|就是|嗯+|喂|组长|书记|支书|网格员)[\s，,、:：]*)+/;
const selfIntro = /^(?:我是|俺是)[^，,。\s]{1,12}$/;

export function summarise(text: string): string {
  // No NFKC here: the summary keeps the resident's own characters, full-width punctuation included.
  const clean = text.replace(/\s+/g, ' ').trim();
  const clauses = clean
    .split(isLatin(clean) ? latinClauseBreak : clauseBreak)
    .map((c) => c.trim())
    .filter(Boolean);
  const useful = clauses.filter((c) => !fillerClause.test(c) && !selfIntro.test(c));
  if (useful.length === 0) return clip(clean || text.trim());
  useful[0] = useful[0]!.replace(leadingFiller, '') || useful[0]!;
  // Short first clauses ("俺家锅炉漏水了") read better with the next one attached.
  let out = useful[0]!;
  for (const next of useful.slice(1)) {
    if (out.length >= 12 || out.length + 1 + next.length > SUMMARY_MAX) break;
    out += (isLatin(out) ? ', ' : '，') + next;
  }
  return clip(out);
}

function isLatin(s: string): boolean {
  return /^\p{ASCII}*$/u.test(s);
}

/** Letters and digits of a word or a number (with its decimal point or separators) that must not be cut. */
const wordChar = /[\p{L}\p{N}'’._%-]/u;
const hanChar = /\p{Script=Han}/u;
const isWordChar = (ch: string | undefined) => ch !== undefined && wordChar.test(ch) && !hanChar.test(ch);

/**
 * Cuts on code points (never halves an emoji) and keeps the result within SUMMARY_MAX UTF-16 units. A cut
 * never falls inside an English word or a number ("3000" is not shown as "30…"): it moves back to the
 * space or Chinese character before it, unless that word alone fills the summary.
 */
export function clip(s: string): string {
  if (s.length <= SUMMARY_MAX) return s;
  const chars = Array.from(s);
  let out: string[] = [];
  let size = 0;
  for (const ch of chars) {
    if (size + ch.length > SUMMARY_MAX - 1) break;
    out.push(ch);
    size += ch.length;
  }
  if (isWordChar(chars[out.length]) && isWordChar(out.at(-1))) {
    let start = out.length;
    while (start > 0 && isWordChar(out[start - 1])) start--;
    if (start > 0) out = out.slice(0, start);
  }
  const kept = out.join('').replace(/[\s,，、;；:：(（-]+$/u, '');
  return `${kept}…`;
}
