/** 群众评党员 · 党员积分 · 星级评比: what households, members and the secretary read, in chat and on the desk. */
import type { PointRule } from '../domain/member-points.js';
import type { TextTables } from '../texts/index.js';

type Rating = 'satisfied' | 'basic' | 'unsatisfied';

export interface MemberRatingTexts {
  rating: Record<Rating, string>;
  /** `2026-Q4` as people say it. */
  quarter: (quarter: string) => string;
  /** To each household, once per member serving its group. */
  ballot: (quarter: string, round: string, member: string, group: string, until: string) => string;
  /** To the secretary after `群众评党员`. */
  opened: (quarter: string, households: number, accounts: number, until: string) => string;
  alreadyOpen: (quarter: string, until: string) => string;
  secretaryOnly: string;
  /** The secretary's line under the member help. */
  help: string;
  noServers: string;
  thanks: (member: string, rating: string, changed: boolean) => string;
  roundClosed: string;
  notYours: string;
  rule: Record<PointRule, string>;
  /** The star notice (公示), one line per member. */
  noticeTitle: (village: string, quarter: string) => string;
  noticeText: (quarter: string, lines: { name: string; stars: number }[]) => string;
  desk: {
    nav: string;
    heading: (village: string, quarter: string) => string;
    quarterLabel: string;
    show: string;
    ownOnly: string;
    columns: {
      member: string;
      points: string;
      requestRatings: string;
      roundRatings: string;
      satisfaction: string;
      stars: string;
    };
    notRated: string;
    stars: (n: number) => string;
    counts: (r: Record<Rating, number>) => string;
    roundHeading: string;
    roundNone: string;
    roundOpen: (opened: string, until: string) => string;
    openRound: string;
    roundOpened: (households: number, accounts: number) => string;
    ledgerHeading: string;
    ledgerColumns: { at: string; member: string; rule: string; points: string; source: string };
    ledgerNone: string;
    caseSource: (id: number) => string;
    eventSource: (id: number, type: string) => string;
    rulesHeading: string;
    rulesHint: string;
    saveRules: string;
    rulesSaved: string;
    publishHeading: string;
    publishHint: string;
    publish: string;
    published: (notice: string) => string;
    publishedAlready: (notice: string) => string;
    nothingToPublish: string;
  };
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
export { pct as ratingPct };

export const zh: MemberRatingTexts = {
  rating: { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' },
  quarter: (q) => `${q.slice(0, 4)}年第${'一二三四'[Number(q.slice(6)) - 1]}季度`,
  ballot: (q, round, member, group, until) =>
    `【群众评党员 · ${zh.quarter(q)}】党员行不行，群众评一评。\n请为${group}的${member}这一季度的服务打个分：满意 / 基本满意 / 不满意（一户一票，${until}前可以改）。\n没有按钮时回复：评党员 ${round} 满意`,
  opened: (q, households, accounts, until) =>
    `${zh.quarter(q)}群众评党员已开始：发给 ${households} 户的 ${accounts} 个账号，${until}截止。结果在工作台“党员评星”页。`,
  alreadyOpen: (q, until) => `${zh.quarter(q)}的群众评党员已经开过了，${until}截止。`,
  secretaryOnly: '只有村党支部书记可以开始群众评党员。',
  help: '· 群众评党员 —— 开始本季度群众评党员（每户给本组党员打分，结果和星级在工作台“党员评星”页）',
  noServers: '村里还没有哪个组登记了组长，没有可评的党员。',
  thanks: (member, rating, changed) =>
    `${changed ? '已改为' : '已记下'}：您家对${member}的评价是“${rating}”。一户一票，谢谢！`,
  roundClosed: '这一轮群众评党员已经结束了。',
  notYours: '这位党员不服务您家所在的组，不能评。',
  rule: {
    accepted_in_time: '按时接单',
    resolved: '办结诉求',
    satisfied: '群众满意',
    mediation_closed: '调解成功结案',
    topic_done: '说事议题落实',
    visit: '入户走访',
  },
  noticeTitle: (village, q) => `${village}${zh.quarter(q)}党员星级评定结果`,
  noticeText: (q, lines) =>
    `根据${zh.quarter(q)}党员积分和群众评党员的结果，经村党支部审定，党员星级如下：\n${lines.map((l) => `${l.name}：${'★'.repeat(l.stars)}（${l.stars}星）`).join('\n')}\n对结果有意见的，可以向村党支部反映。`,
  desk: {
    nav: '党员评星',
    heading: (village, q) => `${village} · ${zh.quarter(q)} 党员积分与星级`,
    quarterLabel: '季度',
    show: '查看',
    ownOnly: '这里只显示您本人的积分和评价。',
    columns: {
      member: '党员',
      points: '积分',
      requestRatings: '回访评价',
      roundRatings: '群众评党员',
      satisfaction: '满意度',
      stars: '星级',
    },
    notRated: '未参评',
    stars: (n) => `${'★'.repeat(n)}${'☆'.repeat(5 - n)} ${n}星`,
    counts: (r) => `满意${r.satisfied} 基本满意${r.basic} 不满意${r.unsatisfied}`,
    roundHeading: '群众评党员',
    roundNone: '本季度还没有开始群众评党员。',
    roundOpen: (opened, until) => `本季度已于 ${opened} 开始，${until} 截止。`,
    openRound: '开始本季度群众评党员',
    roundOpened: (households, accounts) => `已发给 ${households} 户的 ${accounts} 个账号。`,
    ledgerHeading: '积分明细（每一分都能查到来由）',
    ledgerColumns: { at: '时间', member: '党员', rule: '事项', points: '分', source: '来由' },
    ledgerNone: '本季度还没有积分。',
    caseSource: (id) => `调解案件 ${id}`,
    eventSource: (id, type) =>
      `台账第 ${id} 条（${({ accepted: '接单', resolved: '办结', rated: '评价' } as Record<string, string>)[type] ?? type}）`,
    rulesHeading: '积分规则（本村）',
    rulesHint: '每项事情得几分由村里定；改了以后，新记的积分按新规则算。',
    saveRules: '保存规则',
    rulesSaved: '积分规则已保存。',
    publishHeading: '星级公示',
    publishHint: '书记审定后按下按钮，星级作为村务公开发给各组群和住户。',
    publish: '审定并公示星级',
    published: (notice) => `星级已公示：公告 ${notice}。`,
    publishedAlready: (notice) => `本季度星级已公示过：公告 ${notice}。`,
    nothingToPublish: '本季度还没有党员参评，无法公示。',
  },
};

export const en: MemberRatingTexts = {
  rating: { satisfied: 'satisfied', basic: 'fairly satisfied', unsatisfied: 'not satisfied' },
  quarter: (q) => `${q.slice(0, 4)} Q${q.slice(6)}`,
  ballot: (q, round, member, group, until) =>
    `[Residents rate party members · ${en.quarter(q)}]\nHow did ${member} (${group}) serve you this quarter? satisfied / fairly satisfied / not satisfied (one vote per household, changeable until ${until}).\nWithout buttons, reply: /ratemember ${round} 1`,
  opened: (q, households, accounts, until) =>
    `The ${en.quarter(q)} rating round is open: sent to ${accounts} accounts of ${households} households, closing ${until}. Results are on the desk's Member stars page.`,
  alreadyOpen: (q, until) => `The ${en.quarter(q)} rating round is already open, closing ${until}.`,
  secretaryOnly: 'Only the branch secretary can open a rating round.',
  help: "· /rateround — open this quarter's round where households rate their group's members (results and stars on the desk's Member stars page)",
  noServers: 'No group has a leader on the roster yet: there is nobody to rate.',
  thanks: (member, rating, changed) =>
    `${changed ? 'Changed' : 'Recorded'}: your household rates ${member} "${rating}". One vote per household — thank you!`,
  roundClosed: 'This rating round has closed.',
  notYours: "This member does not serve your household's group.",
  rule: {
    accepted_in_time: 'Accepted in time',
    resolved: 'Request resolved',
    satisfied: 'Resident satisfied',
    mediation_closed: 'Mediation settled',
    topic_done: 'Say-things topic carried out',
    visit: 'Household visit',
  },
  noticeTitle: (village, q) => `${village}: party members' stars, ${en.quarter(q)}`,
  noticeText: (q, lines) =>
    `From the ${en.quarter(q)} points and residents' ratings, approved by the branch:\n${lines.map((l) => `${l.name}: ${'★'.repeat(l.stars)} (${l.stars})`).join('\n')}`,
  desk: {
    nav: 'Member stars',
    heading: (village, q) => `${village} · ${en.quarter(q)} member points and stars`,
    quarterLabel: 'Quarter',
    show: 'Show',
    ownOnly: 'Only your own points and ratings are shown.',
    columns: {
      member: 'Member',
      points: 'Points',
      requestRatings: 'Return visits',
      roundRatings: 'Rating round',
      satisfaction: 'Satisfaction',
      stars: 'Stars',
    },
    notRated: 'not rated',
    stars: (n) => `${'★'.repeat(n)}${'☆'.repeat(5 - n)} ${n}`,
    counts: (r) => `satisfied ${r.satisfied} · fairly ${r.basic} · not ${r.unsatisfied}`,
    roundHeading: 'Residents rate party members',
    roundNone: 'No rating round this quarter yet.',
    roundOpen: (opened, until) => `Opened ${opened}, closes ${until}.`,
    openRound: "Open this quarter's rating round",
    roundOpened: (households, accounts) => `Sent to ${accounts} accounts of ${households} households.`,
    ledgerHeading: 'Points ledger (each point with its event)',
    ledgerColumns: { at: 'When', member: 'Member', rule: 'For', points: 'Pts', source: 'Event' },
    ledgerNone: 'No points this quarter yet.',
    caseSource: (id) => `mediation case ${id}`,
    eventSource: (id, type) => `ledger entry ${id} (${type})`,
    rulesHeading: 'Points rules (this village)',
    rulesHint: 'The village sets the points per item; a change counts for points recorded after it.',
    saveRules: 'Save rules',
    rulesSaved: 'Points rules saved.',
    publishHeading: 'Publishing the stars',
    publishHint: 'After the secretary approves, the stars go out as an open village affairs notice.',
    publish: 'Approve and publish the stars',
    published: (notice) => `Stars published: notice ${notice}.`,
    publishedAlready: (notice) => `This quarter's stars were already published: notice ${notice}.`,
    nothingToPublish: 'No member is rated this quarter: nothing to publish.',
  },
};

/** Both languages, for the feature object: merged into the text tables under `memberRatings` from the feature list. */
export const memberRatingTexts: TextTables<MemberRatingTexts> = { zh, en };

declare module '../texts/texts.js' {
  interface FeatureTexts {
    memberRatings: MemberRatingTexts;
  }
}
