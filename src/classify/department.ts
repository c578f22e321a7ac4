/**
 * Which town department a village message should be passed to (level-1 category of the
 * government taxonomy), or null when the village handles it itself.
 *
 * The rule, after the kind is known:
 *  1. other, say_things, proposal, help → null. Greetings create nothing; say-things and
 *     proposals are the village's own self-governance; practical help is done by party members.
 *  2. hazard → always passed on (the seeds: "village reports at once, town analyses weekly").
 *     The department named by the glossary, else the model's answer if its probability ≥
 *     MODEL_MIN_P, else 城乡建设, whose 安全生产/安全隐患 branch is the taxonomy's home for
 *     unplaced safety risks.
 *  3. repair, dispute, inquiry → passed on only when the text names something outside the
 *     village's reach (OUTSIDE_VILLAGE: town/county bodies, utilities' trunk lines, schools,
 *     hospitals, social insurance, employers, pollution…) AND either the glossary names the
 *     department or the model is near-certain (≥ MODEL_MIN_P). Boilers, village lights and
 *     neighbour quarrels stay in the village ("小事不出组、大事不出村").
 *     If such a message is about a category the model was never trained on (民政 低保,
 *     国土 宅基地, 政法 户口 …) we return null rather than a wrong guess.
 * Why the glossary first: the model learnt from long, formal city messages; a villager's
 * "二组有股煤气味" is twelve characters of a different register, where a named term
 * (煤气 → 城乡建设, 秸秆 → 环境保护) is better evidence than the model's posterior.
 */
import { readFileSync } from 'node:fs';
import type { RequestKind } from '../domain/classification.js';
import { extractFeatures } from './features.js';
import { NaiveBayes, type NbModel } from './naive-bayes.js';
import { departmentGlossary } from './department-glossary.js';

/** The fifteen level-1 categories of the government taxonomy (taxonomy.csv); the model knows seven. */
export const departmentCategories: readonly string[] = [
  '城乡建设',
  '环境保护',
  '交通运输',
  '教育文体',
  '劳动和社会保障',
  '商贸旅游',
  '卫生计生',
  '农村农业',
  '民政',
  '国土资源',
  '政法',
  '党务政务',
  '经济管理',
  '科技与信息产业',
  '纪检监察',
];

/**
 * The model learnt from long city letters; on a villager's short message it is often confidently
 * wrong (林子里有人扔烟头 → 卫生计生 at 0.94). Only near-certain answers are used; set by inspecting
 * the model's answers on the hazard and inquiry messages of labelled.jsonl.
 */
export const MODEL_MIN_P = 0.95;

export interface DepartmentModelFile {
  /** How the text was cut into features; train.ts and the runtime must agree. */
  features: { titleN: number; detailN: number; detailChars: number };
  split: string;
  model: NbModel;
}

const OUTSIDE_VILLAGE =
  /镇上|镇里|镇政府|县里|县城|市里|政府|国道|省道|县道|高速|高压线|变压器|供电所|电力所|电业局|自来水公司|水厂|学校|小学|中学|幼儿园|老师|卫生院|医院|医保|医宝|社保|养老保险|养老金|养老今|新农合|合作医疗|报销|工资|工钱|工前|欠薪|老板|包工头|厂子|工厂|养殖场|公司|景区|污染|排污|排到河|环保|噪音|公交|班车|客运|车站|疫苗|独生子女|计生|county|town|hospital|school|insurance|pension|wages|contractor/i;
const UNKNOWN_CATEGORY =
  /低保|低报|低宝|五保|特困|残疾|高龄|救助|丧葬|优待|退役|宅基地|承包地|土地承包|确权|林权|户口|身份证|派出所|打架|地界|界桩|种粮|地力|农机|耕地|党员|组织关系/;

export function departmentFeatures(title: string, detail: string, f: DepartmentModelFile['features']): string[] {
  const t = extractFeatures(title, f.titleN, false).map((x) => `t:${x}`);
  return [...t, ...extractFeatures(detail.slice(0, f.detailChars), f.detailN, false)];
}

export class DepartmentModel {
  private readonly nb: NaiveBayes;
  constructor(private readonly file: DepartmentModelFile) {
    this.nb = new NaiveBayes(file.model);
  }

  static load(url: URL): DepartmentModel {
    return new DepartmentModel(JSON.parse(readFileSync(url, 'utf8')) as DepartmentModelFile);
  }

  /** City-board style message: title plus detail. */
  predict(title: string, detail: string): { label: string; probability: number } {
    return this.nb.predict(departmentFeatures(title, detail, this.file.features));
  }

  /** A village message has no title; its own words serve as both. */
  forVillageMessage(text: string, kind: RequestKind): string | null {
    if (kind === 'other' || kind === 'say_things' || kind === 'proposal' || kind === 'help') return null;
    const named = glossaryVote(text);
    const confident = () => {
      const p = this.predict(text, text);
      return p.probability >= MODEL_MIN_P ? p.label : null;
    };
    if (kind === 'hazard') return named ?? confident() ?? '城乡建设';
    if (UNKNOWN_CATEGORY.test(text) || !OUTSIDE_VILLAGE.test(text)) return null;
    return named ?? confident();
  }
}

/** The department whose glossary terms cover the most characters of the message, if any. */
export function glossaryVote(text: string): string | null {
  let best: string | null = null;
  let bestScore = 0;
  for (const [label, terms] of Object.entries(departmentGlossary)) {
    const score = terms.filter((t) => text.includes(t)).reduce((a, t) => a + t.length, 0);
    if (score > bestScore) {
      best = label;
      bestScore = score;
    }
  }
  return best;
}
