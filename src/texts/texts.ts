import type { PeopleTexts } from './people.js';
import type { WecomTexts } from './wecom.js';
import type { MediaTexts } from './media.js';
import type { Place } from '../domain/place.js';
import type { PlaceTexts } from './place.js';
import type { LedgerTexts } from './ledger.js';
import type { DeskTexts } from './desk.js';
import type { WechatMpTexts } from './wechat-mp.js';
import type { RepliesTexts } from './replies.js';
import type { ExpectTexts } from './expect.js';
import type { RequestKind } from '../domain/classification.js';
import type { RequestStatus } from '../domain/request.machine.js';

export type Language = 'zh' | 'en';

export interface RequestView {
  ref: string;
  kind: RequestKind;
  summary: string;
  status: RequestStatus;
  urgent: boolean;
  /** Where and with whom, when the message said (request details). */
  location?: string | null;
  parties?: string | null;
  /** The point the resident shared on the map. */
  place?: Place | null;
}

export interface TaskView extends RequestView {
  /** The head of the household, by name. */
  household: string;
  address: string | null;
  text: string;
  reporter: string;
  /** Set while a reopened request waits to be taken again: why it came back, in the resident's words when they gave them. */
  reopened?: { why: 'unhappy' | 'asked'; reason: string | null } | null;
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

/**
 * The features' sentences, by feature name: a feature's *.texts.ts adds its entry by declaration merging
 * (`declare module '../texts/texts.js' { interface FeatureTexts { care: CareTexts } }`) and gives both languages in
 * its feature object (src/feature.ts: `texts: { zh, en }`, each typed by its interface, so a missing en text does
 * not compile); the one feature list (src/features.ts) merges them into the tables (installTexts, index.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the features' declaration merging
export interface FeatureTexts {}

/** The core's sentences: what zh.ts and en.ts give, before the features' are merged in. */
export type CoreTexts = Omit<Texts, keyof FeatureTexts>;

/** Every sentence a person reads. Chinese is primary; English is for residents whose app is set to English. */
export interface Texts extends FeatureTexts {
  /** Dates and times as this language writes them, in the village's time zone. */
  format: {
    /** `2026-12-10` (a say-things date) → 12月10日 / 2026-12-10 */
    day: (isoDate: string) => string;
    /** A deadline: 12月10日 20:00 / Dec 10, 20:00 */
    due: (at: Date, timezone: string) => string;
    /** A time of day: 14:05 */
    clock: (at: Date, timezone: string) => string;
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
  /** Roster changes people hear of, and the printed contact cards (联心卡). */
  roster: {
    /** To an account revoked because its household's card was re-issued. */
    householdCardReplaced: (village: string) => string;
    /** To an account revoked because the member's card was re-issued. */
    memberCardReplaced: (village: string) => string;
    /** To the secretary: members the new roster left out, and how many open tasks each passed to them. */
    membersDeactivated: (list: { name: string; code: string; moved: number }[]) => string;
    card: {
      /** 联心卡 */
      title: string;
      household: string;
      member: string;
      /** How to use the card, under the code. */
      howTo: (code: string, botLink: string | null) => string;
    };
    /** To a member whose roles the roster changed: before and after, and who imported it (null: the administrator). */
    rolesChanged: (village: string, before: string, after: string, by: string | null) => string;
    /** To the secretary: whose roles a roster import changed, and the village's town/county if it moved. */
    changesToSecretary: (village: string, by: string | null, lines: string[]) => string;
    /** One line of changesToSecretary: a member's roles before → after. */
    roleLine: (who: string, before: string, after: string) => string;
    /** One line of changesToSecretary: the village's town or county before → after. */
    placeLine: (field: 'town' | 'county', before: string, after: string) => string;
    /** For an empty role list or place. */
    none: string;
  };
  unsupported: string;
  media: MediaTexts;
  place: PlaceTexts;
  replies: RepliesTexts;
  expect: ExpectTexts;
  ledger: LedgerTexts;
  desk: DeskTexts;
  people: PeopleTexts;
  wechatMp: WechatMpTexts;
  wecom: WecomTexts;
  /** `advice`: short safety lines for an urgent danger (requests.safety), shown under the receipt. */
  receipt: (r: RequestView, assignee: string | null, advice?: string[]) => string;
  ask: { location: string; parties: string; when: string };
  draft: {
    cancelled: string;
    nothingToCancel: string;
    expired: (summary: string) => string;
    followUpAsk: (ref: string) => string;
    cameBackAsk: (ref: string, summary: string) => string;
    reopenButton: string;
    followUpAdded: (ref: string) => string;
    addButton: string;
    newButton: string;
    joined: (ref: string, summary: string) => string;
  };
  conversation: {
    thanks: string;
    awaitNote: (ref: string) => string;
    awaitResolve: (ref: string) => string;
    awaitTransfer: (ref: string) => string;
    noted: (ref: string, text: string) => string;
    awaitExpired: (ref: string) => string;
    askReason: (ref: string) => string;
    reasonNoted: (ref: string) => string;
    reasonNote: (reason: string) => string;
    fragmentAsk: (ref: string) => string;
    askKind: string;
    kindButton: (n: number, kind: string) => string;
    kindFiled: (kind: string) => string;
    sameMatterAsk: (ref: string, place: string) => string;
    yesButton: string;
    noButton: string;
    choiceExpired: string;
    sameOrNew: string;
    /** The answer to a message without a matter (看了, 好的, 👍): warm, short, nothing filed. */
    chatterAck: string;
  };
  /** `reason`: why the card came (requests.escalatedBecause), shown at its top. */
  task: (t: TaskView, reason?: string) => string;
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
    transferred: (ref: string, to: string) => string;
    escalated: (ref: string) => string;
    resolved: (ref: string) => string;
    promptNote: (ref: string) => string;
    promptResolve: (ref: string) => string;
    unhappy: (ref: string, summary: string) => string;
    transferredAway: (ref: string, to: string) => string;
    residentNote: (ref: string, text: string) => string;
    moreHouseholds: (ref: string, households: number) => string;
    /** `改类 #12 报修`: the kind was corrected (an urgent report filed as a hazard, a guess that was wrong). */
    kindChanged: (ref: string, kind: string) => string;
    kindUnknown: (ref: string) => string;
    kindUnchanged: (ref: string, kind: string) => string;
  };
  /** Withdrawal, closing as invalid, the transfer picker, urgent advice, work for a late binder. */
  requests: {
    /** To the household that withdrew. */
    withdrawn: (ref: string) => string;
    /** To the assignee and the followers. */
    withdrawnToAssignee: (ref: string, summary: string) => string;
    withdrawnToFollower: (ref: string) => string;
    cannotWithdraw: (ref: string, status: string) => string;
    withdrawButton: string;
    /** `作废 #12` without a reason. */
    invalidNeedsReason: (ref: string) => string;
    invalidDone: (ref: string) => string;
    invalidToResident: (ref: string, reason: string) => string;
    invalidToAssignee: (ref: string, summary: string, reason: string) => string;
    secretaryOnly: string;
    /** A command for `ref` as this language writes it: 接单 #12 / /accept 12. */
    commandForm: (verb: string, slash: string, ref: string) => string;
    /** An illegal move: what is possible now (forms from commandForm); `waiting` when nobody accepted yet. */
    illegalHint: (ref: string, status: string, possible: string[], waiting: boolean) => string;
    /** The transfer picker: members by role, with codes; `page` of `pages`. */
    transferPick: (
      ref: string,
      sections: { role: string; members: { code: string; label: string }[] }[],
      page: number,
      pages: number,
    ) => string;
    moreButton: string;
    /** Why an escalated card came to you. */
    escalatedBecause: (
      reason: 'accept_overdue' | 'resolve_overdue',
      from: string | null,
      hours: number | null,
    ) => string;
    /** At the top of the card a leader's own 上报 sends up: who sent it. */
    escalatedBy: (from: string) => string;
    /** Short advice per danger, shown under an urgent receipt. */
    safety: Record<'gas' | 'fire' | 'electricity' | 'collapse' | 'person', string>;
    /** To a member whose account was just bound or confirmed: their open work follows. */
    openWork: (count: number) => string;
    /** After the first cards: the rest as a list. */
    moreWork: (items: RequestView[]) => string;
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
  /** Who speaks for a household or a member: binding throttles, confirmations, the accounts list, unbinding. */
  identity: {
    /** Every platform of the channel port (src/channels/channel.port.ts), by name. */
    platform: Record<'telegram' | 'wechat' | 'web' | 'wechat-mp' | 'wecom' | 'wecom-robot', string>;
    /** For an account without a display name. */
    noName: string;
    /** `/start <code>` or `绑定 <code>` in a group chat: not evaluated, and nothing about any household is said. */
    bindInPrivate: string;
    /** Too many wrong codes from this network address (any number of accounts): when to try again, whom to ask. */
    sourceLocked: (retryAt: string) => string;
    /** Binding from the web paused for everyone by a deployment-wide spike of wrong codes. */
    webPaused: (retryAt: string) => string;
    /** The household already has the most accounts allowed. */
    householdFull: (max: number) => string;
    /** To every other account of a household when a new one binds it. */
    newHouseholdAccount: (platform: string, name: string, address: string) => string;
    itsMeButton: string;
    notMeButton: string;
    /** To the account that said 不是我 about a new household account. */
    notMeDone: (platform: string, name: string) => string;
    /** 不是我 with nothing to refuse. */
    notMeNothing: string;
    /** To an account unbound by someone else (its household, the member, the secretary). */
    removed: string;
    /** To the secretaries: a household said a new account is not theirs, and it was unbound. */
    householdNotMeToSecretary: (address: string, head: string, platform: string, name: string) => string;
    /** To an account that bound a member code already in use: it waits for confirmation. */
    memberCodeInUse: string;
    /** The same account binds the same member code again while it waits. */
    memberStillWaiting: string;
    /** To the member's confirmed accounts: is the new account theirs? */
    memberAsk: (platform: string, name: string) => string;
    /** To the secretaries: a member code is used by a new account, with the request number to decide it by. */
    /** `member` as people know them: name, group and place ("李海生（二组，组长）"). */
    secretaryAsk: (id: number, member: string, platform: string, name: string) => string;
    /** Button labels, also the text to type: 确认绑定 12 / 拒绝绑定 12. */
    confirmButton: (id: number) => string;
    /** `确认绑定 李海生（二组，组长）`: the secretary's answer typed with the member named. */
    decideForm: (decision: 'confirm' | 'refuse', member: string) => string;
    refuseButton: (id: number) => string;
    /** To the new account once it is confirmed. */
    confirmed: (member: string) => string;
    /** To the person who confirmed or refused. */
    confirmedAck: (platform: string, name: string) => string;
    refusedAck: (platform: string, name: string) => string;
    /** To the secretaries when a member refused a new account. */
    memberRefusedToSecretary: (member: string, platform: string, name: string) => string;
    decidedAlready: (id: number) => string;
    noOpenRequest: string;
    unknownRequest: (what: string) => string;
    secretaryOnly: string;
    /** 是我 sent from the account that is waiting itself. */
    confirmFromOldAccount: string;
    /** An unconfirmed member account tries anything but binding, help or unbinding. */
    unconfirmed: string;
    /** 我家的账号 / 我的账号: numbered, with platform, name, when bound; `me` marks this account. */
    accounts: (
      list: { n: number; platform: string; name: string; since: string; me: boolean; waiting: boolean }[],
      household: boolean,
    ) => string;
    /** 解绑: this account. */
    unboundSelf: string;
    /** 解绑 2: another account of the household (or of the member). */
    unboundOther: (n: number, platform: string, name: string) => string;
    noSuchAccount: (n: number) => string;
    /** An account still waiting may unbind only itself. */
    onlySelf: string;
    /** Binding through the Official Account paused for everyone by a deployment-wide spike of wrong codes. */
    bindingPaused: (retryAt: string) => string;
    /** A code of the demo village while the service does not run the demo: its codes are public, so it binds nobody. */
    demoCode: string;
  };
  rhythm: {
    /** `time` and `place`: the village's settings, when it set them. */
    topicReceipt: (ref: string, date: string, summary: string, time?: string | null, place?: string | null) => string;
    reminderBefore: (date: string, place: string | null, days: number) => string;
    reminderDay: (place: string | null) => string;
    agenda: (date: string, lines: string[]) => string;
    outcome: (ref: string, result: string) => string;
    outcomeRecorded: (ref: string) => string;
    topicAssigned: (ref: string, to: string) => string;
    /** `说事 #12 转办 吴永红`: the hand-over typed with a person named. */
    handOverForm: (ref: string, who: string) => string;
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
    /** The secretary carried a topic over to next month's session by hand. */
    topicCarried: (ref: string, date: string) => string;
    /** One topic of the agenda, with how many households raised it. */
    agendaLine: (ref: string, group: string, summary: string, households: number) => string;
  };
  mine: (items: RequestView[]) => string;
  tasks: (items: RequestView[]) => string;
  detail: (r: RequestView, assignee: string | null, timeline: TimelineEntry[]) => string;
}
