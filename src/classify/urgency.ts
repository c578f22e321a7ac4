import type { Urgency } from '../domain/classification.js';

/**
 * Urgency is decided by rule, not learnt: a missed gas leak costs far more than a false alarm,
 * and the signals are few and well known. Each rule names the signal so tests and logs can say why.
 */
const signals: { name: string; re: RegExp }[] = [
  {
    name: 'fire',
    re: /着火|起火|失火|火苗|烧起来|火烧到|大火|on fire|caught fire|is burning|\bfire!|^fire (?:on|in|at|near|behind)\b/gi,
  },
  {
    name: 'gas',
    re: /煤气味|燃气味|漏气|冒气|煤烟中毒|(?:煤气|燃气).{0,4}(?:漏|破|中毒)|一氧化碳|smell(?:s|ing)? (?:of )?gas|gas leak/gi,
  },
  {
    name: 'live-wire',
    re: /冒火花|冒火星|(?:有|溅|蹦|掉)火星|(?:变压器|电线|电表|电箱|电闸|插座|线路|电杆|电线杆)(?:(?!怕|担心|万一|防|会不会|可能)[^，。,.]){0,6}(?:冒烟|冒火|烧焦|火星)|打火了|带着电|电线.{0,6}(?:打火|冒火|着了)|漏电.{0,3}(?:麻|电着)|spark(?:s|ing)/gi,
  },
  {
    name: 'collapse',
    re: /塌|垮了|(?:快|要|眼看着?)(?:倒|塌)了|摇摇欲坠|裂.{0,4}(?:很大|好大|老大)|(?:很大|好大|老大).{0,3}(?:裂|缝)|滑坡了|泥石流|还在往下(?:沉|陷|冲)|collaps/gi,
  },
  {
    name: 'flooding',
    re: /漫进|淹进|水淹|漫过|水.{0,10}进了.{0,4}(?:屋|院|家)|(?:进|淹了).{0,2}屋了|flood(?:ing|ed)? (?:into|the) hous/gi,
  },
  {
    name: 'child-in-danger',
    re: /(?:娃|孩子|小孩).{0,8}(?:掉进|落水|溺水|被困)|(?:掉进|掉到|落到|掉在).{0,6}(?:水|井|坑|河)|(?:娃|孩子|小孩).{0,16}危险.{0,6}快来/gi,
  },
  {
    name: 'person-down',
    re: /摔倒|跌倒|晕倒|昏倒|昏迷|叫不醒|不省人事|说不出话|身子动不了|抽搐|喘不上气|没气了|大出血|流血了|嘴.{0,2}歪了|吃错药|误服|喝了农药|被水冲走|被冲走|救命|unconscious|faint(?:ed)?|fell down/gi,
  },
  // A person gone missing or suddenly ill: an old man who wandered off, a child in a fever fit (help, urgent: 110 / 120).
  {
    name: 'lost-person',
    re: /(?:老人|老汉|老头|老太|老奶奶|老爷子|老大爷|爷爷|奶奶|姥姥|姥爷|外婆|外公|爹|娘|爸|妈|父亲|母亲|老伴|孩子|小孩|娃|闺女|儿子).{0,6}(?:走丢|走失|找不着|找不到|不见了|丢了|没回来)|(?:老人|爷爷|奶奶|爹|娘|孩子|娃)[^，。,.]{0,6}(?:出门|出去|上山|放学).{0,8}(?:找不着|找不到|没回来|不见了)|(?:找不着|找不到|走丢|不见了).{0,10}(?:痴呆|糊涂)|(?:痴呆|糊涂).{0,10}(?:找不着|找不到|走丢|不见了|没回来)|走丢了|走失了|(?:grand(?:ma|pa|mother|father)|dad|mom|father|mother|child|kid|old (?:man|woman)).{0,20}(?:missing|wandered off|lost)/gi,
  },
  {
    name: 'sick',
    re: /(?:高烧|发烧).{0,6}(?:抽|不退|昏|说胡话)|烧到(?:四十|40)|抽风了|昏过去|晕过去|倒在地上|倒地不起|(?:炕上|床上|地上|院里)[^，。,.]{0,3}起不来|(?:叫|喊)(?:她|他)?也?不应|摔.{0,6}(?:起不来|动不了|骨折|流血|破了)|犯病了|心脏病(?:犯了|发作)|心口疼得|胸口疼得|吐血了|难产|羊水破了|(?:high )?fever.{0,12}(?:fit|seizure)|(?:having|had) a (?:seizure|stroke|heart attack)|can(?:no|')?t get up/gi,
  },
  {
    name: 'violence',
    re: /打起来.{0,12}(?:快|流血|报警|受伤|出人命|锄头|铁锹|棍|刀)|拿着刀|拿刀|动刀|砍人|打架.{0,10}(?:刀|棍)|(?:又|正在|还在)(?:来)?打(?:人|我|俺)|打(?:人|我|俺)(?:了|呢).{0,6}(?:快来|报警|救)/gi,
  },
];

/** Worry and negation turn a signal into a risk, not an emergency: "怕着火", "打不着火". */
const hypothetical = /(?:怕(?!是)|担心|容易|万一|防止|以防|小心|会不会|可能会|不|没)$/;
const worry = /(?:怕(?!是)|担心|万一|防止|以防|预防|会不会|可能会)[^，。,.!！?？\s]{1,6}$/;

/** Signals that make a message a hazard whatever the model thinks (the domain's own list). */
export const HAZARD_SIGNALS = new Set(['fire', 'gas', 'live-wire', 'collapse', 'child-in-danger']);

/** Signals of a person who needs a hand now (fell, fainted, fell ill, went missing): help, not a dispute. */
export const PERSON_SIGNALS = new Set(['person-down', 'sick', 'lost-person']);

export function detectUrgency(text: string): { urgency: Urgency; signals: string[] } {
  const t = text.normalize('NFKC');
  const found: string[] = [];
  for (const { name, re } of signals) {
    for (const m of t.matchAll(re)) {
      const before = t.slice(Math.max(0, m.index - 4), m.index);
      // "怕老人摔倒" is a worry a few characters back, not a fall.
      const clause = t.slice(Math.max(0, m.index - 8), m.index);
      if (!hypothetical.test(before) && !/(?:打不|点不)$/.test(before) && !worry.test(clause)) {
        found.push(name);
        break;
      }
    }
  }
  return { urgency: found.length ? 'urgent' : 'normal', signals: found };
}
