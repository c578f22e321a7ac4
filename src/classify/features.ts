/**
 * Text → sparse binary features for the kind and department models. Chinese is cut into character
 * n-grams inside each punctuation/space-delimited run, with run boundaries marked (`^说事` differs
 * from `说事` in the middle of a sentence); for the kind model, words from @node-rs/jieba (a prebuilt
 * native segmenter with its dictionary inside the npm package, nothing fetched at run time) are added
 * as `j:` features, so 工钱 or 意见 count as one piece of evidence wherever they stand.
 * English words become `w:` features, stemmed (owes → owe), and a gloss maps common ones onto the
 * Chinese features the training data is mostly made of.
 */
import { createRequire } from 'node:module';
import { cueFeatures } from './cues.js';

/** A small bridge so the ~5 % English messages share evidence with the Chinese training data. */
const englishGloss: Record<string, string> = {
  light: '路灯',
  lights: '路灯',
  lamp: '灯',
  street: '路',
  road: '路',
  pothole: '坑',
  potholes: '坑',
  pipe: '水管',
  pipes: '水管',
  leak: '漏水',
  leaking: '漏水',
  water: '水',
  boiler: '锅炉',
  heater: '暖气',
  heating: '暖气',
  power: '电',
  electricity: '电',
  tripping: '跳闸',
  trips: '跳闸',
  broken: '坏了',
  fix: '修',
  repair: '修',
  froze: '冻',
  frozen: '冻',
  freezing: '冻',
  toilet: '厕所',
  help: '帮忙',
  hand: '帮忙',
  take: '陪',
  escort: '陪',
  hospital: '医院',
  medicine: '药',
  prescription: '药',
  pick: '拿',
  harvest: '收',
  corn: '玉米',
  wheat: '麦子',
  grandma: '奶奶',
  grandpa: '爷爷',
  mum: '妈',
  mom: '妈',
  dad: '爸',
  father: '爸',
  mother: '妈',
  someone: '找个人',
  buy: '买',
  neighbour: '邻居',
  neighbor: '邻居',
  neighbours: '邻居',
  boundary: '地界',
  wall: '墙',
  arguing: '吵',
  paid: '工钱',
  pay: '交',
  wages: '工资',
  owe: '欠',
  owes: '欠',
  contractor: '包工头',
  goats: '羊',
  damage: '赔',
  brothers: '兄弟',
  caring: '养老',
  refuse: '不管',
  railing: '护栏',
  fence: '护栏',
  pit: '坑',
  deep: '深',
  digging: '挖',
  sand: '沙',
  gas: '煤气味',
  smell: '味',
  fire: '着火',
  smoke: '冒烟',
  sparking: '冒火花',
  sparks: '火花',
  wires: '电线',
  collapse: '塌',
  flood: '淹',
  flooding: '淹',
  children: '娃',
  kids: '娃',
  danger: '危险',
  dangerous: '危险',
  illegally: '偷着',
  secretary: '书记',
  person: '当面',
  'say-things': '说事',
  residents: '村民',
  raise: '说说',
  speak: '说',
  suggest: '建议',
  proposal: '建议',
  propose: '提议',
  vote: '投票',
  discuss: '商量',
  collective: '集体',
  fund: '钱',
  rules: '村规',
  square: '广场',
  village: '村',
  how: '怎么',
  apply: '申请',
  subsidy: '补贴',
  subsidies: '补贴',
  insurance: '医保',
  medical: '医保',
  pension: '养老保险',
  eligible: '能申请',
  deadline: '截止',
  documents: '材料',
  renew: '补办',
  dibao: '低保',
  much: '多少',
  when: '什么时候',
  join: '交',
  thanks: '谢谢',
  thank: '谢谢',
  tap: '水龙头',
  blocked: '堵',
  block: '堵',
  wifi: '网',
  internet: '网',
  crack: '裂缝',
  cracks: '裂缝',
  patch: '补',
  gate: '门',
  roof: '房顶',
  pavement: '路面',
  pressure: '水压',
  'not working': '坏了',
  owed: '欠',
  lent: '借',
  borrowed: '借',
  lend: '借',
  money: '钱',
  debt: '欠',
  sons: '儿子',
  son: '儿子',
  husband: '老公',
  wife: '媳妇',
  'mother-in-law': '婆婆',
  fight: '吵',
  fighting: '吵',
  argue: '吵',
  quarrel: '吵',
  mediator: '调解',
  mediate: '调解',
  mediation: '调解',
  support: '养老',
  excuses: '不还',
  collapsed: '塌',
  downed: '电线断',
  hanging: '悬',
  ice: '冰',
  flames: '着火',
  rock: '石头',
  rocks: '落石',
  falling: '往下掉',
  fall: '掉',
  cracking: '裂',
  thin: '薄',
  mud: '土坯',
  live: '带电',
  opinion: '意见',
  concern: '意见',
  complaint: '意见',
  issue: '事',
  unfair: '不公平',
  'face to face': '当面',
  allowance: '补贴',
  contact: '找谁',
  submit: '交',
  who: '谁',
  what: '啥',
  lift: '捎',
  carry: '扛',
  shopping: '买东西',
  drive: '开车送',
  festival: '快乐',
  happy: '快乐',
  sorry: '不好意思',
  testing: '测试',
  checking: '测试',
  wrong: '发错',
  hello: '你好',
  hi: '你好',
  morning: '早上好',
  ok: '好的',
  fixed: '修好了',
};

const latinWord = /[a-z][a-z'-]*/g;
const cjkChar = /\p{Script=Han}/u;

interface Segmenter {
  cut(text: string, hmm?: boolean): string[];
}
let segmenter: Segmenter | undefined;

/**
 * Village words the general dictionary cuts wrongly (说事日 → 说事/日). Loaded once, lazily: the
 * dictionary takes ~0.3 s to load, the department model (which does not use words) never pays it.
 */
const villageWords = [
  '说事日',
  '说是日',
  '支部说事日',
  '议事会',
  '互助组',
  '调解员',
  '工钱',
  '低保',
  '医保',
  '养老金',
  '危房',
  '包工头',
  '宅基地',
  '承包地',
  '公益岗',
  '煤气味',
  '路灯',
];

function jieba(): Segmenter {
  if (!segmenter) {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as {
      Jieba: { withDict(d: Uint8Array): Segmenter & { loadDict(d: Uint8Array): void } };
    };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    const j = Jieba.withDict(dict);
    j.loadDict(new TextEncoder().encode(villageWords.map((w) => `${w} 50000 n`).join('\n')));
    segmenter = j;
  }
  return segmenter;
}

/** The jieba words of a message that carry Chinese characters (particles of one character are left to the n-grams). */
export function words(normalised: string): string[] {
  return jieba()
    .cut(normalised.replace(/[0-9]+/g, '#'), false)
    .filter((w) => w.length >= 2 && cjkChar.test(w));
}

/** A crude English stemmer: enough that owes/owed/owing and cracks/cracked meet. */
export function stem(word: string): string {
  const w = word.replace(/'s$/, '').replace(/'/g, '');
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}
const separators = /[\s\p{P}\p{S}]+/u;

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

/**
 * Returns the distinct features of a message (binarised: short messages gain nothing from
 * counting a repeated n-gram twice, and it keeps rambling messages from dominating).
 */
export function extractFeatures(text: string, maxN = 3, cues = true, useWords = false): string[] {
  const norm = normalize(text);
  const out = new Set<string>(cues ? cueFeatures(norm) : []);
  if (useWords) for (const w of words(norm)) out.add(`j:${w}`);
  for (const [phrase, gloss] of Object.entries(englishGloss))
    if (phrase.includes(' ') && norm.includes(phrase)) addGloss(out, gloss);
  for (const run of norm.split(separators)) {
    if (!run) continue;
    const cjk = run.replace(latinWord, ' ').replace(/[0-9]+/g, '#');
    for (const seg of cjk.split(/\s+/)) {
      if (!seg) continue;
      const chars = Array.from(`^${seg}$`);
      for (let n = 1; n <= maxN; n++) {
        for (let i = 0; i + n <= chars.length; i++) {
          const g = chars.slice(i, i + n).join('');
          if (g === '^' || g === '$') continue;
          out.add(g);
        }
      }
    }
    for (const word of run.match(latinWord) ?? []) {
      const st = stem(word);
      out.add(`w:${st}`);
      const gloss = englishGloss[word] ?? englishGloss[st];
      if (gloss) addGloss(out, gloss);
    }
  }
  return [...out];
}

function addGloss(out: Set<string>, gloss: string): void {
  for (const g of gloss.length > 1 ? [gloss, ...bigrams(gloss)] : [gloss]) out.add(g);
}

function bigrams(s: string): string[] {
  const c = Array.from(s);
  const res: string[] = [];
  for (let i = 0; i + 2 <= c.length; i++) res.push(c.slice(i, i + 2).join(''));
  return res;
}
