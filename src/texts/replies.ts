import type { ExpectationKind } from '../domain/expectations.js';

/** What people read when a short reply is matched to what they were asked, or kept when a wait ended. */
export interface RepliesTexts {
  /** 看了 / 收到 / 好的 with nothing waiting for it. */
  ack: string;
  /** A reply that could answer several things (a "1"). */
  which: string;
  /** A button naming one of them: `评价 #1012：满意`. */
  option: (kind: ExpectationKind, scope: string, answer: string) => string;
  /** To the party: their words are on the case. */
  statementRecorded: (caseNo: string, presiding: string | null) => string;
  /** To the presiding mediator. */
  statementToStaff: (caseNo: string, ref: string, party: string, text: string) => string;
  caseOrNew: (caseNo: string) => string;
  caseButton: string;
  otherButton: string;
  /** After a button that asks for words: the next text is them. */
  awaitRecord: (ref: string, what: RecordWhat) => string;
  /** A button pressed after its question lapsed: the words are still here, asked again. */
  stale: string;
  /** The heading of the parties' own words in the case file's record. */
  statementsTitle: string;
  statementBy: (party: string) => string;
  /** A task verb typed without a number (`办结 修好了`) when none of the member's tasks takes it. */
  noTaskFor: (verb: string) => string;
  /** `公告 <text>` typed in chat: notices are written on the desk, where who has read them is seen. */
  noticeOnDesk: string;
  /** …when several do: one button each (a button that needs words asks for them next). */
  whichTask: (verb: string) => string;
  taskButton: (ref: string, summary: string) => string;
}

export type RecordWhat = 'investigate' | 'session' | 'propose' | 'fail' | 'follow_up' | 'decline';

const zhWhat: Record<RecordWhat, string> = {
  investigate: '调查记录',
  session: '调解记录',
  propose: '协议内容',
  fail: '调解不成的原因',
  follow_up: '回访记录',
  decline: '不同意的原因',
};
const enWhat: Record<RecordWhat, string> = {
  investigate: 'investigation record',
  session: 'mediation record',
  propose: 'agreement terms',
  fail: 'reason mediation failed',
  follow_up: 'return-visit record',
  decline: 'reason you disagree',
};
const zhKind: Record<ExpectationKind, string> = {
  notice_read: '公告',
  ballot: '表决',
  agreement: '调解协议',
  case_party: '调解案件',
  rating: '评价',
  evaluation: '评议',
  question: '问题',
  confirmation: '确认',
  say_things: '说事',
  deliberation_comment: '议事意见',
  care_checkin: '关爱问候',
  member_rating: '评党员',
};
const enKind: Record<ExpectationKind, string> = {
  notice_read: 'notice',
  ballot: 'vote on',
  agreement: 'agreement',
  case_party: 'case',
  rating: 'rate',
  evaluation: 'evaluate',
  question: 'question',
  confirmation: 'confirm',
  say_things: 'say-things',
  deliberation_comment: 'comment on',
  care_checkin: 'check-in',
  member_rating: 'rate member',
};

export const zh: RepliesTexts = {
  ack: '好的，收到！有事随时跟我说。',
  which: '您这个回复是回答哪一件？请选一个：',
  option: (kind, scope, answer) => `${zhKind[kind]}${scope ? ` ${scope}` : ''}：${answer}`,
  statementRecorded: (caseNo, presiding) =>
    `已记入调解案件 ${caseNo}，并转给${presiding ? `主持调解的${presiding}` : '调解员'}。`,
  statementToStaff: (caseNo, ref, party, text) => `调解案件 ${caseNo}（${ref}）当事人${party}说：\n${text}`,
  caseOrNew: (caseNo) => `这是调解案件 ${caseNo} 的事，还是另一件事？`,
  caseButton: '是案件的事',
  otherButton: '另一件事',
  awaitRecord: (ref, what) => `请直接发${zhWhat[what]}（${ref}），发来就记下。发别的命令就不记了。`,
  stale: '刚才的问题已经过时了，您的话还留着，再问一次：',
  statementsTitle: '当事人陈述',
  statementBy: (party) => `${party}（在线陈述）`,
  noTaskFor: (verb) => `您现在没有可以“${verb}”的诉求。发“我的任务”看看手上的事。`,
  noticeOnDesk:
    '发公告请在村务工作台上发：打开工作台 → 村务公开 → 新公告（用联心卡号码或姓名登录，验证码发到这里）。发出后每户都会收到，工作台上能看到谁还没看。发“公告”看已发的公告。',
  whichTask: (verb) => `您手上有几件可以“${verb}”的诉求，是哪一件？点一下：`,
  taskButton: (ref, summary) => `${ref} ${summary}`,
};

export const en: RepliesTexts = {
  ack: 'Noted, thank you! Write any time.',
  which: 'Which one are you answering? Please pick:',
  option: (kind, scope, answer) => `${enKind[kind]}${scope ? ` ${scope}` : ''}: ${answer}`,
  statementRecorded: (caseNo, presiding) =>
    `Recorded on mediation case ${caseNo} and passed to ${presiding ? `the presiding mediator ${presiding}` : 'the mediator'}.`,
  statementToStaff: (caseNo, ref, party, text) => `Mediation case ${caseNo} (${ref}): party ${party} says:\n${text}`,
  caseOrNew: (caseNo) => `Is this about mediation case ${caseNo}, or another matter?`,
  caseButton: 'About the case',
  otherButton: 'Another matter',
  awaitRecord: (ref, what) =>
    `Send the ${enWhat[what]} for ${ref} now; it is recorded as you send it. Any command cancels.`,
  stale: 'That question had lapsed; your words are kept, so once more:',
  statementsTitle: 'Statements of the parties',
  statementBy: (party) => `${party} (in chat)`,
  noTaskFor: (verb) => `None of your requests can take "${verb}" now. Send /tasks to see yours.`,
  noticeOnDesk:
    'Notices are posted on the village desk: open the desk → Notices → New notice (log in with your card number or name; the code comes here). Every household gets it, and the desk shows who has not read it. Send 公告 to see the notices posted.',
  whichTask: (verb) => `Several of your requests can take "${verb}". Which one? Tap it:`,
  taskButton: (ref, summary) => `${ref} ${summary}`,
};
