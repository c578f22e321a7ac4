import type { DeliberationResult, DeliberationStatus } from '../domain/deliberation.machine.js';
import type { TextTables } from '../texts/index.js';

export type NoticeCategory = 'affairs' | 'finance' | 'decision' | 'other';

/** A deliberation as the secretary's chat shows it. */
export interface DeliberationView {
  ref: string;
  title: string;
  status: DeliberationStatus;
  options: string[];
  counts: number[];
  voted: number;
  electorate: number;
  result: DeliberationResult;
  closesAt: string | null;
}

/** Village deliberation (议事) and open village affairs notices (村务公开). */
export interface DeliberationTexts {
  status: Record<DeliberationStatus, string>;
  /** The secretary's text form of each next move, shown after a move and with a refusal. */
  next: Record<string, (ref: string) => string>;
  secretaryOnly: string;
  notFound: (ref: string) => string;
  illegal: (ref: string, status: string, allowed: string[]) => string;
  notPassed: (ref: string) => string;
  requestNotFound: (ref: string) => string;
  requestWrongKind: (ref: string) => string;
  created: (ref: string, title: string, next: string) => string;
  /** To the household whose proposal or topic became the matter. */
  proposalTaken: (requestRef: string, ref: string, title: string) => string;
  moved: (ref: string, status: string, next: string[]) => string;
  list: (items: DeliberationView[]) => string;
  show: (v: DeliberationView) => string;
  opened: (ref: string, accounts: number, households: number, closesAt: string) => string;
  closed: (v: DeliberationView) => string;
  inPersonRecorded: (ref: string, household: string, option: string) => string;
  /** `议事 D3 代投 杨志强家（三组1号） 同意`. */
  inPersonForm: (ref: string, household: string, option: string) => string;
  unknownHousehold: (code: string) => string;
  notElectorHousehold: (ref: string, code: string) => string;
  published: (ref: string, accounts: number, rooms: number) => string;
  progressSent: (ref: string, accounts: number) => string;
  surveySent: (ref: string, accounts: number) => string;
  // Residents
  ballot: (ref: string, title: string, text: string, options: string[], closesAt: string) => string;
  voted: (ref: string, option: string, changed: boolean, closesAt: string) => string;
  /** To the household's other accounts: someone of the household voted. */
  votedByHousehold: (ref: string, option: string) => string;
  votedInPerson: (ref: string) => string;
  notVoting: (ref: string) => string;
  notElector: (ref: string) => string;
  unknownOption: (ref: string, options: string[]) => string;
  result: (v: DeliberationView) => string;
  progress: (ref: string, title: string, notes: string) => string;
  survey: (ref: string, title: string) => string;
  surveyThanks: (ref: string) => string;
  notEvaluating: (ref: string) => string;
  rating: { satisfied: string; basic: string; unsatisfied: string };
  // Notices
  category: Record<NoticeCategory, string>;
  notice: (ref: string, category: NoticeCategory, title: string, text: string) => string;
  readButton: string;
  readThanks: (ref: string) => string;
  notices: (items: { ref: string; category: NoticeCategory; title: string; at: string }[]) => string;
  noticeNotFound: (ref: string) => string;
  /** To the household whose proposal or topic became the matter: each step of it, as it happens. */
  toProposer: (requestRef: string, ref: string, title: string, step: string) => string;
  proposerStep: {
    consult: string;
    review: string;
    open: (closesAt: string) => string;
    close: (v: DeliberationView) => string;
    publish: string;
    progress: (notes: string) => string;
    evaluate: string;
    drop: (notes: string) => string;
  };
}

const resultZh = (r: DeliberationResult) =>
  r === 'passed' ? '通过' : r === 'rejected' ? '未通过' : '参与户数不足，表决无效';
const tallyZh = (v: DeliberationView) => v.options.map((o, i) => `${o} ${v.counts[i] ?? 0} 户`).join('，');

export const zh: DeliberationTexts = {
  status: {
    proposed: '已提议',
    consulted: '两委已商议',
    reviewed: '党员大会已审议',
    voting: '表决中',
    decided: '已表决',
    published: '决议已公开',
    implementing: '实施中',
    evaluated: '已评议',
    dropped: '已终止',
  },
  next: {
    consult: (r) => `议事 ${r} 商议 记录`,
    review: (r) => `议事 ${r} 审议 记录`,
    open: (r) => `议事 ${r} 表决 3天`,
    close: (r) => `议事 ${r} 截止`,
    publish: (r) => `议事 ${r} 公开`,
    progress: (r) => `议事 ${r} 进展 内容`,
    evaluate: (r) => `议事 ${r} 评议`,
    drop: (r) => `议事 ${r} 终止 原因`,
  },
  secretaryOnly: '议事命令只有村党支部书记能用。',
  notFound: (ref) => `没有找到议事 ${ref}。发“议事”看本村的议事事项。`,
  illegal: (ref, status, allowed) =>
    `${ref} 现在是“${status}”，不能这样操作。${allowed.length ? `现在可以：${allowed.join(' / ')}` : '这件事已经走完了。'}`,
  notPassed: (ref) => `${ref} 没有通过表决，不进入实施。`,
  requestNotFound: (ref) => `没有找到诉求 ${ref}。`,
  requestWrongKind: (ref) => `${ref} 不是议事建议或说事议题，不能列入议事。`,
  created: (ref, title, next) => `已列入村民议事 ${ref}「${title}」（党支部提议）。\n下一步：${next}`,
  proposalTaken: (requestRef, ref, title) =>
    `您提的 ${requestRef} 已列入村民议事 ${ref}「${title}」，表决时每户都能投票。`,
  moved: (ref, status, next) => `${ref} 已记下：${status}。${next.length ? `\n下一步：${next.join(' / ')}` : ''}`,
  list: (items) =>
    items.length === 0
      ? '本村还没有议事事项。发“议事 新 标题：内容”提一件，或“议事 #诉求编号”把住户的建议列入议事。'
      : `本村议事：\n${items.map((v) => `${v.ref}「${v.title}」· ${zh.status[v.status]}${v.status === 'voting' ? `（已投 ${v.voted}/${v.electorate} 户）` : ''}`).join('\n')}\n发“议事 D编号”看详情。`,
  show: (v) =>
    `${v.ref}「${v.title}」· ${zh.status[v.status]}\n${
      v.status === 'proposed' || v.status === 'consulted' || v.status === 'reviewed'
        ? `选项：${v.options.join(' / ')}`
        : `${tallyZh(v)}\n已投 ${v.voted}/${v.electorate} 户${v.status === 'voting' && v.closesAt ? `，${v.closesAt} 截止` : `，结果：${resultZh(v.result)}`}`
    }`,
  opened: (ref, accounts, households, closesAt) =>
    `${ref} 开始表决：选票已发给 ${households} 户的 ${accounts} 个账号，${closesAt} 截止。没有手机的户可以登记现场投票：议事 ${ref} 代投 户主或门牌 选项`,
  closed: (v) =>
    `${v.ref} 表决结束：${tallyZh(v)}；参与 ${v.voted}/${v.electorate} 户。结果：${resultZh(v.result)}。\n公开结果：议事 ${v.ref} 公开`,
  inPersonRecorded: (ref, household, option) =>
    `已登记 ${household} 现场投票：${ref}「${option}」。这一户不能再在手机上投。`,
  inPersonForm: (ref, household, option) => `议事 ${ref} 代投 ${household} ${option}`,
  unknownHousehold: (code) => `村里没有找到 ${code} 这一户。`,
  notElectorHousehold: (ref, code) => `${code} 不在 ${ref} 的表决范围内（本次由村民代表表决）。`,
  published: (ref, accounts, rooms) => `${ref} 的决议已公开：发给 ${accounts} 个住户账号和 ${rooms} 个群。`,
  progressSent: (ref, accounts) => `${ref} 的实施进展已发给 ${accounts} 个住户账号和各群。`,
  surveySent: (ref, accounts) => `${ref} 的满意度评议已发给 ${accounts} 个住户账号。`,
  ballot: (ref, title, text, options, closesAt) =>
    `【村民议事 · 表决】${ref}「${title}」\n${text}\n每户一票，家里任何一个绑定的账号都可以投，${closesAt} 前可以改投，以最后一次为准。\n回复：${options.map((o) => `投票 ${ref} ${o}`).join(' / ')}`,
  voted: (ref, option, changed, closesAt) =>
    `${changed ? '已改投' : '已投票'}：您家对 ${ref} 投「${option}」。${closesAt} 前还可以改，以最后一次为准。`,
  votedByHousehold: (ref, option) => `您家在 ${ref} 的投票现在是「${option}」（家里另一个账号投的）。`,
  votedInPerson: (ref) => `您家已经在现场投过 ${ref} 的票（村里登记过），不能再在手机上投了。有疑问请找村党支部书记。`,
  notVoting: (ref) => `${ref} 现在不在表决中，不能投票。`,
  notElector: (ref) => `${ref} 由村民代表表决，您家这次不用投票，结果会公开给每一户。`,
  unknownOption: (ref, options) => `没有这个选项。请回复：${options.map((o) => `投票 ${ref} ${o}`).join(' / ')}`,
  result: (v) =>
    `【村务公开 · 决议】${v.ref}「${v.title}」\n表决结果：${resultZh(v.result)}\n${tallyZh(v)}；参与 ${v.voted}/${v.electorate} 户。`,
  progress: (ref, title, notes) => `【村务公开 · 实施进展】${ref}「${title}」\n${notes}`,
  survey: (ref, title) =>
    `【村民议事 · 评议】${ref}「${title}」已经办完了。您对办理结果满意吗？\n回复：评议 ${ref} 1（满意）/ 评议 ${ref} 2（基本满意）/ 评议 ${ref} 3（不满意）`,
  surveyThanks: (ref) => `谢谢，您家对 ${ref} 的评议已记下。`,
  notEvaluating: (ref) => `${ref} 现在不在评议中。`,
  rating: { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' },
  category: { affairs: '村务', finance: '财务', decision: '决议', other: '通知' },
  notice: (ref, category, title, text) =>
    `【村务公开 · ${zh.category[category]}】${title}\n${text}\n（公告 ${ref}，看完请点“已读”或回复：已读 ${ref}）`,
  readButton: '已读',
  readThanks: (ref) => `已记下：公告 ${ref} 已读。`,
  notices: (items) =>
    items.length === 0
      ? '最近没有公告。'
      : `最近的公告：\n${items.map((n) => `${n.ref}【${zh.category[n.category]}】${n.title} · ${n.at}`).join('\n')}\n发“公告 G编号”看全文。`,
  noticeNotFound: (ref) => `没有找到公告 ${ref}。发“公告”看最近的。`,
  toProposer: (requestRef, ref, title, step) => `您提的 ${requestRef} 列入的村民议事 ${ref}「${title}」：${step}`,
  proposerStep: {
    consult: '村“两委”已经商议过了，下一步交党员大会审议。',
    review: '党员大会已经审议，接下来请全村表决。',
    open: (closesAt) => `现在开始表决，${closesAt} 截止，您家也可以投票。`,
    close: (v) => `表决结束：${tallyZh(v)}；参与 ${v.voted}/${v.electorate} 户。结果：${resultZh(v.result)}。`,
    publish: '表决结果已向全村公开。',
    progress: (notes) => `实施进展：${notes}`,
    evaluate: '已经办完，正在请全村评议。',
    drop: (notes) => `这件事不再议了${notes ? `，原因：${notes}` : ''}。`,
  },
};

const resultEn = (r: DeliberationResult) =>
  r === 'passed' ? 'passed' : r === 'rejected' ? 'rejected' : 'void: too few households voted';
const tallyEn = (v: DeliberationView) => v.options.map((o, i) => `${o} ${v.counts[i] ?? 0}`).join(', ');

export const en: DeliberationTexts = {
  status: {
    proposed: 'proposed',
    consulted: 'consulted by the committees',
    reviewed: 'reviewed by party members',
    voting: 'voting',
    decided: 'decided',
    published: 'published',
    implementing: 'being carried out',
    evaluated: 'evaluated',
    dropped: 'dropped',
  },
  next: {
    consult: (r) => `/deliberation ${r} consult notes`,
    review: (r) => `/deliberation ${r} review notes`,
    open: (r) => `/deliberation ${r} open 3`,
    close: (r) => `/deliberation ${r} close`,
    publish: (r) => `/deliberation ${r} publish`,
    progress: (r) => `/deliberation ${r} progress text`,
    evaluate: (r) => `/deliberation ${r} evaluate`,
    drop: (r) => `/deliberation ${r} drop reason`,
  },
  secretaryOnly: 'Only the branch secretary can use the deliberation commands.',
  notFound: (ref) => `No deliberation ${ref}. Send /deliberations for the village's list.`,
  illegal: (ref, status, allowed) =>
    `${ref} is ${status}: that is not possible now.${allowed.length ? ` Possible: ${allowed.join(' / ')}` : ' It is finished.'}`,
  notPassed: (ref) => `${ref} did not pass, so it is not carried out.`,
  requestNotFound: (ref) => `No request ${ref}.`,
  requestWrongKind: (ref) => `${ref} is not a proposal or a say-things topic.`,
  created: (ref, title, next) => `Deliberation ${ref} "${title}" proposed.\nNext: ${next}`,
  proposalTaken: (requestRef, ref, title) =>
    `Your ${requestRef} is now village deliberation ${ref} "${title}"; every household will vote on it.`,
  moved: (ref, status, next) => `${ref}: ${status}.${next.length ? `\nNext: ${next.join(' / ')}` : ''}`,
  list: (items) =>
    items.length === 0
      ? 'No deliberations yet.'
      : `Deliberations:\n${items.map((v) => `${v.ref} "${v.title}" · ${en.status[v.status]}${v.status === 'voting' ? ` (${v.voted}/${v.electorate} voted)` : ''}`).join('\n')}`,
  show: (v) =>
    `${v.ref} "${v.title}" · ${en.status[v.status]}\n${tallyEn(v)}\n${v.voted}/${v.electorate} households voted${v.status === 'voting' && v.closesAt ? `, closes ${v.closesAt}` : `, result: ${resultEn(v.result)}`}`,
  opened: (ref, accounts, households, closesAt) =>
    `${ref} is open: ballots sent to ${accounts} accounts of ${households} households, closing ${closesAt}. In-person votes: /deliberation ${ref} in-person <household> <option>`,
  closed: (v) =>
    `${v.ref} closed: ${tallyEn(v)}; ${v.voted}/${v.electorate} households voted. Result: ${resultEn(v.result)}.\nPublish: /deliberation ${v.ref} publish`,
  inPersonRecorded: (ref, household, option) =>
    `Recorded the in-person vote of ${household} on ${ref}: "${option}". This household can no longer vote in chat.`,
  inPersonForm: (ref, household, option) => `/deliberation ${ref} in-person ${household} ${option}`,
  unknownHousehold: (code) => `No household ${code} in the village.`,
  notElectorHousehold: (ref, code) => `${code} does not vote on ${ref} (the representatives decide it).`,
  published: (ref, accounts, rooms) =>
    `${ref}'s decision published to ${accounts} resident accounts and ${rooms} group chats.`,
  progressSent: (ref, accounts) => `${ref}'s progress sent to ${accounts} resident accounts and the group chats.`,
  surveySent: (ref, accounts) => `${ref}'s evaluation question sent to ${accounts} resident accounts.`,
  ballot: (ref, title, text, options, closesAt) =>
    `[Village vote] ${ref} "${title}"\n${text}\nOne vote per household; any of its accounts may vote, and may change it until ${closesAt} (the last one counts).\nReply: ${options.map((_o, i) => `/vote ${ref} ${i + 1}`).join(' / ')} (${options.map((o, i) => `${i + 1} ${o}`).join(', ')})`,
  voted: (ref, option, changed, closesAt) =>
    `${changed ? 'Changed' : 'Voted'}: your household votes "${option}" on ${ref}. You may change it until ${closesAt}.`,
  votedByHousehold: (ref, option) =>
    `Your household's vote on ${ref} is now "${option}" (from another of its accounts).`,
  votedInPerson: (ref) =>
    `Your household already voted on ${ref} in person (recorded by the village), so it cannot vote in chat. Ask the branch secretary if this is wrong.`,
  notVoting: (ref) => `${ref} is not open for voting.`,
  notElector: (ref) =>
    `${ref} is decided by the villagers' representatives; the result will be published to every household.`,
  unknownOption: (ref, options) =>
    `No such option. Reply: ${options.map((o, i) => `/vote ${ref} ${i + 1} (${o})`).join(' / ')}`,
  result: (v) =>
    `[Village affairs · decision] ${v.ref} "${v.title}"\nResult: ${resultEn(v.result)}\n${tallyEn(v)}; ${v.voted}/${v.electorate} households voted.`,
  progress: (ref, title, notes) => `[Village affairs · progress] ${ref} "${title}"\n${notes}`,
  survey: (ref, title) =>
    `[Village deliberation · evaluation] ${ref} "${title}" is done. Are you satisfied with the result?\nReply: /evaluate ${ref} 1 (satisfied) / /evaluate ${ref} 2 (fairly) / /evaluate ${ref} 3 (not satisfied)`,
  surveyThanks: (ref) => `Thank you, your household's evaluation of ${ref} is recorded.`,
  notEvaluating: (ref) => `${ref} is not being evaluated now.`,
  rating: { satisfied: 'satisfied', basic: 'fairly satisfied', unsatisfied: 'not satisfied' },
  category: { affairs: 'village affairs', finance: 'finances', decision: 'decision', other: 'notice' },
  notice: (ref, category, title, text) =>
    `[Village affairs · ${en.category[category]}] ${title}\n${text}\n(notice ${ref}; tap "Read" or reply /read ${ref})`,
  readButton: 'Read',
  readThanks: (ref) => `Noted: notice ${ref} read.`,
  notices: (items) =>
    items.length === 0
      ? 'No recent notices.'
      : `Recent notices:\n${items.map((n) => `${n.ref} [${en.category[n.category]}] ${n.title} · ${n.at}`).join('\n')}\nSend /notices G<number> for the full text.`,
  noticeNotFound: (ref) => `No notice ${ref}. Send /notices for the recent ones.`,
  toProposer: (requestRef, ref, title, step) =>
    `Village deliberation ${ref} "${title}", which came from your ${requestRef}: ${step}`,
  proposerStep: {
    consult: "the village committees have discussed it; the party members' meeting reviews it next.",
    review: "the party members' meeting has reviewed it; the village votes next.",
    open: (closesAt) => `voting is open until ${closesAt}, and your household may vote too.`,
    close: (v) =>
      `voting has closed: ${tallyEn(v)}; ${v.voted}/${v.electorate} households took part. Result: ${resultEn(v.result)}.`,
    publish: 'the result has been made public to the village.',
    progress: (notes) => `progress: ${notes}`,
    evaluate: 'it is done; the village is asked to evaluate it.',
    drop: (notes) => `it is no longer being pursued${notes ? `: ${notes}` : ''}.`,
  },
};

/** Both languages, for the feature object: merged into the text tables under `deliberation` from the feature list. */
export const deliberationTexts: TextTables<DeliberationTexts> = { zh, en };

declare module '../texts/texts.js' {
  interface FeatureTexts {
    deliberation: DeliberationTexts;
  }
}
