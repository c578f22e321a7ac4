/**
 * What to do right now while help is on its way: an urgent report's receipt carries short safety advice
 * for the danger the resident described. Keywords only; the advice itself is in src/texts.
 */
export const safetyTopics = ['gas', 'fire', 'electricity', 'collapse', 'person'] as const;
export type SafetyTopic = (typeof safetyTopics)[number];

const cues: Record<SafetyTopic, RegExp> = {
  gas: /煤气|燃气|天然气|液化气|气罐|煤气罐|漏气|煤烟|一氧化碳|gas\b|gas leak/i,
  fire: /着火|起火|失火|火灾|冒烟|烧起来|火苗|明火|\bfire\b|\bsmoke\b|burning/i,
  electricity:
    /冒火花|打火花|火花|漏电|触电|电线.{0,6}(?:断|掉|搭|烧|冒)|电线杆.{0,4}倒|电门|电闸|spark|electric|live wire|power line/i,
  collapse: /(?:房|墙|屋|顶|桥|坡|山|楼|窑|崖|堤|坝).{0,4}(?:塌|裂|要倒|歪)|塌方|坍塌|塌了|危房|collapse|caved in/i,
  person:
    /(?:孩子|小孩|娃|儿童|老人|老太|老头|老汉|老爷子|老奶奶|老大爷|爷爷|奶奶|姥姥|姥爷|爹|娘|爸|妈|父亲|母亲|老伴).{0,10}(?:掉|落水|溺|困|晕|昏|摔|跌|不醒|走丢|走失|丢了|找不|不见了|危险|出不来|起不来|高烧|发烧|抽|犯病|中风)|走丢了|走失了|高烧.{0,6}抽|(?:child|kid|elderly|old (?:man|woman)|grand(?:ma|pa)|dad|mom).{0,20}(?:fell|drown|trapped|missing|unconscious|collapsed|seizure|fever)/i,
};

/** The dangers a message names, in a fixed order (at most one piece of advice per kind of danger). */
export function safetyTopicsOf(text: string): SafetyTopic[] {
  const found = safetyTopics.filter((k) => cues[k].test(text));
  // Sparks from a wire are electricity, not a fire; smoke from a gas smell is still gas first.
  return found.includes('electricity') && found.includes('fire') && !/着火|起火|失火|火灾|\bfire\b/i.test(text)
    ? found.filter((k) => k !== 'fire')
    : found;
}
