/**
 * Greetings, thanks and noise never become requests. A statistical model has little to go on
 * with "👍" or "在吗", so these are recognised by rule before the model is asked.
 */

// eslint-disable-next-line no-misleading-character-class -- ZWJ and VS16 are meant to match on their own, one code point at a time
const noise = /[\s\p{P}\p{S}\p{Emoji_Presentation}\p{Extended_Pictographic}\u200d\ufe0f0-9]+/gu;
const placeholders = /\[(图片|表情|语音|视频|动画表情|image|sticker)\]/gi;

const pleasantries = [
  '你好', '您好', '你好呀', '知道', '哈喽', '嗨', '在吗', '在嘛', '在不在', '谢谢', '多谢', '感谢', '谢谢你们', '好的', '好嘞', '好滴',
  '好', '行', '收到', '嗯', '嗯呢', '哦', '噢', '哈', '呵', '早', '早上好', '上午好', '中午好', '下午好', '晚上好', '晚安',
  '辛苦了', '辛苦', '明白', '知道了', '知道啦', '了解', '可以', '没问题', 'ok', 'okay', 'hi', 'hello', 'thanks', 'thank you',
  'thx', 'good', 'yes', 'no', '是的', '对', '对的', '点赞', '赞', '好呀', '好的呀', '好吧', '测试', '大家好',
].sort((a, b) => b.length - a.length);

const repeated = new RegExp(`^(?:${pleasantries.map(escape).join('|')})+$`, 'u');

/** True for empty, emoji-only, number-only messages and strings made only of pleasantries ("好的好的谢谢"). */
export function isSmallTalk(text: string): boolean {
  const core = text.normalize('NFKC').toLowerCase().replace(placeholders, '').replace(noise, '');
  if (core.length === 0) return true;
  // Particles and pronouns glue pleasantries together: "行我知道了", "好的呀", "谢谢你".
  return repeated.test(core) || repeated.test(core.replace(/[啊呀吧呢哈啦了我你您们]+/g, ''));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const resolved = /修好了|解决了|办好了|弄好了|处理好了|已经好了|不用麻烦|不用来了|不用跑|没事了|满意|(谢谢|感谢|多谢).{0,6}(上回|上次|那天|昨天)|is fixed|fixed now|sorted|thanks?( you)?( so much| a lot)? for (fixing|sorting|repairing|mending)/i;
const stillAProblem = /又|还是|还没|没修|没好|不亮|不行|坏|漏|堵|能不能|能否|吗|[?？]|咋|怎么|请|快|好没|了没|but|again|still/i;

/** "路灯修好了，谢谢" closes a past request; it must not open a new one. */
export function isClosingRemark(text: string): boolean {
  const t = text.normalize('NFKC').toLowerCase();
  return resolved.test(t) && !stillAProblem.test(t);
}

const greetings = /你好|您好|哈喽|嗨|在吗|在嘛|在不在|早上好|上午好|中午好|下午好|晚上好|晚安|大家好|测试|^早|\bhi\b|hello/i;

/** A greeting ("你好", "在吗") is answered with what the bot does; an acknowledgement ("好的", "👍") with a warm word. */
export function isGreeting(text: string): boolean {
  return greetings.test(text.normalize('NFKC'));
}
