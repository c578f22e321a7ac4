import type { RequestKind } from '../domain/classification.js';
import type { RequestStatus } from '../domain/request.machine.js';

export type Language = 'zh' | 'en';

export interface RequestView {
  ref: string;
  kind: RequestKind;
  summary: string;
  status: RequestStatus;
  urgent: boolean;
}

export interface TaskView extends RequestView {
  /** The head of the household, by name. */
  household: string;
  address: string | null;
  text: string;
  reporter: string;
}

export interface TimelineEntry {
  at: string;
  type: string;
  actor: string | null;
  note: string | null;
}

/** The figures of the three rates that a line of the monthly table shows. */
export interface RatesLine {
  requests: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

/** Every sentence a person reads. Chinese is primary; English is for residents whose app is set to English. */
export interface Texts {
  /** Dates and times as this language writes them, in the village's time zone. */
  format: {
    /** `2026-12-10` (a say-things date) → 12月10日 / 2026-12-10 */
    day: (isoDate: string) => string;
    /** A deadline: 12月10日 20:00 / Dec 10, 20:00 */
    due: (at: Date, timezone: string) => string;
    /** A time of day: 14:05 */
    clock: (at: Date, timezone: string) => string;
    /** A ledger entry's time: 12-10 14:05 */
    stamp: (at: Date, timezone: string) => string;
  };
  kind: Record<RequestKind, string>;
  status: Record<RequestStatus, string>;
  event: Record<string, string>;
  role: Record<string, string>;
  rating: { satisfied: string; basic: string; unsatisfied: string };
  buttons: { accept: string; transfer: string; escalate: string; note: string; resolve: string };
  unbound: string;
  bindNeedsCode: string;
  bindWrongCode: (left: number) => string;
  bindLocked: (retryAt: string) => string;
  boundResident: (village: string, address: string, leader: string | null) => string;
  boundMember: (name: string, village: string, roles: string) => string;
  helpResident: string;
  helpMember: string;
  greeting: string;
  room: {
    ack: string;
    linked: (group: string) => string;
    needsGroupChat: string;
    forbidden: string;
    unknownGroup: (code: string) => string;
  };
  unsupported: string;
  receipt: (r: RequestView, assignee: string | null) => string;
  ask: { location: string; parties: string; when: string };
  draft: {
    cancelled: string;
    nothingToCancel: string;
    expired: (summary: string) => string;
    followUpAsk: (ref: string) => string;
    followUpAdded: (ref: string) => string;
    addButton: string;
    newButton: string;
    joined: (ref: string, summary: string) => string;
  };
  task: (t: TaskView) => string;
  taskCopy: (t: TaskView, assignee: string) => string;
  toResident: {
    accepted: (ref: string, by: string) => string;
    note: (ref: string, by: string, note: string) => string;
    transferred: (ref: string, to: string) => string;
    escalated: (ref: string) => string;
    resolved: (ref: string, by: string, result: string) => string;
    closed: (ref: string) => string;
    reopened: (ref: string) => string;
  };
  toLeader: {
    defaultResult: string;
    accepted: (ref: string) => string;
    note: (ref: string) => string;
    transferred: (ref: string, to: string) => string;
    escalated: (ref: string) => string;
    resolved: (ref: string) => string;
    promptNote: (ref: string) => string;
    promptResolve: (ref: string) => string;
    transferPick: (ref: string) => string;
    unhappy: (ref: string, summary: string) => string;
    transferredAway: (ref: string, to: string) => string;
    residentNote: (ref: string, text: string) => string;
    moreHouseholds: (ref: string, households: number) => string;
  };
  errors: {
    notFound: (ref: string) => string;
    forbidden: (ref: string) => string;
    leaderOnly: string;
    illegal: (ref: string, status: string) => string;
    unknownMember: (code: string) => string;
    nothingToRate: string;
    alreadyRated: (ref: string) => string;
    noAssignee: string;
    internal: string;
  };
  channels: {
    /** WeChat has no buttons: what a button row offered becomes text to reply with. */
    replyWith: (choices: string[]) => string;
    arg: { note: string; resolve: string; member: string };
    wechatDown: string;
    wechatBack: string;
  };
  rhythm: {
    topicReceipt: (ref: string, date: string, summary: string) => string;
    reminderBefore: (date: string, place: string | null, days: number) => string;
    reminderDay: (place: string | null) => string;
    agenda: (date: string, lines: string[]) => string;
    outcome: (ref: string, result: string) => string;
    outcomeRecorded: (ref: string) => string;
    topicAssigned: (ref: string, to: string) => string;
    notTopic: (ref: string) => string;
    carriedOver: (ref: string, date: string) => string;
    remindAccept: (ref: string, summary: string, due: string) => string;
    remindResolve: (ref: string, summary: string, due: string) => string;
    overdueTakenAway: (ref: string) => string;
    ratingReminder: (ref: string, summary: string) => string;
    closedUnrated: (ref: string) => string;
    reopenedByResident: (ref: string, summary: string) => string;
    reopenOk: (ref: string) => string;
    reopenTooLate: (ref: string) => string;
    monthlyReport: (village: string, month: string, table: string) => string;
    /** One line of the monthly table: the village (name null) or a group. */
    ratesLine: (name: string | null, r: RatesLine) => string;
    /** One topic of the agenda, with how many households raised it. */
    agendaLine: (ref: string, group: string, summary: string, households: number) => string;
  };
  mine: (items: RequestView[]) => string;
  tasks: (items: RequestView[]) => string;
  detail: (r: RequestView, assignee: string | null, timeline: TimelineEntry[]) => string;
}
