/**
 * Greetings, thanks and noise never become requests. A statistical model has little to go on
 * with "👍" or "在吗", so these are recognised by rule before the model is asked.
 */

// The words themselves live in one table in the domain (src/domain/chat-words.ts), shared with the chat's
// acknowledgements, so "看了" is no request whichever path it takes.
export { isGreeting, isSmallTalk } from '../domain/chat-words.js';

const resolved =
  /修好了|解决了|办好了|弄好了|处理好了|已经好了|不用麻烦|不用来了|不用跑|没事了|满意|(谢谢|感谢|多谢).{0,6}(上回|上次|那天|昨天)|is fixed|fixed now|sorted|thanks?( you)?( so much| a lot)? for (fixing|sorting|repairing|mending)/i;
const stillAProblem =
  /又|还是|还没|没修|没好|不亮|不行|坏|漏|堵|能不能|能否|吗|[?？]|咋|怎么|请|快|好没|了没|but|again|still/i;

/** "路灯修好了，谢谢" closes a past request; it must not open a new one. */
export function isClosingRemark(text: string): boolean {
  const t = text.normalize('NFKC').toLowerCase();
  return resolved.test(t) && !stillAProblem.test(t);
}
