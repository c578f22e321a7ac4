import type { RequestKind } from './classification.js';

/**
 * 未诉先办 · 关爱特殊群体: the households that never write are the ones the group leader visits. A household
 * is cared for with one reason; each reason has a visit cadence (a village may set its own), and a visit
 * missed by more than the grace goes to the secretary like a missed deadline.
 */
export const careReasons = ['elderly_alone', 'disabled', 'left_behind_child', 'dibao', 'wubao', 'other'] as const;
export type CareReason = (typeof careReasons)[number];

/** Days between visits: an elderly person living alone weekly, 五保 every two weeks, the others monthly. */
export const defaultCareCadence: Record<CareReason, number> = {
  elderly_alone: 7,
  disabled: 30,
  left_behind_child: 30,
  dibao: 30,
  wubao: 14,
  other: 30,
};

const DAY = 86_400_000;
/** A visit not made within this after it was due is escalated to the secretary. */
export const careGraceMs = 2 * DAY;
/** Still not visited this long after the secretary was told: the town contact is (as a request's deadline climbs). */
export const careTownAfterMs = 2 * DAY;
/** A check-in standing in for a visit waits this long for the household's answer before the leader's task. */
export const checkinWaitMs = DAY;

/** The words a roster and a secretary use for each reason (the first is how it is shown). */
export const careReasonWords: Record<CareReason, readonly string[]> = {
  elderly_alone: ['独居老人', '独居', '空巢老人', 'elderly_alone'],
  disabled: ['残疾', '残疾人', 'disabled'],
  left_behind_child: ['留守儿童', '留守', 'left_behind_child'],
  dibao: ['低保', '低保户', 'dibao'],
  wubao: ['五保', '五保户', 'wubao'],
  other: ['其他', '其它', 'other'],
};

/** The reason a word names (独居老人, 低保户, dibao); null for a word that names none. */
export function careReasonOf(word: string): CareReason | null {
  const w = word.normalize('NFKC').trim().toLowerCase();
  for (const r of careReasons) if (careReasonWords[r].some((x) => x.toLowerCase() === w)) return r;
  return null;
}

/** The village's cadence for a reason: its own setting when it has one (1–365 days), the default otherwise. */
export function cadenceDays(reason: CareReason, village: Partial<Record<string, number>>): number {
  const own = village[reason];
  return typeof own === 'number' && Number.isInteger(own) && own >= 1 && own <= 365 ? own : defaultCareCadence[reason];
}

/** When the next visit is due: a cadence after the last visit, or after the household became cared for. */
export function nextVisitDue(
  reason: CareReason,
  cadence: Partial<Record<string, number>>,
  lastVisit: Date | null,
  careSince: Date,
): Date {
  const from = lastVisit && lastVisit > careSince ? lastVisit : careSince;
  return new Date(from.getTime() + cadenceDays(reason, cadence) * DAY);
}

export type CareStanding = 'ok' | 'due' | 'overdue';

/** Whether a visit is not yet due, due (the leader's task), or overdue past the grace (the secretary's). */
export function careStanding(due: Date, now: Date): CareStanding {
  if (now < due) return 'ok';
  return now.getTime() >= due.getTime() + careGraceMs ? 'overdue' : 'due';
}

/** How a visit note reads as a person's state: "身体还好", "精神不错", "一切正常" are no matter to file. */
const WELL =
  /身体(还|挺|很|都)?(好|行|可以|不错|硬朗)|挺好|都好|还好|还行|一切(正常|都好|安好)|精神(头)?(不错|好|挺好)|没(啥|什么)事|无异常|安好|健康|平安|^正常$|^好$|^不错$/;
/** Words of something lacking or broken: "缺煤" is a matter even when the model is unsure of a two-character note. */
const NEED =
  /缺|没有?(煤|粮|米|面|油|钱|药|水|电|柴|吃的|穿的|人管|人照顾)|不够|需要|要(买|修|换|办|送|人)|想(要|让|请|办)|坏|漏|倒了|塌|裂|堵|停(水|电)|病了|生病|发烧|看病|住院|摔|疼|痛|帮|冷|冻/;

/** The parts of a note, at its punctuation: "身体还好，缺煤" → 身体还好 · 缺煤. */
export function noteClauses(note: string): string[] {
  return note
    .split(/[，,。.;；!！?？\n]+|\s{2,}/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * What a clause of a visit note is: null when it is only how the household is (身体还好), else the kind of
 * matter to file for it — the model's when it is sure, 帮办代办 when the clause says something is lacking.
 */
export function findingOf(clause: string, model: { kind: RequestKind; confident: boolean }): RequestKind | null {
  const need = NEED.test(clause);
  if (WELL.test(clause) && !need) return null;
  if (model.kind !== 'other' && model.confident) return model.kind;
  return need ? 'help' : null;
}
