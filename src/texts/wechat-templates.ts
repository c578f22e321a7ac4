/**
 * What a template message says past WeChat's 48-hour window: each keyword value a few words (WeChat's
 * 2023 rules: at most 20 characters, one line), the whole text one tap away in the web chat.
 */
export interface WechatTemplateTexts {
  /** What happened to the request, by event type: short enough for a `phrase` keyword (5 characters). */
  status: Record<string, string>;
  /** Said for an event not named above. */
  otherStatus: string;
  /** What a mediation or vote notice is about, in the `kind` keyword. */
  noticeKind: { mediation: string; vote: string };
  /** The web chat opened from the Official Account, when WeChat's authorization could not be checked. */
  webAuthRefused: string;
  /** The desk's request page: the news that went out as template messages, and what WeChat reported of each. */
  desk: {
    heading: string;
    via: Record<string, string>;
    delivery: (status: string | null) => string;
  };
}

export const zh: WechatTemplateTexts = {
  status: {
    accepted: '已接单',
    note: '有新进展',
    transferred: '已转交',
    escalated: '已上报',
    resolved: '已办结',
    closed: '已结束',
    carried_over: '已顺延',
    rating_reminder: '请评价',
    invalid: '不予受理',
    withdrawn: '已撤回',
    reopened: '重新办理',
    submitted: '已受理',
    mediation: '调解通知',
    vote_opened: '开始投票',
    vote_result: '结果公布',
    vote_progress: '落实进展',
    vote_survey: '请评价',
  },
  otherStatus: '有新消息',
  noticeKind: { mediation: '人民调解', vote: '村务表决' },
  webAuthRefused: '这个链接已经用过或已失效。请回到“邻里”服务号，从菜单“我的诉求”重新打开。',
  desk: {
    heading: '微信服务号通知（48小时外）',
    via: { template: '模板消息', subscribe: '订阅通知' },
    delivery: (s) =>
      s === null
        ? '等待微信回执'
        : s === 'success'
          ? '已送达'
          : /user ?block/i.test(s)
            ? '未送达：居民拒收了服务号的消息'
            : `未送达：${s}`,
  },
};

export const en: WechatTemplateTexts = {
  status: {
    accepted: 'Accepted',
    note: 'Update',
    transferred: 'Handed on',
    escalated: 'Escalated',
    resolved: 'Resolved',
    closed: 'Closed',
    carried_over: 'Carried over',
    rating_reminder: 'Please rate',
    invalid: 'Not taken',
    withdrawn: 'Withdrawn',
    reopened: 'Reopened',
    submitted: 'Received',
    mediation: 'Mediation',
    vote_opened: 'Vote open',
    vote_result: 'Result',
    vote_progress: 'Progress',
    vote_survey: 'Please rate',
  },
  otherStatus: 'News',
  noticeKind: { mediation: 'Mediation', vote: 'Village vote' },
  webAuthRefused:
    'This link was already used or has expired. Go back to the "Linli" account and open it again from the menu.',
  desk: {
    heading: 'Official Account notices (past 48 hours)',
    via: { template: 'template message', subscribe: 'subscription notice' },
    delivery: (s) =>
      s === null
        ? "waiting for WeChat's report"
        : s === 'success'
          ? 'delivered'
          : /user ?block/i.test(s)
            ? "not delivered: the resident blocks the account's messages"
            : `not delivered: ${s}`,
  },
};
