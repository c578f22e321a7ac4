import type { CareReason } from '../domain/care.js';
import type { TextTables } from '../texts/index.js';

/** 关爱走访 and 代报: the chat's words, the sweep's tasks and the desk page's labels. */
export interface CareTexts {
  reason: Record<CareReason, string>;
  /** Added to 帮助 for members. */
  help: string;
  usageVisit: string;
  usageProxy: string;
  /** The typed form that names a household, for the buttons' WeChat replies. */
  visitForm: (who: string, note: string) => string;
  proxyForm: (who: string, text: string) => string;
  /** The kept words of a button already used, or too old. */
  pendingGone: string;
  /** To the member: the visit is recorded; `filed` the request a matter found became. */
  visited: (household: string, next: string | null, filed: { ref: string; summary: string } | null) => string;
  /** To the member after 代报: the request is filed for the household; `told` how many of its accounts were told. */
  proxied: (ref: string, household: string, told: number) => string;
  /** To the household's accounts: a member filed this for you. */
  proxiedToHousehold: (receipt: string, member: string, onVisit: boolean) => string;
  /** The sweep's task to the group leader: a visit is due (`unanswered`: the check-in went a day without an answer). */
  visitTask: (
    household: string,
    reason: string,
    last: string | null,
    due: string,
    form: string,
    unanswered?: boolean,
  ) => string;
  /** To a care household's own accounts, where the village lets a check-in stand in for a visit: any reply counts. */
  checkin: (head: string, leader: string | null) => string;
  /** To the household: its reply to the check-in is kept as this visit. */
  checkinThanks: string;
  /** To the town contact: still not visited after the secretary was told. */
  visitOverdueToTown: (
    village: string,
    household: string,
    reason: string,
    leader: string | null,
    due: string,
  ) => string;
  /** To the secretary: a visit was missed past the grace. */
  visitOverdue: (household: string, reason: string, leader: string | null, due: string) => string;
  /** To the leader: the secretary was told. */
  visitOverdueToLeader: (household: string) => string;
  /** The ledger and request page: who filed it. */
  filedBy: (member: string, onVisit: boolean) => string;
  desk: {
    title: string;
    intro: string;
    group: string;
    household: string;
    reason: string;
    lastVisit: string;
    lastNote: string;
    due: string;
    standing: { ok: string; due: string; overdue: string };
    never: string;
    none: string;
    summary: (overdue: number, due: number, total: number) => string;
    /** The last visit was the household's own answer to a check-in. */
    byCheckin: string;
    /** The settings page: whether an answered check-in stands in for a visit. */
    checkinSetting: { heading: string; label: string; hint: string; save: string; saved: (on: boolean) => string };
    /** 代报 from the desk: the form, the choice when a name fits several, and what it says when none does. */
    file: {
      link: string;
      title: string;
      intro: string;
      who: string;
      whoHint: string;
      text: string;
      submit: string;
      pick: (typed: string, n: number) => string;
      none: (typed: string, close: boolean) => string;
      missing: string;
      membersOnly: string;
      another: string;
    };
  };
}

export const zh: CareTexts = {
  reason: {
    elderly_alone: '独居老人',
    disabled: '残疾',
    left_behind_child: '留守儿童',
    dibao: '低保',
    wubao: '五保',
    other: '其他',
  },
  help: '关爱走访：\n· 走访 一组2号 身体还好，缺煤（记一次入户走访；发现的事会替这户报上来）\n· 代报 一组2号 院墙倒了（替这户报事，回执发到这户绑定的账号）',
  usageVisit: '请这样写：走访 一组2号 身体还好，缺煤（户写门牌或户主名字）',
  usageProxy: '请这样写：代报 一组2号 院墙倒了（户写门牌或户主名字）',
  visitForm: (who, note) => `走访 ${who}${note ? ` ${note}` : ''}`,
  proxyForm: (who, text) => `代报 ${who} ${text}`,
  pendingGone: '这条已经记过了，或者时间太久了，请重新发一次。',
  visited: (household, next, filed) =>
    `已记下走访：${household}。${next ? `下次走访：${next} 前。` : ''}${filed ? `\n发现的事已替这户报上来：${filed.ref}（${filed.summary}），按诉求办理。` : ''}`,
  proxied: (ref, household, told) =>
    `已替${household}报上来，编号 ${ref}。${told > 0 ? `回执已发到这户绑定的 ${told} 个账号。` : '这户没有绑定账号，请当面告诉他们编号。'}`,
  proxiedToHousehold: (receipt, member, onVisit) =>
    `${member}${onVisit ? '入户走访时' : ''}替您家报了一件事：\n${receipt}`,
  visitTask: (household, reason, last, due, form, unanswered) =>
    `【走访提醒】${household}（${reason}）该入户走访了${last ? `，上次走访是 ${last}` : ''}。${unanswered ? '发给这户的问候一天没有回复。' : ''}请在 ${due} 前去看看，走访后发：\n${form}`,
  checkin: (head, leader) =>
    `【关爱问候】${head}，您好！${leader ? `组长${leader}` : '村里'}想问问您家最近怎么样：身体好吗？缺什么、有什么坏了要修吗？回一句就行，比如“都好”。`,
  checkinThanks: '谢谢您回复！组长会知道您家的情况。有事随时跟我说。',
  visitOverdueToTown: (village, household, reason, leader, due) =>
    `【走访超时】${village}${household}（${reason}）应在 ${due} 前走访，已告诉村党支部书记，${leader ? `${leader} ` : ''}还没有走访。请督促村里安排。`,
  visitOverdue: (household, reason, leader, due) =>
    `【走访超时】${household}（${reason}）应在 ${due} 前走访，${leader ? `${leader} ` : ''}还没有走访。请安排人去看看。`,
  visitOverdueToLeader: (household) => `${household}的走访已超时，已告诉村里。走访后照常发“走访”记下。`,
  filedBy: (member, onVisit) => `${member}${onVisit ? '走访时' : ''}代报`,
  desk: {
    title: '关爱走访',
    intro:
      '特殊户（独居老人、残疾、留守儿童、低保、五保等）由组长按时入户走访：未诉先办。到期的组长会收到走访提醒，超时两天告诉书记。',
    group: '组',
    household: '户',
    reason: '类别',
    lastVisit: '上次走访',
    lastNote: '走访记录',
    due: '下次走访',
    standing: { ok: '按时', due: '该走访了', overdue: '已超时' },
    never: '还没走访过',
    none: '还没有特殊户。在花名册“户”表的“特殊户”一列填写（独居老人、残疾、留守儿童、低保、五保、其他）后导入。',
    summary: (overdue, due, total) => `共 ${total} 户特殊户：${overdue} 户走访已超时，${due} 户该走访了。`,
    byCheckin: '本户回复了问候',
    checkinSetting: {
      heading: '关爱问候代替走访',
      label: '允许用问候消息代替入户走访',
      hint: '打开后，特殊户到了该走访的时候，机器人先给这户绑定的账号发一条问候；这户回复了就算这次走访，一天没回复再提醒组长上门。没有绑定账号的户照常提醒组长。',
      // Not 保存: the settings form above has that button.
      save: '确定',
      saved: (on) => (on ? '已打开：问候有回复就算走访。' : '已关闭：到期都由组长上门走访。'),
    },
    file: {
      link: '代报',
      title: '代报：替户报事',
      intro:
        '遇到没有手机、不会用的户，替他们把事报上来。这件事算这一户的，回执发到这户绑定的账号，台账写明是谁代报的。',
      who: '哪一户',
      whoHint: '写门牌（一组2号）、户主名字（杨志强家）或组加名字（二组 王桂兰）',
      text: '要报的事',
      submit: '代报',
      pick: (typed, n) => `村里有 ${n} 户对得上「${typed}」，请选一户：`,
      none: (typed, close) =>
        `找不到「${typed}」这一户。${close ? '是不是下面这几户？' : '请换个写法，例如一组2号、杨志强家。'}`,
      missing: '请写上哪一户和要报的事。',
      membersOnly: '只有本村的村干部和组长能代报。',
      another: '再代报一件',
    },
  },
};

export const en: CareTexts = {
  reason: {
    elderly_alone: 'elderly, living alone',
    disabled: 'disabled',
    left_behind_child: 'left-behind child',
    dibao: 'dibao',
    wubao: 'wubao',
    other: 'other',
  },
  help: 'Care visits:\n· /visit <household> <note> (走访 一组2号 身体还好，缺煤): records a visit; a matter found is filed for the household\n· /fileon <household> <text> (代报 一组2号 院墙倒了): files for a household; its accounts get the receipt',
  usageVisit: 'Write: 走访 <household> <note>, e.g. 走访 一组2号 身体还好，缺煤',
  usageProxy: 'Write: 代报 <household> <what happened>, e.g. 代报 一组2号 院墙倒了',
  visitForm: (who, note) => `走访 ${who}${note ? ` ${note}` : ''}`,
  proxyForm: (who, text) => `代报 ${who} ${text}`,
  pendingGone: 'That was recorded already, or it is too old: please send it again.',
  visited: (household, next, filed) =>
    `Visit recorded: ${household}.${next ? ` Next visit by ${next}.` : ''}${filed ? `\nWhat you found was filed for the household: ${filed.ref} (${filed.summary}).` : ''}`,
  proxied: (ref, household, told) =>
    `Filed for ${household} as ${ref}. ${told > 0 ? `The receipt went to the household's ${told} account(s).` : 'The household has no account: please tell them the number in person.'}`,
  proxiedToHousehold: (receipt, member, onVisit) =>
    `${member} filed this for your household${onVisit ? ' on a visit' : ''}:\n${receipt}`,
  visitTask: (household, reason, last, due, form, unanswered) =>
    `[Visit due] ${household} (${reason}) is due a visit${last ? `; last visited ${last}` : ''}.${unanswered ? ' The check-in sent to the household went a day without an answer.' : ''} Please go by ${due}, then send:\n${form}`,
  checkin: (head, leader) =>
    `[Check-in] Hello ${head}! ${leader ? `Your group leader ${leader}` : 'The village'} would like to know how your household is: are you well, do you lack anything, is anything broken? A word in reply is enough, e.g. "all well".`,
  checkinThanks: 'Thank you for answering! Your group leader will know how you are. Write any time you need something.',
  visitOverdueToTown: (village, household, reason, leader, due) =>
    `[Visit overdue] ${village}: ${household} (${reason}) was due a visit by ${due}; the secretary was told and ${leader ?? 'nobody'} has still not visited. Please follow it up with the village.`,
  visitOverdue: (household, reason, leader, due) =>
    `[Visit overdue] ${household} (${reason}) was due a visit by ${due}; ${leader ?? 'nobody'} has not visited. Please send someone.`,
  visitOverdueToLeader: (household) =>
    `The visit to ${household} is overdue; the village was told. Record it with 走访 as usual once you have been.`,
  filedBy: (member, onVisit) => `filed by ${member}${onVisit ? ' on a visit' : ''}`,
  desk: {
    title: 'Care visits',
    intro:
      'Care households are visited by their group leader on a cadence. A due visit reaches the leader; two days overdue, the secretary.',
    group: 'Group',
    household: 'Household',
    reason: 'Reason',
    lastVisit: 'Last visit',
    lastNote: 'Note',
    due: 'Next visit',
    standing: { ok: 'on time', due: 'due', overdue: 'overdue' },
    never: 'never visited',
    none: "No care households yet: fill in the roster's 特殊户 column and import it.",
    summary: (overdue, due, total) => `${total} care households: ${overdue} overdue, ${due} due.`,
    byCheckin: 'the household answered a check-in',
    checkinSetting: {
      heading: 'Check-ins instead of visits',
      label: 'Let an answered check-in message stand in for a visit',
      hint: 'When on, a care household due a visit first gets a check-in on its own accounts; any reply counts as the visit, and with no reply in a day the leader gets the visit task. Households without accounts are visited as before.',
      save: 'Apply',
      saved: (on) => (on ? 'On: an answered check-in counts as a visit.' : "Off: every due visit is the leader's."),
    },
    file: {
      link: 'File for a household',
      title: 'File for a household (代报)',
      intro:
        "For a household without a phone or the bot: the matter is the household's, its accounts get the receipt, and the ledger says who filed it.",
      who: 'Household',
      whoHint: "an address (一组2号), the head's name (杨志强家) or group and name (二组 王桂兰)",
      text: 'What to report',
      submit: 'File',
      pick: (typed, n) => `${n} households fit "${typed}": please pick one.`,
      none: (typed, close) =>
        `No household "${typed}".${close ? ' Is it one of these?' : ' Try another way of writing it, e.g. 一组2号 or 杨志强家.'}`,
      missing: 'Please name the household and what to report.',
      membersOnly: "Only the village's members file for a household.",
      another: 'File another',
    },
  },
};

/** Both languages, for the feature object: merged into the text tables under `care` from the feature list. */
export const careTexts: TextTables<CareTexts> = { zh, en };

declare module '../texts/texts.js' {
  interface FeatureTexts {
    care: CareTexts;
  }
}
