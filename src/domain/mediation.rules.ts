import { localParts } from './local-time.js';

const DAY = 24 * 3600_000;

/**
 * The time rules of a case. People's Mediation Law §33: the parties may apply for judicial confirmation
 * (司法确认) within 30 days of the agreement taking effect; the 2002 rules expect a case settled "generally
 * within one month". The return visit on performance defaults to 30 days after the agreement.
 */
export interface MediationPolicy {
  /** An open case this long after acceptance → a reminder to the mediator and the secretary. */
  openReminderDays: number;
  /** Day of the 30-day judicial-confirmation window on which the parties and mediator are reminded. */
  confirmationReminderDay: number;
  /** The window itself, told in the reminder. */
  confirmationWindowDays: number;
  /** Days after the agreement (or failure) when the return visit on performance is due. */
  returnVisitDays: number;
}

export const defaultMediationPolicy: MediationPolicy = {
  openReminderDays: 30,
  confirmationReminderDay: 25,
  confirmationWindowDays: 30,
  returnVisitDays: 30,
};

export const openReminderAt = (acceptedAt: Date, p: MediationPolicy = defaultMediationPolicy): Date =>
  new Date(acceptedAt.getTime() + p.openReminderDays * DAY);
export const confirmationReminderAt = (agreedAt: Date, p: MediationPolicy = defaultMediationPolicy): Date =>
  new Date(agreedAt.getTime() + p.confirmationReminderDay * DAY);
/** The last day the parties may apply to the court together. */
export const confirmationDeadline = (agreedAt: Date, p: MediationPolicy = defaultMediationPolicy): Date =>
  new Date(agreedAt.getTime() + p.confirmationWindowDays * DAY);
export const returnVisitDueAt = (closedAt: Date, p: MediationPolicy = defaultMediationPolicy): Date =>
  new Date(closedAt.getTime() + p.returnVisitDays * DAY);

/** The case year: the village's local year at acceptance (a case accepted at 00:30 on 1 Jan Beijing time is next year's). */
export const caseYear = (acceptedAt: Date, timezone: string): number => localParts(acceptedAt, timezone).year;

/** The village's short name in a case number: 小营店村 → 小营店 (村, 社区, 居委会 dropped). */
export function villageShortName(name: string): string {
  const short = name.replace(/(?:村民委员会|居民委员会|村委会|居委会|社区|村)$/u, '');
  return short || name;
}

/** （2026）小营店人调字第 12 号: the year, the village, the case's sequence number in that village and year. */
export function caseNumber(year: number, villageName: string, seq: number): string {
  return `（${year}）${villageShortName(villageName)}人调字第 ${seq} 号`;
}

export const disputeTypes = ['land', 'debt', 'family', 'neighbour', 'damage', 'labour', 'other'] as const;
export type DisputeType = (typeof disputeTypes)[number];

const cues: [DisputeType, RegExp][] = [
  ['land', /宅基地|地界|地边|占地|承包地|田埂|林地|土地|院墙|界桩/u],
  ['family', /赡养|抚养|离婚|婚姻|分家|遗产|继承|儿媳|婆婆|老人不管/u],
  ['debt', /欠钱|欠款|借钱|借款|还钱|不还|工钱|债/u],
  ['labour', /工资|工伤|雇|打工|包工/u],
  ['damage', /打伤|撞|损坏|赔偿|砸|啃了|踩坏|淹了/u],
  ['neighbour', /邻居|隔壁|噪音|排水|漏水|挡光|乱堆|吵/u],
];

/** A first guess at the dispute type for the registration form, from the resident's own words. */
export function disputeTypeOf(text: string): DisputeType {
  return cues.find(([, re]) => re.test(text))?.[0] ?? 'other';
}

export const referrals = ['justice_office', 'police', 'court', 'other'] as const;
export type Referral = (typeof referrals)[number];

/** Where a failed case is sent, read from the reason: 司法所, 派出所, 法院 (起诉); none named → 司法所. */
export function referralOf(reason: string): Referral {
  if (/法院|起诉|诉讼|court/iu.test(reason)) return 'court';
  if (/派出所|公安|报警|police/iu.test(reason)) return 'police';
  if (/司法所|justice/iu.test(reason)) return 'justice_office';
  return 'justice_office';
}

/** A party of the case as the confirmation rule sees it. */
export interface PartyForConfirmation {
  id: number;
  /** Has at least one bound account: can confirm in chat. Others sign the paper copy. */
  bound: boolean;
}

/** The agreement takes effect in chat when every bound party has confirmed it (the others sign on paper). */
export function allBoundConfirmed(
  parties: readonly PartyForConfirmation[],
  confirmedPartyIds: ReadonlySet<number>,
): boolean {
  return parties.filter((p) => p.bound).every((p) => confirmedPartyIds.has(p.id));
}

/** The bound parties still to confirm. */
export function awaitingConfirmation(
  parties: readonly PartyForConfirmation[],
  confirmedPartyIds: ReadonlySet<number>,
): number[] {
  return parties.filter((p) => p.bound && !confirmedPartyIds.has(p.id)).map((p) => p.id);
}
