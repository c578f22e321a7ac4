import type { Classifier, ClassifyResult, RequestKind } from '../domain/classification.js';

/** A last-resort classifier: plain keyword rules, kept for when no trained model can be loaded. */
const rules: [RequestKind, RegExp][] = [
  ['say_things', /^说事|说事日|支部说事|当面(说|反映)/],
  ['hazard', /隐患|危险|着火|起火|漏气|煤气|燃气|冒火花|打火|塌|裂缝|护栏|深坑|水库|hazard|fire|gas leak/i],
  ['dispute', /纠纷|吵架|打架|邻居.*(占|欠|堵)|地界|宅基地|欠.*钱|钱.*不还|欠.*工资|赡养|dispute|neighbou?r/i],
  ['proposal', /建议|提议|议事|大家商量|修个|建个|集体|村规|proposal|suggest/i],
  ['inquiry', /咨询|请问|怎么办理|如何|政策|补贴|医保|社保|低保|养老金|能不能领|how (do|can)|subsid/i],
  ['help', /帮忙|帮我|帮着|代办|送.*医院|收.*(麦|玉米|庄稼)|买药|照顾|help me|need help/i],
  ['repair', /坏了|修|漏水|跳闸|停电|不亮|堵了|断了|报修|broken|repair|leak/i],
];
const urgent = /着火|起火|漏气|煤气味|冒火花|打火|塌了|要塌|孩子.*(掉|困)|晕倒|fire|gas leak|collapse/i;
const greeting = /^(你好|您好|在吗|谢谢|多谢|好的|嗯|哦|收到|hi|hello|thanks?( you)?|ok)[!！。.~～]*$/i;

export function createKeywordClassifier(): Classifier {
  return {
    async classify(text: string): Promise<ClassifyResult> {
      const trimmed = text.trim();
      const kind = greeting.test(trimmed) || trimmed.length < 2 ? 'other' : (rules.find(([, re]) => re.test(trimmed))?.[0] ?? 'inquiry');
      const summary = (trimmed.split(/[。！？!?\n]/)[0] ?? trimmed).slice(0, 40);
      return {
        kind, summary, urgency: urgent.test(trimmed) ? 'urgent' : 'normal',
        location: null, parties: null, when: null, department: null, confidence: 0.5, classifier: 'keyword',
      };
    },
  };
}
