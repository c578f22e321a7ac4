/** The desk's mediation pages (/desk/cases): every word they show, Chinese first. */

export type DeskCaseStep =
  'opened' | 'presiding' | 'investigated' | 'informed' | 'session' | 'agreement' | 'followed_up';
export type DeskCaseAction =
  'preside' | 'investigate' | 'inform' | 'session' | 'party' | 'propose' | 'fail' | 'follow_up';

export interface DeskMediationTexts {
  nav: string;
  listHeading: string;
  sections: { due: string; open: string; judicial: string; closed: string };
  sectionHints: { due: (days: number) => string; judicial: string };
  none: string;
  columns: {
    caseNo: string;
    ref: string;
    applicant: string;
    type: string;
    status: string;
    presiding: string;
    accepted: string;
    deadline: string;
  };
  heading: (caseNo: string) => string;
  back: string;
  request: (ref: string) => string;
  facts: string;
  parties: string;
  partyColumns: { role: string; name: string; place: string; reach: string };
  reachable: string;
  unreachable: string;
  outsider: string;
  staff: string;
  presiding: string;
  assistants: string;
  steps: string;
  step: Record<DeskCaseStep, string>;
  stepFailed: string;
  done: string;
  next: string;
  record: string;
  event: Record<string, string>;
  statement: string;
  viaChannel: (channel: string) => string;
  agreement: string;
  noAgreement: string;
  proposedBy: (name: string, at: string) => string;
  confirmations: string;
  confirmColumns: { party: string; answer: string; at: string; channel: string };
  confirmed: string;
  declined: (reason: string | null) => string;
  notYet: string;
  effective: (at: string) => string;
  judicialUntil: (at: string) => string;
  file: string;
  printFile: string;
  pdf: string;
  actions: string;
  readOnly: string;
  readOnlyTown: string;
  adminReadOnly: string;
  action: Record<DeskCaseAction, string>;
  fields: {
    mediator: string;
    assistants: string;
    record: string;
    terms: string;
    reason: string;
    household: string;
    outsider: string;
    orOutsider: string;
  };
  partyHint: string;
  /** What the desk says after a step was taken (the parties were told as in chat). */
  doneSay: Record<DeskCaseAction, string>;
  toldParties: (n: number) => string;
  unreachableSay: (names: string[]) => string;
  refused: (why: string) => string;
  openCase: string;
  caseOf: (caseNo: string) => string;
  badInput: (field: string) => string;
  print: string;
}

export const zh: DeskMediationTexts = {
  nav: '调解',
  listHeading: '人民调解案件',
  sections: {
    due: '超过 30 天仍未结案',
    open: '正在调解',
    judicial: '可申请司法确认（协议生效 30 日内）',
    closed: '已结案',
  },
  sectionHints: {
    due: (days) => `受理已满 ${days} 天：一般应在一个月内调结，请督促调解员。`,
    judicial: '双方可以共同向人民法院申请司法确认，截止日期见右栏。',
  },
  none: '（没有）',
  columns: {
    caseNo: '案号',
    ref: '诉求',
    applicant: '申请人',
    type: '纠纷类型',
    status: '进度',
    presiding: '主持人',
    accepted: '受理时间',
    deadline: '截止',
  },
  heading: (caseNo) => `调解案件 ${caseNo}`,
  back: '调解案件列表',
  request: (ref) => `诉求 ${ref}`,
  facts: '纠纷简要情况',
  parties: '当事人',
  partyColumns: { role: '身份', name: '姓名', place: '组别和门牌', reach: '联系方式' },
  reachable: '已绑定，聊天里能收到通知',
  unreachable: '没有绑定账号，需要当面联系',
  outsider: '村外人员，需要当面联系',
  staff: '调解员',
  presiding: '主持人',
  assistants: '协助',
  steps: '六步进度',
  step: {
    opened: '受理',
    presiding: '指定主持人',
    investigated: '调查核实',
    informed: '告知权利义务',
    session: '调解',
    agreement: '签订协议',
    followed_up: '回访',
  },
  stepFailed: '调解不成',
  done: '已完成',
  next: '下一步',
  record: '案件记录',
  event: {
    opened: '受理立案',
    presiding: '指定主持人',
    investigated: '调查记录',
    informed: '告知权利义务',
    session: '调解记录',
    party_added: '列为另一方当事人',
    proposed: '提出调解协议',
    confirmed: '当事人同意协议',
    declined: '当事人不同意协议',
    agreed: '协议生效',
    failed: '调解不成',
    followed_up: '回访记录',
    statement: '当事人陈述',
    reminded: '系统提醒',
    return_visit_scheduled: '安排回访',
  },
  statement: '当事人在聊天里说的话',
  viaChannel: (channel) => `（通过${channel}）`,
  agreement: '调解协议',
  noAgreement: '还没有提出调解协议。',
  proposedBy: (name, at) => `${name} 于 ${at} 提出`,
  confirmations: '当事人确认',
  confirmColumns: { party: '当事人', answer: '答复', at: '时间', channel: '渠道' },
  confirmed: '同意',
  declined: (reason) => `不同意${reason ? `：${reason}` : ''}`,
  notYet: '还没有答复',
  effective: (at) => `协议已于 ${at} 生效。`,
  judicialUntil: (at) => `双方可在 ${at} 前共同向人民法院申请司法确认。`,
  file: '卷宗',
  printFile: '打印卷宗',
  pdf: '下载卷宗 PDF',
  actions: '办理',
  readOnly: '您可以查看这个案件；调解由本案的调解员和村党支部书记办理。',
  readOnlyTown: '只读：人民调解由村调委会负责，镇、县工作人员在这里查看进展。',
  adminReadOnly: '管理员只能查看；请由调解员或书记登录办理。',
  action: {
    preside: '指定主持人',
    investigate: '记入调查情况',
    inform: '发送权利义务告知书',
    session: '记入调解情况',
    party: '添加另一方当事人',
    propose: '发给当事人确认协议',
    fail: '记为调解不成',
    follow_up: '记入回访情况',
  },
  fields: {
    mediator: '主持调解员',
    assistants: '协助调解员（可不选）',
    record: '记录内容',
    terms: '协议内容（当事人会在聊天里收到并确认）',
    reason: '原因（写明引导去司法所、派出所或法院）',
    household: '本村住户',
    outsider: '村外人员姓名',
    orOutsider: '或者',
  },
  partyHint: '选一户本村住户，或者填写村外人员的姓名。',
  doneSay: {
    preside: '已指定主持人，当事人已收到通知。',
    investigate: '调查情况已记入卷宗。',
    inform: '权利义务告知书已发出。',
    session: '调解情况已记入卷宗。',
    party: '已添加另一方当事人。',
    propose: '协议已发给当事人确认，他们在聊天里点“同意”后协议生效。',
    fail: '已记为调解不成，当事人已收到通知。',
    follow_up: '回访情况已记入卷宗，当事人已收到通知。',
  },
  toldParties: (n) => `已通知 ${n} 户当事人。`,
  unreachableSay: (names) => `联系不上（请当面告知并签字）：${names.join('、')}`,
  refused: (why) => `没有办成：${why}`,
  openCase: '这个纠纷已受理为调解案件',
  caseOf: (caseNo) => `查看调解案件 ${caseNo}`,
  badInput: (field) => `请填写：${field}`,
  print: '打印',
};

export const en: DeskMediationTexts = {
  nav: 'Mediation',
  listHeading: "People's mediation cases",
  sections: {
    due: 'Open for more than 30 days',
    open: 'Being mediated',
    judicial: 'Judicial confirmation possible (within 30 days of the agreement)',
    closed: 'Closed',
  },
  sectionHints: {
    due: (days) => `Accepted ${days} or more days ago: a case should generally be settled within a month.`,
    judicial: 'The parties may jointly apply to the court for judicial confirmation until the date shown.',
  },
  none: '(none)',
  columns: {
    caseNo: 'Case no.',
    ref: 'Request',
    applicant: 'Applicant',
    type: 'Type',
    status: 'Progress',
    presiding: 'Presiding',
    accepted: 'Accepted',
    deadline: 'Until',
  },
  heading: (caseNo) => `Mediation case ${caseNo}`,
  back: 'Mediation cases',
  request: (ref) => `Request ${ref}`,
  facts: 'Facts in brief',
  parties: 'Parties',
  partyColumns: { role: 'Role', name: 'Name', place: 'Group and address', reach: 'Reachable' },
  reachable: 'bound: gets messages in chat',
  unreachable: 'no bound account: contact in person',
  outsider: 'from outside the village: contact in person',
  staff: 'Mediators',
  presiding: 'Presiding',
  assistants: 'Assisting',
  steps: 'The six steps',
  step: {
    opened: 'Accepted',
    presiding: 'Mediator appointed',
    investigated: 'Facts investigated',
    informed: 'Rights and duties told',
    session: 'Mediation',
    agreement: 'Agreement',
    followed_up: 'Return visit',
  },
  stepFailed: 'Mediation failed',
  done: 'done',
  next: 'next',
  record: 'Case record',
  event: {
    opened: 'Case opened',
    presiding: 'Mediator appointed',
    investigated: 'Investigation',
    informed: 'Rights and duties told',
    session: 'Mediation session',
    party_added: 'Other party added',
    proposed: 'Agreement proposed',
    confirmed: 'Party agreed',
    declined: 'Party disagreed',
    agreed: 'Agreement in effect',
    failed: 'Mediation failed',
    followed_up: 'Return visit',
    statement: "Party's statement",
    reminded: 'Reminder',
    return_visit_scheduled: 'Return visit scheduled',
  },
  statement: 'What a party said in chat',
  viaChannel: (channel) => ` (via ${channel})`,
  agreement: 'Mediation agreement',
  noAgreement: 'No agreement proposed yet.',
  proposedBy: (name, at) => `proposed by ${name} on ${at}`,
  confirmations: "Parties' answers",
  confirmColumns: { party: 'Party', answer: 'Answer', at: 'When', channel: 'Channel' },
  confirmed: 'agreed',
  declined: (reason) => `disagreed${reason ? `: ${reason}` : ''}`,
  notYet: 'no answer yet',
  effective: (at) => `In effect since ${at}.`,
  judicialUntil: (at) => `The parties may apply jointly for judicial confirmation until ${at}.`,
  file: 'Case file',
  printFile: 'Print the case file',
  pdf: 'Download the case file (PDF)',
  actions: 'Take a step',
  readOnly: 'You can follow this case; its mediators and the branch secretary take its steps.',
  readOnlyTown: "Read only: people's mediation is the village committee's; town and county staff follow it here.",
  adminReadOnly: 'The admin can only look; a mediator or the secretary logs in to act.',
  action: {
    preside: 'Appoint the presiding mediator',
    investigate: 'Record the investigation',
    inform: 'Send the notice of rights and duties',
    session: 'Record the mediation session',
    party: 'Add the other party',
    propose: 'Send the agreement to the parties',
    fail: 'Record as failed',
    follow_up: 'Record the return visit',
  },
  fields: {
    mediator: 'Presiding mediator',
    assistants: 'Assisting mediators (optional)',
    record: 'Record',
    terms: 'Terms (the parties get them in chat to confirm)',
    reason: 'Reason (say where they are referred: justice office, police, court)',
    household: 'A household of the village',
    outsider: 'Name of someone from outside',
    orOutsider: 'or',
  },
  partyHint: 'Pick a household of the village, or write the name of someone from outside.',
  doneSay: {
    preside: 'Presiding mediator appointed; the parties were told.',
    investigate: 'Investigation recorded in the file.',
    inform: 'The notice of rights and duties was sent.',
    session: 'Session recorded in the file.',
    party: 'The other party was added.',
    propose: 'The agreement went to the parties; it takes effect when they press "Agree" in chat.',
    fail: 'Recorded as failed; the parties were told.',
    follow_up: 'Return visit recorded; the parties were told.',
  },
  toldParties: (n) => `${n} party household(s) told.`,
  unreachableSay: (names) => `Not reachable (tell in person and have them sign): ${names.join(', ')}`,
  refused: (why) => `Not done: ${why}`,
  openCase: 'This dispute is a mediation case',
  caseOf: (caseNo) => `Open mediation case ${caseNo}`,
  badInput: (field) => `Please fill in: ${field}`,
  print: 'Print',
};

export const deskMediationTexts = (lang: 'zh' | 'en'): DeskMediationTexts => (lang === 'en' ? en : zh);
