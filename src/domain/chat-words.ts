/**
 * The one table of words that carry no matter of their own — acknowledgements, thanks, greetings and bare
 * assent — and the two questions asked of it: is a message an acknowledgement (看了, 收到, 好的…: it may
 * answer a notice, and is never a request), and is it small talk at all (the offline classifier answers
 * it by rule before its model; the model's `none` class learns the rest). Pure.
 */

/** Each word once, by what it is; compared in `normalizeReply` form (no spaces, lower case). */
export const chatWords = {
  /** I have seen it / I agree to go on: answers a notice's 已读, never a request. */
  ack: [
    '看了',
    '看到了',
    '看过了',
    '看到',
    '已看',
    '已阅',
    '已读',
    '阅',
    '收到',
    '收到了',
    '收悉',
    '好的',
    '好滴',
    '好哒',
    '好嘞',
    '好了',
    '好吧',
    '好',
    '好呀',
    '好的呀',
    '晓得了',
    '晓得',
    '知道了',
    '知道',
    '知道啦',
    '嗯',
    '嗯呢',
    '恩',
    '哦',
    '噢',
    '喔',
    '行',
    '行的',
    '中',
    '妥',
    '得嘞',
    '明白',
    '明白了',
    '了解',
    '懂了',
    '清楚了',
    '没问题',
    'ok',
    'okay',
    'okk',
    'k',
    'got it',
    'noted',
    'seen',
    'read',
    'roger',
    'fine',
    'sure',
    'yep',
  ],
  thanks: ['谢谢', '多谢', '感谢', '谢谢你', '谢谢您', '谢谢你们', '辛苦了', '辛苦', 'thanks', 'thank you', 'thx'],
  greeting: [
    '你好',
    '您好',
    '你好呀',
    '哈喽',
    '嗨',
    '在吗',
    '在嘛',
    '在不在',
    '早',
    '早上好',
    '上午好',
    '中午好',
    '下午好',
    '晚上好',
    '晚安',
    '大家好',
    '测试',
    'hi',
    'hello',
  ],
  /**
   * Assent and praise: small talk when nothing was asked, but no acknowledgement — a question may be
   * waiting for exactly this word (是的, 对, 可以), and a vote is never cast by a word meant as a nod.
   */
  assent: ['是的', '对', '对的', '可以', '点赞', '赞', '哈', '呵', 'good', 'yes', 'no'],
  /** Particles glue the words together ("好的呀", "看了哈"); alone they say nothing. */
  particles: ['啦', '了', '呀', '啊', '哈', '呢'],
} as const;

/** The form words are compared in: full-width folded, lower case, without spaces, punctuation or emoji. */
export function normalizeReply(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}]+/gu, '')
    .replace(/\u200d|\ufe0f/g, '');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (words: readonly string[]) =>
  [...new Set(words.map((w) => w.replace(/\s/g, '')))]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');

const ackPattern = new RegExp(`^(?:${anyOf([...chatWords.ack, ...chatWords.thanks, ...chatWords.particles])})+$`, 'u');
const onlyParticles = new RegExp(`^(?:${anyOf(chatWords.particles)})+$`, 'u');

/**
 * A short message with no matter of its own: 看了, 收到, 好的, 晓得了, 嗯嗯, 👍, ok… in any combination, with
 * punctuation or emoji. Never a request.
 */
export function isAcknowledgement(text: string): boolean {
  const raw = text.trim();
  if (!raw || raw.length > 24) return false;
  const s = normalizeReply(raw);
  if (!s) return /\p{Extended_Pictographic}/u.test(raw);
  // "我知道了", "行我看了": the speaker may name themself ("你" stays: "你好" is a greeting).
  const bare = s.replace(/我们?/g, '');
  // Particles alone ("了", "啊") are no acknowledgement: at least one real word.
  return bare.length > 0 && ackPattern.test(bare) && !onlyParticles.test(bare);
}

// eslint-disable-next-line no-misleading-character-class -- ZWJ and VS16 are meant to match on their own, one code point at a time
const noise = /[\s\p{P}\p{S}\p{Emoji_Presentation}\p{Extended_Pictographic}\u200d\ufe0f0-9]+/gu;
const placeholders = /\[(图片|表情|语音|视频|动画表情|image|sticker)\]/gi;
const allWords = new RegExp(`^(?:${anyOf(Object.values(chatWords).flat())})+$`, 'u');
/** Particles and pronouns that glue pleasantries together: "行我知道了", "好的呀", "谢谢你". */
const glue = /[啊呀吧呢哈啦了我你您们]+/g;

/** True for empty, emoji-only and number-only messages, and for strings made only of the table's words ("好的好的谢谢"). */
export function isSmallTalk(text: string): boolean {
  const core = text.normalize('NFKC').toLowerCase().replace(placeholders, '').replace(noise, '');
  if (core.length === 0) return true;
  return allWords.test(core) || allWords.test(core.replace(glue, ''));
}

const greetingPattern = new RegExp(
  chatWords.greeting.map((w) => (w === '早' ? '^早' : /^[a-z]+$/.test(w) ? `\\b${w}\\b` : escape(w))).join('|'),
  'i',
);

/** A greeting ("你好", "在吗") is answered with what the bot does; an acknowledgement ("好的", "👍") with a warm word. */
export function isGreeting(text: string): boolean {
  return greetingPattern.test(text.normalize('NFKC'));
}
