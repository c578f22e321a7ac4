/**
 * Text → sparse binary features for the kind and department models. No segmentation library is
 * available, so Chinese is cut into character n-grams inside each punctuation/space-delimited
 * run, with run boundaries marked (`^说事` differs from `说事` in the middle of a sentence).
 */
import { cueFeatures } from './cues.js';

/** A small bridge so the ~5 % English messages share evidence with the Chinese training data. */
const englishGloss: Record<string, string> = {
  light: '路灯', lights: '路灯', lamp: '灯', street: '路', road: '路', pothole: '坑', potholes: '坑',
  pipe: '水管', pipes: '水管', leak: '漏水', leaking: '漏水', water: '水', boiler: '锅炉', heater: '暖气',
  heating: '暖气', power: '电', electricity: '电', tripping: '跳闸', trips: '跳闸', broken: '坏了', fix: '修',
  repair: '修', froze: '冻', frozen: '冻', freezing: '冻', toilet: '厕所',
  help: '帮忙', hand: '帮忙', take: '陪', escort: '陪', hospital: '医院', medicine: '药', prescription: '药',
  pick: '拿', harvest: '收', corn: '玉米', wheat: '麦子', grandma: '奶奶', grandpa: '爷爷', mum: '妈', mom: '妈',
  dad: '爸', father: '爸', mother: '妈', someone: '找个人', buy: '买',
  neighbour: '邻居', neighbor: '邻居', neighbours: '邻居', boundary: '地界', wall: '墙', arguing: '吵',
  paid: '工钱', pay: '交', wages: '工资', owe: '欠', owes: '欠', contractor: '包工头', goats: '羊', damage: '赔',
  brothers: '兄弟', caring: '养老', refuse: '不管',
  railing: '护栏', fence: '护栏', pit: '坑', deep: '深', digging: '挖', sand: '沙', gas: '煤气味', smell: '味',
  fire: '着火', smoke: '冒烟', sparking: '冒火花', sparks: '火花', wires: '电线', collapse: '塌', flood: '淹',
  flooding: '淹', children: '娃', kids: '娃', danger: '危险', dangerous: '危险', illegally: '偷着',
  secretary: '书记', person: '当面', 'say-things': '说事', residents: '村民', raise: '说说', speak: '说',
  suggest: '建议', proposal: '建议', propose: '提议', vote: '投票', discuss: '商量', collective: '集体',
  fund: '钱', rules: '村规', square: '广场', village: '村',
  how: '怎么', apply: '申请', subsidy: '补贴', subsidies: '补贴', insurance: '医保', medical: '医保',
  pension: '养老保险', eligible: '能申请', deadline: '截止', documents: '材料', renew: '补办', dibao: '低保',
  much: '多少', when: '什么时候', join: '交',
  thanks: '谢谢', thank: '谢谢', hello: '你好', hi: '你好', morning: '早上好', ok: '好的', fixed: '修好了',
};

const latinWord = /[a-z][a-z'-]*/g;
const separators = /[\s\p{P}\p{S}]+/u;

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

/**
 * Returns the distinct features of a message (binarised: short messages gain nothing from
 * counting a repeated n-gram twice, and it keeps rambling messages from dominating).
 */
export function extractFeatures(text: string, maxN = 3, cues = true): string[] {
  const norm = normalize(text);
  const out = new Set<string>(cues ? cueFeatures(norm) : []);
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
      out.add(`w:${word}`);
      const gloss = englishGloss[word];
      if (gloss) for (const g of gloss.length > 1 ? [gloss, ...bigrams(gloss)] : [gloss]) out.add(g);
    }
  }
  return [...out];
}

function bigrams(s: string): string[] {
  const c = Array.from(s);
  const res: string[] = [];
  for (let i = 0; i + 2 <= c.length; i++) res.push(c.slice(i, i + 2).join(''));
  return res;
}
