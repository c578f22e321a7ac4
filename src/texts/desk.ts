/** The secretary's desk (/desk): every word its pages show, Chinese first. */
import { type DeskRosterTexts, en as rosterEn, zh as rosterZh } from './desk-roster.js';

export interface DeskTexts {
  title: string;
  lang: { other: string; otherCode: 'zh' | 'en'; html: string };
  nav: {
    board: string;
    rates: string;
    sayThings: string;
    settings: string;
    roster: string;
    logout: string;
    print: string;
  };
  whoAdmin: string;
  /** 韩守义（村党支部书记 · 小营店村） */
  who: (name: string, roles: string, village: string) => string;
  scope: {
    all: string;
    county: (c: string) => string;
    town: (t: string) => string;
    village: (v: string) => string;
    groups: (g: string) => string;
  };
  login: {
    heading: string;
    intro: string;
    village: string;
    villageHint: string;
    member: string;
    send: string;
    codeHeading: string;
    code: string;
    enter: string;
    adminHeading: string;
    adminToken: string;
    adminEnter: string;
    tooManyCodes: (at: string) => string;
    wrongCode: (left: number) => string;
    locked: (at: string) => string;
    wrongToken: string;
    /** The message in chat carrying the one-time code. */
    chatMessage: (code: string, minutes: number) => string;
    loggedOut: string;
    expired: string;
    /** The one answer to a code request, whoever the member code names (or nobody). */
    codeSentIfAny: string;
    slowDown: (at: string) => string;
  };
  board: {
    heading: string;
    live: string;
    all: string;
    open: string;
    village: string;
    group: string;
    kind: string;
    status: string;
    urgency: string;
    urgent: string;
    normal: string;
    assignee: string;
    overdue: string;
    from: string;
    to: string;
    search: string;
    searchHint: string;
    apply: string;
    reset: string;
    columns: {
      ref: string;
      kind: string;
      summary: string;
      household: string;
      group: string;
      assignee: string;
      status: string;
      reported: string;
      due: string;
    };
    none: string;
    overdueMark: string;
    urgentMark: string;
    counts: string;
    shown: (n: number) => string;
  };
  request: {
    heading: (ref: string) => string;
    words: string;
    facts: string;
    household: string;
    reporter: string;
    followers: string;
    noFollowers: string;
    acceptBy: string;
    resolveBy: string;
    resolution: string;
    rating: string;
    timeline: string;
    attachments: string;
    noAttachments: string;
    actions: string;
    accept: string;
    transfer: string;
    transferTo: string;
    escalate: string;
    note: string;
    noteText: string;
    resolve: string;
    resolveText: string;
    invalid: string;
    invalidReason: string;
    reopen: string;
    adminReadOnly: string;
    reopened: (ref: string) => string;
    cannotReopen: (ref: string, status: string) => string;
    secretaryOnly: string;
    back: string;
  };
  rates: {
    heading: string;
    month: string;
    show: string;
    response: string;
    resolution: string;
    satisfaction: string;
    byGroup: string;
    byLeader: string;
    trend: string;
    medians: string;
    medianAccept: string;
    medianResolve: string;
    requests: string;
    name: string;
    total: string;
    minutes: (m: number | null) => string;
    pct: (r: number | null) => string;
    reportTitle: (village: string, month: string) => string;
  };
  sayThings: {
    heading: string;
    next: (day: string, place: string | null) => string;
    agenda: string;
    noTopics: string;
    past: string;
    noPast: string;
    outcome: string;
    carried: string;
    notice: (village: string) => string;
  };
  settings: {
    heading: string;
    sayThingsDay: string;
    place: string;
    reminderDaysBefore: string;
    reminderHour: string;
    quietFrom: string;
    quietUntil: string;
    timezone: string;
    save: string;
    saved: string;
    readOnly: string;
    /** When on the day it starts. */
    time: string;
  };
  errors: { notFound: string; forbidden: string; badInput: (field: string) => string; back: string };
  /** Ledger export links and the Excel roster page. */
  roster: DeskRosterTexts;
}

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
const hm = (zhUnits: boolean) => (m: number | null) => {
  if (m === null) return '—';
  const h = Math.floor(m / 60);
  const mm = Math.round(m % 60);
  return zhUnits ? (h ? `${h} 小时 ${mm} 分` : `${mm} 分钟`) : h ? `${h} h ${mm} min` : `${mm} min`;
};

export const zh: DeskTexts = {
  title: '邻里 · 村务工作台',
  lang: { other: 'English', otherCode: 'en', html: 'zh-CN' },
  nav: {
    board: '诉求看板',
    rates: '三率统计',
    sayThings: '支部说事日',
    settings: '村设置',
    roster: '花名册',
    logout: '退出',
    print: '打印',
  },
  whoAdmin: '部署管理员',
  who: (name, roles, village) => `${name}（${roles} · ${village}）`,
  scope: {
    all: '全部村',
    county: (c) => `${c}全县`,
    town: (t) => `${t}各村`,
    village: (v) => v,
    groups: (g) => `本组：${g}`,
  },
  login: {
    heading: '登录工作台',
    intro: '输入联心卡上的号码（例如 700001）或您的姓名，验证码会发到您绑定的微信 / Telegram / 网页聊天账号上。',
    village: '村代码',
    villageHint: '只有一个村时可以不填',
    member: '联心卡号码或姓名',
    send: '发送验证码',
    codeHeading: '输入验证码',
    code: '验证码',
    enter: '登录',
    adminHeading: '部署管理员登录',
    adminToken: '管理令牌',
    adminEnter: '用令牌登录',
    tooManyCodes: (at) => `验证码发得太多了，请在 ${at} 以后再试。`,
    wrongCode: (left) => `验证码不对或已过期（还可以试 ${left} 次）。`,
    locked: (at) => `尝试次数太多，为了安全暂停登录，请在 ${at} 以后再试。`,
    wrongToken: '管理令牌不对。',
    chatMessage: (code, minutes) =>
      `村务工作台登录验证码：${code}（${minutes} 分钟内有效）。不是您本人在登录，请不要告诉任何人。`,
    loggedOut: '已退出。',
    expired: '登录已过期或已被收回，请重新登录。',
    codeSentIfAny:
      '如果填的联心卡号码或姓名对得上一位已绑定聊天账号的村干部，6 位验证码已发到他绑定的聊天（微信 / Telegram / 网页聊天），10 分钟内有效，请在这里输入。没有收到？请核对联心卡上的号码；村里有同名的，请在姓名前写上组别（例如 二组 李海生）；几个村都对得上时，请同时填写村代码。',
    slowDown: (at) =>
      `这个编号最近输错验证码的次数较多，为了安全，每次尝试都要等一会儿，请在 ${at} 以后再试。在您以前登录过的电脑上不用等。`,
  },
  board: {
    heading: '诉求看板',
    live: '实时更新',
    all: '全部',
    open: '未办结',
    village: '村',
    group: '互助组',
    kind: '类别',
    status: '状态',
    urgency: '紧急程度',
    urgent: '紧急',
    normal: '一般',
    assignee: '负责人',
    overdue: '只看超时',
    from: '从',
    to: '到',
    search: '搜索',
    searchHint: '编号、户、关键词',
    apply: '筛选',
    reset: '清除',
    columns: {
      ref: '编号',
      kind: '类别',
      summary: '摘要',
      household: '户',
      group: '组',
      assignee: '负责人',
      status: '状态',
      reported: '提交时间',
      due: '时限',
    },
    none: '没有符合条件的诉求。',
    overdueMark: '超时',
    urgentMark: '紧急',
    counts: '各状态数量',
    shown: (n) => `共显示 ${n} 件`,
  },
  request: {
    heading: (ref) => `诉求 ${ref}`,
    words: '居民原话',
    facts: '基本情况',
    household: '户',
    reporter: '反映人',
    followers: '同样反映的户',
    noFollowers: '没有其他户',
    acceptBy: '接单时限',
    resolveBy: '办结时限',
    resolution: '处理结果',
    rating: '评价',
    timeline: '办理经过',
    attachments: '附件',
    noAttachments: '没有附件',
    actions: '办理',
    accept: '接单',
    transfer: '转派',
    transferTo: '转派给',
    escalate: '上报',
    note: '备注',
    noteText: '备注内容（居民会收到）',
    resolve: '办结',
    resolveText: '处理结果（居民会收到）',
    invalid: '作废',
    invalidReason: '作废原因（居民和负责人会收到）',
    reopen: '重新办理',
    adminReadOnly: '管理员只能查看；办理请用联心卡号码或姓名登录。',
    reopened: (ref) => `${ref} 已重新办理，负责人已收到通知。`,
    cannotReopen: (ref, status) => `${ref} 现在是“${status}”，不能重新办理。`,
    secretaryOnly: '只有本村党支部书记可以这样做。',
    back: '返回看板',
  },
  rates: {
    heading: '三率统计',
    month: '月份',
    show: '查看',
    response: '响应率',
    resolution: '解决率',
    satisfaction: '满意率',
    byGroup: '各互助组',
    byLeader: '各负责人',
    trend: '近 12 个月',
    medians: '用时中位数',
    medianAccept: '接单用时',
    medianResolve: '办结用时',
    requests: '诉求数',
    name: '名称',
    total: '全村',
    minutes: hm(true),
    pct,
    reportTitle: (village, month) => `${village} ${month} 三率月报`,
  },
  sayThings: {
    heading: '支部说事日',
    next: (day, place) => `下次说事日：${day}${place ? `，地点：${place}` : ''}`,
    agenda: '议程',
    noTopics: '还没有议题。',
    past: '往次说事结果',
    noPast: '还没有往次记录。',
    outcome: '结果',
    carried: '顺延到下次',
    notice: (village) => `${village}支部说事日公示`,
  },
  settings: {
    heading: '村设置',
    sayThingsDay: '每月说事日（几号）',
    place: '说事地点',
    reminderDaysBefore: '提前几天提醒',
    reminderHour: '提醒时间（几点）',
    quietFrom: '免打扰开始（几点）',
    quietUntil: '免打扰结束（几点）',
    timezone: '时区',
    save: '保存',
    saved: '已保存。',
    readOnly: '只有本村党支部书记可以修改。',
    time: '说事时间（如 9:00）',
  },
  errors: {
    notFound: '没有找到，或不在您的查看范围内。',
    forbidden: '您没有权限这样做。',
    badInput: (f) => `填写有误：${f}`,
    back: '返回',
  },
  roster: rosterZh,
};

export const en: DeskTexts = {
  title: 'Linli · village desk',
  lang: { other: '中文', otherCode: 'zh', html: 'en' },
  nav: {
    board: 'Board',
    rates: 'Three rates',
    sayThings: 'Say-things day',
    settings: 'Village settings',
    roster: 'Roster',
    logout: 'Log out',
    print: 'Print',
  },
  whoAdmin: 'deployment admin',
  who: (name, roles, village) => `${name} (${roles} · ${village})`,
  scope: {
    all: 'all villages',
    county: (c) => `all of ${c}`,
    town: (t) => `villages of ${t}`,
    village: (v) => v,
    groups: (g) => `your groups: ${g}`,
  },
  login: {
    heading: 'Log in to the desk',
    intro:
      'Enter the number on your card (e.g. 700001) or your name; a code is sent to your bound WeChat / Telegram / web chat account.',
    village: 'Village code',
    villageHint: 'may be left empty when there is one village',
    member: 'Card number or name',
    send: 'Send the code',
    codeHeading: 'Enter the code',
    code: 'Code',
    enter: 'Log in',
    adminHeading: 'Deployment admin',
    adminToken: 'Admin token',
    adminEnter: 'Log in with the token',
    tooManyCodes: (at) => `Too many codes sent; please try again after ${at}.`,
    wrongCode: (left) => `The code is wrong or expired (${left} tries left).`,
    locked: (at) => `Too many tries: logging in is paused for safety until ${at}.`,
    wrongToken: 'The admin token is wrong.',
    chatMessage: (code, minutes) =>
      `Village desk login code: ${code} (valid ${minutes} minutes). If you are not logging in, tell nobody.`,
    loggedOut: 'Logged out.',
    expired: 'Your session expired or was revoked; please log in again.',
    codeSentIfAny:
      'If the card number or name matches a member with a bound chat account, a 6-digit code was sent to that chat (WeChat / Telegram / web chat); it is valid for 10 minutes, please enter it here. Nothing came? Check the number on your card; if someone in the village has the same name, write the group before it (e.g. 二组 李海生); if several villages match, give the village code too.',
    slowDown: (at) =>
      `Many wrong codes were tried for this member lately, so each attempt has to wait a while for safety. Please try again after ${at}. A computer you logged in from before does not wait.`,
  },
  board: {
    heading: 'Requests',
    live: 'live',
    all: 'all',
    open: 'open',
    village: 'Village',
    group: 'Group',
    kind: 'Kind',
    status: 'Status',
    urgency: 'Urgency',
    urgent: 'urgent',
    normal: 'normal',
    assignee: 'Assignee',
    overdue: 'overdue only',
    from: 'From',
    to: 'To',
    search: 'Search',
    searchHint: 'ref, household, words',
    apply: 'Filter',
    reset: 'Clear',
    columns: {
      ref: 'Ref',
      kind: 'Kind',
      summary: 'Summary',
      household: 'Household',
      group: 'Group',
      assignee: 'Assignee',
      status: 'Status',
      reported: 'Reported',
      due: 'Due',
    },
    none: 'No request matches.',
    overdueMark: 'overdue',
    urgentMark: 'urgent',
    counts: 'Per status',
    shown: (n) => `${n} shown`,
  },
  request: {
    heading: (ref) => `Request ${ref}`,
    words: "The resident's words",
    facts: 'Facts',
    household: 'Household',
    reporter: 'Reported by',
    followers: 'Households with the same matter',
    noFollowers: 'none',
    acceptBy: 'Accept by',
    resolveBy: 'Resolve by',
    resolution: 'Result',
    rating: 'Rating',
    timeline: 'Timeline',
    attachments: 'Attachments',
    noAttachments: 'none',
    actions: 'Actions',
    accept: 'Accept',
    transfer: 'Transfer',
    transferTo: 'Transfer to',
    escalate: 'Escalate',
    note: 'Note',
    noteText: 'Note (the resident is told)',
    resolve: 'Resolve',
    resolveText: 'Result (the resident is told)',
    invalid: 'Close as invalid',
    invalidReason: 'Reason (the resident and the assignee are told)',
    reopen: 'Reopen',
    adminReadOnly: 'The admin can only look; log in with your card number or name to act.',
    reopened: (ref) => `${ref} is reopened; the assignee was told.`,
    cannotReopen: (ref, status) => `${ref} is “${status}” and cannot be reopened.`,
    secretaryOnly: 'Only the village secretary may do this.',
    back: 'Back to the board',
  },
  rates: {
    heading: 'The three rates',
    month: 'Month',
    show: 'Show',
    response: 'Response',
    resolution: 'Resolution',
    satisfaction: 'Satisfaction',
    byGroup: 'By group',
    byLeader: 'By assignee',
    trend: 'Last 12 months',
    medians: 'Median times',
    medianAccept: 'to accept',
    medianResolve: 'to resolve',
    requests: 'Requests',
    name: 'Name',
    total: 'Village',
    minutes: hm(false),
    pct,
    reportTitle: (village, month) => `${village}: the three rates, ${month}`,
  },
  sayThings: {
    heading: 'Say-things day',
    next: (day, place) => `Next say-things day: ${day}${place ? `, at ${place}` : ''}`,
    agenda: 'Agenda',
    noTopics: 'No topics yet.',
    past: 'Past sessions',
    noPast: 'No past session yet.',
    outcome: 'Outcome',
    carried: 'carried over',
    notice: (village) => `${village}: say-things day notice`,
  },
  settings: {
    heading: 'Village settings',
    sayThingsDay: 'Say-things day (day of month)',
    place: 'Place',
    reminderDaysBefore: 'Remind days before',
    reminderHour: 'Reminder hour',
    quietFrom: 'Quiet hours from',
    quietUntil: 'Quiet hours until',
    timezone: 'Time zone',
    save: 'Save',
    saved: 'Saved.',
    readOnly: 'Only the village secretary may change these.',
    time: 'Say-things time (e.g. 9:00)',
  },
  errors: {
    notFound: 'Not found, or outside what you may see.',
    forbidden: 'You may not do this.',
    badInput: (f) => `Please check: ${f}`,
    back: 'Back',
  },
  roster: rosterEn,
};
