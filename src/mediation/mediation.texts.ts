import type { MediationStatus } from '../domain/mediation.machine.js';
import type { DisputeType, Referral } from '../domain/mediation.rules.js';
import type { LocalParts } from '../domain/local-time.js';
import type { TextTables } from '../texts/index.js';

const two = (n: number) => String(n).padStart(2, '0');

/** The step records a mediator writes. */
export type RecordStep = 'investigate' | 'session' | 'follow_up';

/** Every sentence of the six-step mediation (人民调解): chat messages, and the labels of the printed case file. */
export interface MediationTexts {
  status: Record<MediationStatus, string>;
  disputeType: Record<DisputeType, string>;
  referral: Record<Referral, string>;
  source: { applied: string; found: string };
  role: { applicant: string; respondent: string };
  /** Added to 帮助 for mediators and the secretary. */
  help: string;
  /** What to type after `#12` in a prompt. */
  arg: { record: string; reason: string; terms: string; party: string };
  buttons: {
    preside: string;
    investigate: string;
    inform: string;
    session: string;
    propose: string;
    fail: string;
    followUp: string;
    confirm: string;
    decline: string;
    open: string;
  };
  /** To the member who accepted a dispute: the case is open, with what to do next. */
  opened: (caseNo: string, ref: string, type: string) => string;
  /** To the applicant household. */
  openedToParty: (caseNo: string, ref: string) => string;
  alreadyOpen: (ref: string, caseNo: string) => string;
  notDispute: (ref: string) => string;
  notAccepted: (ref: string) => string;
  presided: (ref: string, presiding: string, assistants: string[]) => string;
  presidedToParty: (caseNo: string, presiding: string) => string;
  notMediator: (code: string) => string;
  recorded: (step: RecordStep, ref: string) => string;
  /** A button (or the command with no text) for a step that needs words: what to type. */
  prompt: (form: string) => string;
  informed: (ref: string, told: number, unreachable: string[]) => string;
  /** 权利义务告知书, as the parties receive it. */
  notice: (caseNo: string, presiding: string | null) => string;
  partyAdded: (ref: string, name: string, reachable: boolean) => string;
  addedToParty: (caseNo: string, ref: string, applicant: string) => string;
  unknownParty: (text: string) => string;
  partyIsApplicant: (ref: string) => string;
  proposedToStaff: (ref: string, waitingFor: string[]) => string;
  agreementToParty: (caseNo: string, ref: string, text: string) => string;
  confirmedToParty: (ref: string) => string;
  declinedToParty: (ref: string) => string;
  answerToStaff: (
    ref: string,
    party: string,
    confirmed: boolean,
    reason: string | null,
    waitingFor: string[],
  ) => string;
  agreed: (caseNo: string, ref: string, deadline: string) => string;
  failedToStaff: (ref: string, referral: string) => string;
  failedToParty: (caseNo: string, reason: string, referral: string) => string;
  followedUpToParty: (caseNo: string) => string;
  notStaff: (ref: string) => string;
  notParty: (ref: string) => string;
  noCase: (ref: string) => string;
  nothingToConfirm: (ref: string) => string;
  needsReason: (form: string) => string;
  illegal: (ref: string, status: string, possible: string[]) => string;
  /** Reminders from the clock. */
  openTooLong: (caseNo: string, ref: string, days: number) => string;
  confirmationWindow: (caseNo: string, ref: string, deadline: string) => string;
  returnVisitDue: (caseNo: string, ref: string) => string;
  /** The printed case file (卷宗). */
  file: {
    /** A full local date and time on the printed file. */
    stamp: (p: LocalParts) => string;
    /** The page's lang attribute. */
    lang: string;
    title: string;
    cover: { caseNo: string; status: string; acceptedAt: string };
    register: string;
    notice: string;
    investigation: string;
    mediation: string;
    agreement: string;
    returnVisit: string;
    fields: {
      parties: string;
      disputeType: string;
      source: string;
      facts: string;
      acceptedBy: string;
      presiding: string;
      assistants: string;
      time: string;
      recorder: string;
      content: string;
      told: string;
      unreachable: string;
      noneYet: string;
      referral: string;
      reason: string;
      signature: string;
      confirmedIn: (platform: string, at: string) => string;
      declinedIn: (at: string, reason: string | null) => string;
      mediatorSignature: string;
      date: string;
      name: string;
      address: string;
      role: string;
      agreementText: string;
      effective: string;
      judicial: string;
    };
  };
}

const steps = { investigate: '调查记录', session: '调解记录', follow_up: '回访记录' } as const;

export const zh: MediationTexts = {
  status: {
    accepted: '已受理',
    presiding: '已指定主持人',
    investigating: '调查核实中',
    informed: '已告知权利义务',
    mediating: '调解中',
    agreed: '已达成协议',
    failed: '调解不成',
    followed_up: '已回访',
  },
  disputeType: {
    land: '土地宅基地纠纷',
    debt: '债务纠纷',
    family: '婚姻家庭纠纷',
    neighbour: '邻里纠纷',
    damage: '损害赔偿纠纷',
    labour: '劳务纠纷',
    other: '其他纠纷',
  },
  referral: { justice_office: '镇司法所', police: '派出所', court: '人民法院', other: '有关部门' },
  source: { applied: '当事人申请', found: '调委会主动排查' },
  role: { applicant: '申请人', respondent: '被申请人' },
  help: '人民调解（接单矛盾纠纷即受理立案）：\n· 主持 #12 调解员姓名 · 对方 #12 户主姓名或门牌（村外的人写姓名）\n· 调查 #12 记录 · 告知 #12 · 调解 #12 记录\n· 协议 #12 协议内容 · 调解不成 #12 原因（写明去司法所/派出所/法院）\n· 回访 #12 记录',
  arg: { record: '记录内容', reason: '原因', terms: '协议内容', party: '户主姓名或门牌（如 一组2号）' },
  buttons: {
    preside: '我来主持',
    investigate: '调查',
    inform: '告知',
    session: '调解',
    propose: '协议',
    fail: '调解不成',
    followUp: '回访',
    confirm: '同意',
    decline: '不同意',
    open: '受理',
  },
  opened: (caseNo, ref, type) =>
    `已受理为人民调解案件 ${caseNo}（${ref}，${type}）。\n下一步：主持 ${ref} 调解员姓名（不写姓名就是您自己主持，后面可以加协助的调解员）。`,
  openedToParty: (caseNo, ref) =>
    `您反映的纠纷 ${ref} 已由村调委会受理，案号 ${caseNo}。调解员会和您联系；您在这里说的话会记入案件，转给调解员。`,
  alreadyOpen: (ref, caseNo) => `${ref} 已经受理过了，案号 ${caseNo}。`,
  notDispute: (ref) => `${ref} 不是矛盾纠纷，不能按人民调解受理。`,
  notAccepted: (ref) => `请先接单 ${ref}，再受理调解。`,
  presided: (ref, presiding, assistants) =>
    `${ref} 由${presiding}主持调解${assistants.length ? `，${assistants.join('、')}协助` : ''}。\n下一步：调查 ${ref} 调查核实的情况。`,
  presidedToParty: (caseNo, presiding) => `${caseNo}：由调解员${presiding}主持调解。`,
  notMediator: (code) => `${code} 不是本村的调解员，请换一位调解员。`,
  recorded: (step, ref) =>
    `${steps[step]}已记入 ${ref}。${step === 'investigate' ? `\n情况核实后：告知 ${ref}（把权利义务告知书发给各方当事人）。` : step === 'session' ? `\n谈妥了：协议 ${ref} 协议内容；谈不拢：调解不成 ${ref} 原因。` : ''}`,
  prompt: (form) => `请直接发送：${form}`,
  informed: (ref, told, unreachable) =>
    `${ref} 的权利义务告知书已发给 ${told} 户当事人。${unreachable.length ? `\n联系不上（请当面告知并签字）：${unreachable.join('、')}` : ''}\n下一步：调解 ${ref} 调解记录。`,
  notice: (caseNo, presiding) =>
    `【人民调解权利义务告知书】${caseNo}\n${presiding ? `本案由调解员${presiding}主持调解。` : ''}\n您的权利：自愿参加调解，可以拒绝或随时要求终止调解；可以要求调解员回避；可以要求公开或不公开调解；自主表达意愿，自愿达成协议。\n您的义务：如实陈述纠纷事实；遵守调解现场秩序，尊重对方当事人；自觉履行达成的调解协议。\n调解不收费。达成协议后，双方可以在协议生效之日起 30 日内共同向人民法院申请司法确认。`,
  partyAdded: (ref, name, reachable) =>
    `已把${name}列为 ${ref} 的另一方当事人。${reachable ? '对方绑定的账号已收到通知。' : '对方没有绑定账号，请当面联系。'}`,
  addedToParty: (caseNo, ref, applicant) =>
    `您好，村调委会受理了${applicant}提出的纠纷调解（${caseNo}，${ref}），您是另一方当事人。调解员会和您联系，您可以在这里回复。`,
  unknownParty: (text) =>
    `本村没有找到${text}。另一方是本村住户请写户主姓名或门牌（例如 一组2号），村外的人直接写姓名。`,
  partyIsApplicant: (ref) => `这一户已经是 ${ref} 的申请人了。`,
  proposedToStaff: (ref, waitingFor) =>
    `${ref} 的调解协议已发给当事人确认。${waitingFor.length ? `等待确认：${waitingFor.join('、')}` : ''}`,
  agreementToParty: (caseNo, ref, text) =>
    `【人民调解协议书】${caseNo}\n${text}\n\n请仔细阅读。同意请点“同意”或回复：同意 ${ref}\n不同意请回复：不同意 ${ref} 原因\n您的确认会记录账号和时间，等同于签字；纸质协议书上也请签字。`,
  confirmedToParty: (ref) => `已记录：您同意 ${ref} 的调解协议。请按协议履行。`,
  declinedToParty: (ref) => `已记录：您不同意 ${ref} 的调解协议，调解员会再和您商量。`,
  answerToStaff: (ref, party, confirmed, reason, waitingFor) =>
    `${ref}：${party}${confirmed ? '已同意调解协议' : `不同意调解协议${reason ? `，原因：${reason}` : ''}`}。${waitingFor.length ? `还在等：${waitingFor.join('、')}` : ''}`,
  agreed: (caseNo, ref, deadline) =>
    `${caseNo}（${ref}）：各方已确认，调解协议生效。请各方自觉履行。\n如需司法确认，双方可在 ${deadline} 前共同向人民法院申请。`,
  failedToStaff: (ref, referral) => `${ref} 已记为调解不成，引导当事人到${referral}。`,
  failedToParty: (caseNo, reason, referral) =>
    `${caseNo}：这次调解没有达成协议（${reason}）。您可以到${referral}继续解决，村里会协助。`,
  followedUpToParty: (caseNo) => `${caseNo}：调解员已回访，感谢配合。`,
  notStaff: (ref) => `您不是 ${ref} 的调解员，不能操作这个案件。`,
  notParty: (ref) => `您家不是 ${ref} 调解案件的当事人，不能确认这份协议。`,
  noCase: (ref) => `${ref} 还没有受理为调解案件。`,
  nothingToConfirm: (ref) => `${ref} 现在没有等您确认的调解协议。`,
  needsReason: (form) => `请写上原因：${form}`,
  illegal: (ref, status, possible) =>
    `${ref} 现在是“${status}”，不能这样操作。${possible.length ? `现在可以：${possible.join('、')}` : ''}`,
  openTooLong: (caseNo, ref, days) =>
    `【提醒】调解案件 ${caseNo}（${ref}）受理已满 ${days} 天还没有结案。按规定一般应在一个月内调结，请抓紧：协议 ${ref} 协议内容，或 调解不成 ${ref} 原因。`,
  confirmationWindow: (caseNo, ref, deadline) =>
    `【提醒】${caseNo}（${ref}）的调解协议，如需申请司法确认，须在 ${deadline} 前由双方共同向人民法院提出。`,
  returnVisitDue: (caseNo, ref) =>
    `【回访】${caseNo}（${ref}）该回访了：问问协议履行得怎么样，然后发送 回访 ${ref} 回访情况。`,
  file: {
    lang: 'zh-CN',
    stamp: (p) => `${p.year}年${p.month}月${p.day}日 ${two(p.hour)}:${two(p.minute)}`,
    title: '人民调解卷宗',
    cover: { caseNo: '案号', status: '状态', acceptedAt: '受理日期' },
    register: '人民调解受理登记表',
    notice: '人民调解权利义务告知书',
    investigation: '人民调解调查记录',
    mediation: '人民调解记录',
    agreement: '人民调解协议书',
    returnVisit: '人民调解回访记录',
    fields: {
      parties: '当事人',
      disputeType: '纠纷类型',
      source: '纠纷来源',
      facts: '纠纷简要情况',
      acceptedBy: '受理人',
      presiding: '主持人',
      assistants: '协助调解员',
      time: '时间',
      recorder: '记录人',
      content: '内容',
      told: '已送达',
      unreachable: '未能送达（当面告知）',
      noneYet: '（暂无）',
      referral: '引导去向',
      reason: '原因',
      signature: '当事人签名（按印）',
      confirmedIn: (platform, at) => `已于 ${at} 通过${platform}确认同意`,
      declinedIn: (at, reason) => `${at} 表示不同意${reason ? `：${reason}` : ''}`,
      mediatorSignature: '调解员签名',
      date: '日期',
      name: '姓名',
      address: '住址',
      role: '身份',
      agreementText: '协议内容',
      effective: '生效日期',
      judicial: '双方当事人可以自本协议生效之日起 30 日内共同向人民法院申请司法确认。',
    },
  },
};

const enSteps = {
  investigate: 'Investigation notes',
  session: 'Session notes',
  follow_up: 'Return-visit notes',
} as const;

export const en: MediationTexts = {
  status: {
    accepted: 'accepted',
    presiding: 'mediator appointed',
    investigating: 'investigating',
    informed: 'parties informed',
    mediating: 'mediating',
    agreed: 'agreed',
    failed: 'failed',
    followed_up: 'followed up',
  },
  disputeType: {
    land: 'land / homestead',
    debt: 'debt',
    family: 'marriage and family',
    neighbour: 'neighbours',
    damage: 'damages',
    labour: 'labour',
    other: 'other',
  },
  referral: {
    justice_office: 'the town justice office',
    police: 'the police station',
    court: "the people's court",
    other: 'the competent office',
  },
  source: { applied: 'applied for by a party', found: 'found by the committee' },
  role: { applicant: 'applicant', respondent: 'respondent' },
  help: "People's mediation (accepting a dispute opens the case):\n· /preside 12 <code> · /otherparty 12 <household or name>\n· /investigate 12 <notes> · /inform 12 · /mediate 12 <notes>\n· /agreement 12 <terms> · /mediationfailed 12 <reason> · /revisit 12 <notes>",
  arg: {
    record: '<notes>',
    reason: '<reason>',
    terms: '<terms>',
    party: '<head of household or house number, e.g. 一组2号>',
  },
  buttons: {
    preside: 'I preside',
    investigate: 'Investigate',
    inform: 'Inform',
    session: 'Session',
    propose: 'Agreement',
    fail: 'Failed',
    followUp: 'Return visit',
    confirm: 'Agree',
    decline: 'Disagree',
    open: 'Open case',
  },
  opened: (caseNo, ref, type) =>
    `Mediation case ${caseNo} opened (${ref}, ${type}).\nNext: /preside ${ref.slice(1)} <mediator's name> (no name: you preside; add assisting mediators after it).`,
  openedToParty: (caseNo, ref) =>
    `Your dispute ${ref} was accepted by the village mediation committee, case ${caseNo}. A mediator will contact you; what you write here goes on the case and to the mediator.`,
  alreadyOpen: (ref, caseNo) => `${ref} is already a case: ${caseNo}.`,
  notDispute: (ref) => `${ref} is not a dispute and cannot be opened as a mediation case.`,
  notAccepted: (ref) => `Please accept ${ref} first, then open the case.`,
  presided: (ref, presiding, assistants) =>
    `${presiding} presides over ${ref}${assistants.length ? `, assisted by ${assistants.join(', ')}` : ''}.\nNext: /investigate ${ref.slice(1)} <what you found>.`,
  presidedToParty: (caseNo, presiding) => `${caseNo}: mediator ${presiding} presides.`,
  notMediator: (code) => `${code} is not a mediator of the village; please name a mediator.`,
  recorded: (step, ref) => `${enSteps[step]} added to ${ref}.`,
  prompt: (form) => `Please send: ${form}`,
  informed: (ref, told, unreachable) =>
    `The rights-and-duties notice of ${ref} went to ${told} household(s).${unreachable.length ? `\nNot reachable (inform in person and have them sign): ${unreachable.join(', ')}` : ''}`,
  notice: (caseNo, presiding) =>
    `[Rights and duties in people's mediation] ${caseNo}\n${presiding ? `Mediator ${presiding} presides.` : ''}\nYour rights: take part of your own free will, refuse or end the mediation at any time; ask for a mediator to step aside; ask for the mediation to be public or not; say what you want and agree only freely.\nYour duties: tell the facts truthfully; keep order and respect the other party; carry out what you agree.\nMediation is free. Within 30 days of an agreement taking effect, the parties may jointly apply to the people's court for judicial confirmation.`,
  partyAdded: (ref, name, reachable) =>
    `${name} added as the other party of ${ref}.${reachable ? ' Their bound accounts were told.' : ' They have no bound account: contact them in person.'}`,
  addedToParty: (caseNo, ref, applicant) =>
    `The village mediation committee accepted a dispute raised by ${applicant} (${caseNo}, ${ref}); you are the other party. A mediator will contact you; you can answer here.`,
  unknownParty: (text) =>
    `No household ${text} in the village. For a household write the head's name or the house number (e.g. 一组2号); for someone from outside, their name.`,
  partyIsApplicant: (ref) => `That household is already the applicant of ${ref}.`,
  proposedToStaff: (ref, waitingFor) =>
    `The agreement of ${ref} went to the parties.${waitingFor.length ? ` Waiting for: ${waitingFor.join(', ')}` : ''}`,
  agreementToParty: (caseNo, ref, text) =>
    `[Mediation agreement] ${caseNo}\n${text}\n\nPlease read it carefully. To agree tap "Agree" or reply /agree ${ref.slice(1)}; to disagree reply /disagree ${ref.slice(1)} <reason>.\nYour answer is recorded with your account and the time, like a signature; please sign the paper copy too.`,
  confirmedToParty: (ref) => `Recorded: you agree to the agreement of ${ref}. Please carry it out.`,
  declinedToParty: (ref) =>
    `Recorded: you do not agree to the agreement of ${ref}. The mediator will talk it over with you.`,
  answerToStaff: (ref, party, confirmed, reason, waitingFor) =>
    `${ref}: ${party} ${confirmed ? 'agreed' : `disagreed${reason ? ` (${reason})` : ''}`}.${waitingFor.length ? ` Still waiting for: ${waitingFor.join(', ')}` : ''}`,
  agreed: (caseNo, ref, deadline) =>
    `${caseNo} (${ref}): every party confirmed; the agreement is in effect. Please carry it out.\nFor judicial confirmation, the parties may apply to the court together by ${deadline}.`,
  failedToStaff: (ref, referral) => `${ref} recorded as failed; the parties are referred to ${referral}.`,
  failedToParty: (caseNo, reason, referral) =>
    `${caseNo}: no agreement was reached (${reason}). You may go on at ${referral}; the village will help.`,
  followedUpToParty: (caseNo) => `${caseNo}: the mediator recorded the return visit. Thank you.`,
  notStaff: (ref) => `You are not a mediator of ${ref}.`,
  notParty: (ref) => `Your household is not a party of case ${ref} and cannot confirm its agreement.`,
  noCase: (ref) => `${ref} is not a mediation case yet.`,
  nothingToConfirm: (ref) => `There is no agreement of ${ref} waiting for your answer.`,
  needsReason: (form) => `Please add the reason: ${form}`,
  illegal: (ref, status, possible) =>
    `${ref} is "${status}" now; that is not possible.${possible.length ? ` Possible now: ${possible.join(', ')}` : ''}`,
  openTooLong: (caseNo, ref, days) =>
    `[Reminder] Mediation case ${caseNo} (${ref}) has been open ${days} days. Cases are to be settled within about a month.`,
  confirmationWindow: (caseNo, ref, deadline) =>
    `[Reminder] For judicial confirmation of the agreement of ${caseNo} (${ref}), both parties must apply to the court by ${deadline}.`,
  returnVisitDue: (caseNo, ref) =>
    `[Return visit] ${caseNo} (${ref}): time to ask how the agreement is carried out, then send /revisit ${ref.slice(1)} <what you found>.`,
  file: {
    lang: 'en',
    stamp: (p) => `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`,
    title: "People's mediation case file",
    cover: { caseNo: 'Case no.', status: 'Status', acceptedAt: 'Accepted' },
    register: 'Registration form',
    notice: 'Notice of rights and duties',
    investigation: 'Investigation record',
    mediation: 'Mediation record',
    agreement: 'Mediation agreement',
    returnVisit: 'Return-visit record',
    fields: {
      parties: 'Parties',
      disputeType: 'Dispute type',
      source: 'Source',
      facts: 'Facts in brief',
      acceptedBy: 'Accepted by',
      presiding: 'Presiding mediator',
      assistants: 'Assisting mediators',
      time: 'Time',
      recorder: 'Recorded by',
      content: 'Content',
      told: 'Delivered to',
      unreachable: 'Not reachable (told in person)',
      noneYet: '(none yet)',
      referral: 'Referred to',
      reason: 'Reason',
      signature: 'Signature (or fingerprint) of the party',
      confirmedIn: (platform, at) => `Agreed on ${at} via ${platform}`,
      declinedIn: (at, reason) => `Disagreed on ${at}${reason ? `: ${reason}` : ''}`,
      mediatorSignature: "Mediator's signature",
      date: 'Date',
      name: 'Name',
      address: 'Address',
      role: 'Role',
      agreementText: 'Agreed terms',
      effective: 'In effect since',
      judicial:
        "Within 30 days of this agreement taking effect, the parties may jointly apply to the people's court for judicial confirmation.",
    },
  },
};

/** Both languages, for the feature object: merged into the text tables under `mediation` from the feature list. */
export const mediationTexts: TextTables<MediationTexts> = { zh, en };

declare module '../texts/texts.js' {
  interface FeatureTexts {
    mediation: MediationTexts;
  }
}
