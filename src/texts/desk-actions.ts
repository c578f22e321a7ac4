/** What the desk answers after a request action was done: the page's words, never a chat command to type. */
export type DeskRequestAction = 'accept' | 'transfer' | 'escalate' | 'note' | 'resolve' | 'invalid' | 'reopen';

export interface DeskActionTexts {
  done: Record<DeskRequestAction, (ref: string, who: string | null) => string>;
  caseOpened: (caseNo: string) => string;
  /** The mark on a resident's 不满意 reason in the timeline. */
  unhappyReason: string;
  /** Time zones people here use, shown first in the picker. */
  commonZones: string;
  otherZones: string;
}

export const zh: DeskActionTexts = {
  done: {
    accept: (ref) => `已接单 ${ref}。办好后在本页“办理”里填写处理结果，点“办结”。`,
    transfer: (ref, who) => `${ref} 已转派给${who ?? '对方'}，对方已收到通知。`,
    escalate: (ref) => `${ref} 已上报，上一级已收到通知。`,
    note: (ref) => `备注已记入 ${ref}。`,
    resolve: (ref) => `${ref} 已办结，居民已收到处理结果，会请他评价。`,
    invalid: (ref) => `${ref} 已作废，居民已收到原因。`,
    reopen: (ref) => `${ref} 已重新办理，重新计时。`,
  },
  caseOpened: (caseNo) => `已受理为人民调解案件 ${caseNo}，请在案件页办理下一步。`,
  unhappyReason: '不满意的原因',
  commonZones: '常用',
  otherZones: '其他时区',
};

export const en: DeskActionTexts = {
  done: {
    accept: (ref) =>
      `Accepted ${ref}. When it is done, write what was done under "Actions" on this page and press "Resolve".`,
    transfer: (ref, who) => `${ref} was handed to ${who ?? 'them'}; they have been told.`,
    escalate: (ref) => `${ref} was escalated; the level above has been told.`,
    note: (ref) => `Note added to ${ref}.`,
    resolve: (ref) => `${ref} is resolved; the resident got the outcome and will be asked to rate it.`,
    invalid: (ref) => `${ref} was closed as invalid; the resident got the reason.`,
    reopen: (ref) => `${ref} is being handled again, with fresh deadlines.`,
  },
  caseOpened: (caseNo) => `Mediation case ${caseNo} opened; take its next step on the case page.`,
  unhappyReason: 'Why the resident is not satisfied',
  commonZones: 'Common',
  otherZones: 'Other time zones',
};

export const deskActionTexts = (lang: 'zh' | 'en'): DeskActionTexts => (lang === 'en' ? en : zh);
