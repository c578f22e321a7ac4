/** What people read when a short reply (好, 是, 收到) comes to a question that wants something else, and around the say-things reminder. */
export interface ExpectTexts {
  /** Before a question put again after 好 / 收到 / 是 that chose nothing. */
  again: string;
  /** The kind question put again: the number or the kind's word answers it. */
  pickKind: string;
  /** "哪里没办好？" put again. */
  reasonAgain: (ref: string) => string;
  /** The two-way question put again (是 / 不是). */
  yesOrNo: string;
  /** After the monthly say-things reminder: a matter written soon after it, for the day or to be handled now? */
  sayThingsOrNow: string;
  sayThingsButton: string;
  nowButton: string;
  /** 好 / 收到 under the say-things reminder. */
  sayThingsAck: string;
  /** More words about the matter a question is holding ("昨天下午", "就在村口那根"): kept with it, the question put again. */
  keptWith: string;
  /** A new matter while a question held the person's earlier words: those are filed now rather than dropped. */
  heldFiled: string;
}

export const zh: ExpectTexts = {
  again: '好的。还差这个问题没回答：\n',
  pickKind:
    '请选一个类别，回复数字或类别名（例如“报修”）：\n1 报修 · 2 求助 · 3 纠纷 · 4 安全隐患 · 5 说事 · 6 建议 · 7 咨询',
  reasonAgain: (ref) => `您对 ${ref} 不满意——哪里没办好？请直接说说，我转告村党支部书记。（发“取消”就不说了）`,
  yesOrNo: '请回复 1 是 / 2 不是',
  sayThingsOrNow: '这件事是留到说事日当面说，还是现在就报给组长办？',
  sayThingsButton: '1 说事日再说',
  nowButton: '2 现在就办',
  sayThingsAck: '好的，说事日见！有想当面说的事，也可以现在发给我，以“说事”开头。',
  keptWith: '记下了，和刚才说的是一件事。还差这个问题没回答：\n',
  heldFiled: '您刚才说的那件事先替您报上去了：',
};

export const en: ExpectTexts = {
  again: 'OK. This question is still open:\n',
  pickKind:
    'Please choose a kind — reply with the number or the word (e.g. "repair"):\n1 repair · 2 help · 3 dispute · 4 hazard · 5 say things · 6 proposal · 7 inquiry',
  reasonAgain: (ref) =>
    `You were not satisfied with ${ref} — what went wrong? Just tell me and I will pass it to the branch secretary. (Send "取消" to skip.)`,
  yesOrNo: 'Please reply 1 yes / 2 no',
  sayThingsOrNow: 'Shall this wait for say-things day, or go to the group leader now?',
  sayThingsButton: '1 On say-things day',
  nowButton: '2 Handle it now',
  sayThingsAck:
    'Good — see you on say-things day! Anything you want to raise there, you can send me now, starting with "说事".',
  keptWith: 'Noted, with what you said just before. This question is still open:\n',
  heldFiled: 'What you told me just before has been filed for you:',
};
