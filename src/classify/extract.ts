/**
 * Heuristic slot extraction: where, who is involved, and when. Villagers name places by
 * landmark and household ("三组12号", "村口", "老孙家门前"), which a few patterns cover well.
 */

const num = '[一二三四五六七八九十两\\d]';
const landmark =
  '(?:村口|村头|村尾|村东头|村西头|村南头|村北头|东头|西头|南头|北头|村东|村西|村南|村北|河边|河沿|河堤|河滩|后山|后沟|后坡|北坡|' +
  '学校|村小学|小学|村小|幼儿园|村委会|村部|大队部|卫生室|卫生院|幸福院|老年活动室|文化广场|小广场|广场|祠堂|水库|塘坝|晒场|砖厂|' +
  '巷子口|路口|公厕|水塔|机井|变压器|桥头|桥上|桥边|[老旧新石木小东西南北]桥)';
const side = '(?:门口|门前|旁边|后面|前面|边上|对面|里头|那边|那块|附近)?';
const surname =
  '[赵钱孙李周吴郑王冯陈卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜谢邹苏潘范彭鲁马方任袁柳唐薛雷贺罗郝常于傅齐康余顾孟黄姚邵汪毛宋庞熊董梁杜贾郭梅林钟徐高夏蔡田胡霍万卢丁邓洪崔程陆曲段侯武刘叶黎白乔牛尚温庄柴阎艾易廖曾关孙聂]';
const household = `(?:[老小]?${surname}[^\\s，,。家]{0,2}家)`;

const locationPatterns: RegExp[] = [
  new RegExp(`${num}{1,3}组${num}{1,4}号`),
  /house (\d+),? group (\d+)/i,
  new RegExp(`[\\u4e00-\\u9fa5]{2}村${num}{1,2}组`),
  new RegExp(`(?:${num}{1,2}组)?${landmark}${side}`),
  new RegExp(`${household}(?:门前|门口|后面|房后|屋后|院子|后墙|房檐底下|旁边)`),
  new RegExp(`${num}{1,2}组(?:路口|路边|那边)?`),
  /(?:西沟|柳湾|石桥|杏树湾)村?/,
  /\b(?:school gate|east end|west end|village entrance)\b/i,
];
const englishPlaces: Record<string, string> = {
  'school gate': '学校门口',
  'east end': '东头',
  'west end': '西头',
  'village entrance': '村口',
};

export function extractLocation(text: string): string | null {
  const t = text.normalize('NFKC');
  for (const re of locationPatterns) {
    const m = re.exec(t);
    if (!m) continue;
    if (m[0].toLowerCase().startsWith('house')) return `${m[2]}组${m[1]}号`;
    return englishPlaces[m[0].toLowerCase()] ?? m[0];
  }
  return null;
}

const relations =
  '邻居|隔壁|隔避|对门|对面那家|前院|后院|后邻|上游那家|邻村|邻组|弟弟|哥哥|哥嫂|嫂子|姐姐|妹妹|兄弟|儿子|儿媳妇|儿媳|女儿|女婿|' +
  '婆婆|公公|老公|丈夫|媳妇|前妻|叔叔|舅舅|老大|老二|包工头|老板|合作社|收粮的|开发商';
const partyPattern = new RegExp(`${household}|${relations}|neighbou?r|brothers?|contractor|landlord`, 'gi');

/** Who the resident is in conflict with, in the order named; at most three. */
export function extractParties(text: string): string | null {
  const seen: string[] = [];
  for (const m of text.normalize('NFKC').matchAll(partyPattern)) {
    const p = m[0].replace(/^隔避$/, '隔壁').toLowerCase();
    if (!seen.includes(p)) seen.push(p);
  }
  return seen.length ? seen.slice(0, 3).join('、') : null;
}

const day = '[一二三四五六日天]';
const timeToken =
  `(?:今天|明天|明儿个?|后天|大后天|今晚|明早|这周末|周末|月底|年前|腊月|下个?月|下(?:周|星期|礼拜)${day}?|(?:周|星期|礼拜)${day}|` +
  `\\d{1,2}月\\d{1,2}[日号]|\\d{1,2}号|[一二三四五六七八九十]{1,3}号|上午|下午|中午|晚上|早上|\\d{1,2}点|[一二三四五六七八九十]{1,2}点(?:半)?)`;
const whenPattern = new RegExp(`${timeToken}(?:\\s?${timeToken})*`);
const englishWhen =
  /\b(?:today|tonight|tomorrow(?: morning| afternoon)?|this weekend|next week|(?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b/i;

/** When the resident needs the help ("明天上午", "周四", "下午三点"). */
export function extractWhen(text: string): string | null {
  const t = text.normalize('NFKC');
  const m = whenPattern.exec(t) ?? englishWhen.exec(t);
  return m ? m[0].replace(/^on /i, '') : null;
}
