/** The desk's village votes (议事) and notices (村务公开) pages, Chinese first. */
import type { DeliberationMove } from '../domain/deliberation.machine.js';

export interface DeskVillageTexts {
  nav: { votes: string; notices: string };
  votes: {
    heading: string;
    none: string;
    newHeading: string;
    title: string;
    text: string;
    options: string;
    optionsHint: string;
    days: string;
    fromRequest: string;
    fromRequestHint: string;
    create: string;
    created: (ref: string) => string;
    columns: { ref: string; title: string; status: string; turnout: string; closes: string };
    stages: string;
    stageLine: (move: string, at: string, who: string) => string;
    move: Record<DeliberationMove, string>;
    moveHint: Partial<Record<DeliberationMove, string>>;
    notes: string;
    moved: (ref: string, status: string, accounts: number, rooms: number) => string;
    tally: string;
    live: string;
    turnout: (voted: number, electorate: number, need: number, met: boolean) => string;
    inPersonCount: (n: number) => string;
    projected: (result: 'passed' | 'rejected' | null) => string;
    result: (result: 'passed' | 'rejected' | null) => string;
    inPersonHeading: string;
    household: string;
    search: string;
    option: string;
    record: string;
    recorded: (household: string, option: string) => string;
    print: string;
    printHeading: (village: string) => string;
    printTitle: (ref: string, title: string) => string;
    /** The published result as a PDF (the same notice, fonts embedded). */
    pdf: string;
    pdfOption: string;
    pdfVotes: string;
    pdfTime: string;
    pdfStep: string;
    fromProposal: (ref: string) => string;
    readOnly: string;
    evaluation: string;
    rating: { satisfied: string; basic: string; unsatisfied: string };
  };
  notices: {
    heading: string;
    none: string;
    newHeading: string;
    title: string;
    text: string;
    category: string;
    groups: string;
    allGroups: string;
    groupsHint: string;
    toResidents: string;
    preview: string;
    previewHeading: string;
    previewNote: (groups: string, residents: boolean) => string;
    send: string;
    edit: string;
    sent: (ref: string, rooms: number, accounts: number) => string;
    quiet: string;
    columns: { ref: string; title: string; category: string; at: string; read: string };
    readOf: (read: number, reached: number) => string;
    rooms: (delivered: number, queued: number) => string;
    byGroup: string;
    group: string;
    reached: string;
    read: string;
    unread: string;
    unreadHeading: string;
    everyoneRead: string;
    remind: string;
    reminded: (n: number) => string;
    reminder: string;
    address: string;
    head: string;
    readOnly: string;
  };
  sayThings: {
    outcome: string;
    record: string;
    handTo: string;
    handOver: string;
    minutes: string;
    /** Carrying one topic to next month's session by hand. */
    carry: string;
    carryHint: string;
    carriedHere: string;
    printAgenda: string;
    agendaHeading: (village: string) => string;
    minutesHeading: (village: string) => string;
    when: (day: string, place: string | null) => string;
    columns: {
      no: string;
      ref: string;
      group: string;
      who: string;
      summary: string;
      households: string;
      result: string;
      notes: string;
    };
    handedTo: (name: string) => string;
    carriedTo: (day: string) => string;
    stillOpen: (status: string) => string;
    chair: string;
    recorder: string;
    attendees: string;
    date: string;
    noMinutes: string;
  };
  errors: {
    secretaryOnly: string;
    field: (name: string) => string;
    requestNotFound: (ref: string) => string;
    requestWrongKind: (ref: string) => string;
  };
}

export const zh: DeskVillageTexts = {
  nav: { votes: '议事', notices: '村务公开' },
  votes: {
    heading: '村民议事',
    none: '还没有议事事项。',
    newHeading: '提出议事事项（党支部提议）',
    title: '事项标题',
    text: '事项内容',
    options: '表决选项',
    optionsHint: '每行一个；不填就是 同意 / 反对 / 弃权',
    days: '表决天数',
    fromRequest: '来自群众提议（诉求编号，可不填）',
    fromRequestHint: '例如 #1004：提议的住户会收到每一步的消息',
    create: '提出事项',
    created: (ref) => `已提出议事 ${ref}，下一步：两委商议。`,
    columns: { ref: '编号', title: '事项', status: '阶段', turnout: '投票户数', closes: '表决截止' },
    stages: '经过',
    stageLine: (move, at, who) => `${at} · ${move} · ${who}`,
    move: {
      consult: '两委商议（商议）',
      review: '党员大会审议（审议）',
      open: '开始表决（表决）',
      close: '结束表决、计票',
      publish: '公开决议（公开）',
      progress: '公开实施进展（进展）',
      evaluate: '发起满意度评议（评议）',
      drop: '撤销事项',
    },
    moveHint: {
      open: '选票会发给每户已绑定的账号（夜间在早上7点后发出）。',
      publish: '结果作为村务公开发到各组群和住户。',
      progress: '进展写在下面，发给全村住户。',
      evaluate: '评议问卷发给全村住户。',
    },
    notes: '说明（会议记录、进展等）',
    moved: (ref, status, accounts, rooms) =>
      `${ref} 现在是「${status}」。${accounts || rooms ? `已排队发送：${accounts} 个住户账号、${rooms} 个群。` : ''}`,
    tally: '计票',
    live: '实时更新中',
    turnout: (voted, electorate, need, met) =>
      `已投 ${voted} 户 / 应投 ${electorate} 户，规则要求至少 ${need} 户${met ? '（已达到）' : '（未达到）'}`,
    inPersonCount: (n) => `其中现场代投 ${n} 户`,
    projected: (r) =>
      r === 'passed'
        ? '按现在的票数：通过'
        : r === 'rejected'
          ? '按现在的票数：未通过'
          : '按现在的票数：投票人数不足，无效',
    result: (r) =>
      r === 'passed' ? '表决结果：通过' : r === 'rejected' ? '表决结果：未通过' : '表决结果：投票人数不足，表决无效',
    inPersonHeading: '现场投票（没有手机的住户）',
    household: '住户',
    search: '按户主姓名或门牌查找',
    option: '选项',
    record: '登记这一票',
    recorded: (household, option) => `已登记 ${household} 现场投票：${option}。这户不能再在手机上投。`,
    print: '打印公开结果',
    printHeading: (village) => `${village} 村务公开 · 议事结果`,
    printTitle: (ref, title) => `${ref}「${title}」`,
    pdf: '下载公开结果 PDF',
    pdfOption: '选项',
    pdfVotes: '户数',
    pdfTime: '时间',
    pdfStep: '步骤',
    fromProposal: (ref) => `来自群众提议 ${ref}`,
    readOnly: '这是村里的决定：这里只能查看。',
    evaluation: '满意度评议',
    rating: { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' },
  },
  notices: {
    heading: '村务公开',
    none: '还没有发过公告。',
    newHeading: '写公告',
    title: '标题',
    text: '正文',
    category: '类别',
    groups: '发给哪些组',
    allGroups: '全村各组',
    groupsHint: '（不勾选就是全村各组）',
    toResidents: '也发给每户住户（否则只发到组群）',
    preview: '预览',
    previewHeading: '住户会看到：',
    previewNote: (groups, residents) => `发给：${groups}${residents ? '，各组群和每户住户' : '，只发到组群'}。`,
    send: '发送',
    edit: '返回修改',
    sent: (ref, rooms, accounts) => `公告 ${ref} 已排队发送：${rooms} 个群、${accounts} 个住户账号。`,
    quiet: '夜间（22点到7点）写的公告在早上7点后才发出。',
    columns: { ref: '编号', title: '标题', category: '类别', at: '时间', read: '已读' },
    readOf: (read, reached) => `${read} / ${reached} 户`,
    rooms: (delivered, queued) => `组群已送达 ${delivered} / ${queued}`,
    byGroup: '各组已读',
    group: '组',
    reached: '发到户数',
    read: '已读户数',
    unread: '未读',
    unreadHeading: '还没读的住户（可以上门告知）',
    everyoneRead: '发到的住户都已读。',
    remind: '提醒未读住户',
    reminded: (n) => `已给 ${n} 个未读住户账号再发一次提醒。`,
    reminder: '【提醒】这条公告您还没有点“已读”：',
    address: '门牌',
    head: '户主',
    readOnly: '只能查看：公告由村党支部书记发。',
  },
  sayThings: {
    outcome: '结果（会告诉住户，并请住户评价）',
    record: '记录结果',
    handTo: '转给',
    handOver: '转办',
    minutes: '打印会议记录',
    carry: '顺延到下月',
    carryHint: '这次办不完（要先去现场看、本人来不了）：放到下个月的说事日，住户会收到通知。',
    carriedHere: '已顺延到下次说事日的议题',
    printAgenda: '打印议程',
    agendaHeading: (village) => `${village}支部说事日议程`,
    minutesHeading: (village) => `${village}支部说事日会议记录`,
    when: (day, place) => `时间：${day}${place ? `，地点：${place}` : ''}`,
    columns: {
      no: '序号',
      ref: '编号',
      group: '组',
      who: '反映人',
      summary: '事项',
      households: '户数',
      result: '处理结果',
      notes: '处理意见',
    },
    handedTo: (name) => `转交${name}办理`,
    carriedTo: (day) => `顺延到 ${day} 的说事日`,
    stillOpen: (status) => `未办结（${status}）`,
    chair: '主持人（签字）',
    recorder: '记录人（签字）',
    attendees: '参加人员',
    date: '日期',
    noMinutes: '这一天没有说事日的记录。',
  },
  errors: {
    secretaryOnly: '只有本村的党支部书记可以做这一步。',
    field: (name) => `请填写：${name}`,
    requestNotFound: (ref) => `本村没有诉求 ${ref}。`,
    requestWrongKind: (ref) => `${ref} 不是群众提议或说事议题。`,
  },
};

export const en: DeskVillageTexts = {
  nav: { votes: 'Votes', notices: 'Notices' },
  votes: {
    heading: 'Village votes',
    none: 'No matters yet.',
    newHeading: 'Propose a matter (party branch)',
    title: 'Title',
    text: 'What it is about',
    options: 'Options',
    optionsHint: 'One per line; empty means agree / against / abstain',
    days: 'Days the ballot stays open',
    fromRequest: "From a resident's proposal (request number, optional)",
    fromRequestHint: 'e.g. #1004: the household that proposed it hears each step',
    create: 'Propose',
    created: (ref) => `Matter ${ref} proposed. Next: the committees consult.`,
    columns: { ref: 'No.', title: 'Matter', status: 'Stage', turnout: 'Households voted', closes: 'Ballot closes' },
    stages: 'History',
    stageLine: (move, at, who) => `${at} · ${move} · ${who}`,
    move: {
      consult: 'Committees consulted',
      review: 'Party members reviewed',
      open: 'Open the ballot',
      close: 'Close the ballot and count',
      publish: 'Publish the decision',
      progress: 'Publish progress',
      evaluate: 'Ask for evaluation',
      drop: 'Drop the matter',
    },
    moveHint: {
      open: 'Ballots go to every bound account of the electorate (at night, after 07:00).',
      publish: 'The result is posted as a notice to the group chats and residents.',
      progress: 'Write the progress below; it goes to every household.',
      evaluate: 'A satisfaction survey goes to every household.',
    },
    notes: 'Notes (minutes, progress…)',
    moved: (ref, status, accounts, rooms) =>
      `${ref} is now "${status}".${accounts || rooms ? ` Queued for ${accounts} resident accounts and ${rooms} chats.` : ''}`,
    tally: 'Tally',
    live: 'live',
    turnout: (voted, electorate, need, met) =>
      `${voted} of ${electorate} households voted; the rule needs ${need}${met ? ' (met)' : ' (not met)'}`,
    inPersonCount: (n) => `${n} of them in person`,
    projected: (r) =>
      r === 'passed'
        ? 'As it stands: passed'
        : r === 'rejected'
          ? 'As it stands: rejected'
          : 'As it stands: too few voted, void',
    result: (r) =>
      r === 'passed' ? 'Result: passed' : r === 'rejected' ? 'Result: rejected' : 'Result: too few voted, void',
    inPersonHeading: 'Votes given in person (households without a phone)',
    household: 'Household',
    search: "Find by head's name or address",
    option: 'Option',
    record: 'Record this vote',
    recorded: (household, option) =>
      `Recorded the in-person vote of ${household}: ${option}. The household can no longer vote by phone.`,
    print: 'Print the published result',
    printHeading: (village) => `${village} · open village affairs · vote result`,
    printTitle: (ref, title) => `${ref} "${title}"`,
    pdf: 'Download the result as PDF',
    pdfOption: 'Option',
    pdfVotes: 'Households',
    pdfTime: 'Time',
    pdfStep: 'Step',
    fromProposal: (ref) => `From the resident's proposal ${ref}`,
    readOnly: "This is the village's decision: read only here.",
    evaluation: 'Evaluation',
    rating: { satisfied: 'satisfied', basic: 'fairly satisfied', unsatisfied: 'not satisfied' },
  },
  notices: {
    heading: 'Open village affairs',
    none: 'No notices yet.',
    newHeading: 'Write a notice',
    title: 'Title',
    text: 'Text',
    category: 'Category',
    groups: 'Groups',
    allGroups: 'every group',
    groupsHint: '(none ticked: every group)',
    toResidents: 'Also to every household (otherwise the group chats only)',
    preview: 'Preview',
    previewHeading: 'Residents will read:',
    previewNote: (groups, residents) =>
      `To: ${groups}${residents ? ', the group chats and every household' : ', the group chats only'}.`,
    send: 'Send',
    edit: 'Back to edit',
    sent: (ref, rooms, accounts) => `Notice ${ref} queued for ${rooms} chats and ${accounts} resident accounts.`,
    quiet: 'A notice written at night (22:00–07:00) goes out after 07:00.',
    columns: { ref: 'No.', title: 'Title', category: 'Category', at: 'When', read: 'Read' },
    readOf: (read, reached) => `${read} / ${reached} households`,
    rooms: (delivered, queued) => `group chats reached ${delivered} / ${queued}`,
    byGroup: 'Read by group',
    group: 'Group',
    reached: 'Households reached',
    read: 'Households read',
    unread: 'Not read',
    unreadHeading: 'Households that have not read it (for a visit)',
    everyoneRead: 'Every household reached has read it.',
    remind: 'Remind those who have not read',
    reminded: (n) => `Reminder sent again to ${n} accounts that have not read it.`,
    reminder: '[Reminder] You have not tapped "Read" on this notice yet:',
    address: 'Address',
    head: 'Head',
    readOnly: "Read only: notices are sent by the village's party secretary.",
  },
  sayThings: {
    outcome: 'Outcome (the resident is told and asked to rate it)',
    record: 'Record the outcome',
    handTo: 'Hand to',
    handOver: 'Hand over',
    minutes: 'Print the minutes',
    carry: 'Carry over to next month',
    carryHint:
      "Not for today (it needs a visit first, the person cannot come): it moves to next month's session and the resident is told.",
    carriedHere: 'Topics carried over to the next session',
    printAgenda: 'Print the agenda',
    agendaHeading: (village) => `${village} say-things day agenda`,
    minutesHeading: (village) => `${village} say-things day minutes`,
    when: (day, place) => `Date: ${day}${place ? ` · Place: ${place}` : ''}`,
    columns: {
      no: 'No.',
      ref: 'Ref',
      group: 'Group',
      who: 'Raised by',
      summary: 'Matter',
      households: 'Households',
      result: 'Outcome',
      notes: 'Notes',
    },
    handedTo: (name) => `handed to ${name}`,
    carriedTo: (day) => `carried over to the session on ${day}`,
    stillOpen: (status) => `not settled (${status})`,
    chair: 'Chaired by (signature)',
    recorder: 'Recorded by (signature)',
    attendees: 'Present',
    date: 'Date',
    noMinutes: 'There is no say-things record for that day.',
  },
  errors: {
    secretaryOnly: "Only the village's party secretary can take this step.",
    field: (name) => `Please fill in: ${name}`,
    requestNotFound: (ref) => `No request ${ref} in this village.`,
    requestWrongKind: (ref) => `${ref} is not a proposal or a say-things topic.`,
  },
};

export const deskVillageTexts = (lang: 'zh' | 'en'): DeskVillageTexts => (lang === 'en' ? en : zh);
