/**
 * Chat text → command. WeChat has no buttons, so every action has a text form; buttons on
 * Telegram and the web carry the same verbs as compact callback data (`acc:12`).
 */
import type { RequestKind } from './classification.js';
import { type AnyChatFeature, type CommandSpec, cleanText, normalizeText, ownRest } from './chat-feature.js';
import { chatFeatures, type FeatureCommand } from './features.js';

export { type Audience, type CommandSpec, cleanText, normalizeText } from './chat-feature.js';

export type Rating = 'satisfied' | 'basic' | 'unsatisfied';

/** The commands of the core (requests, identity, say-things topics); the features' come from FeatureCommands (chat-feature.ts). */
export type CoreCommand =
  | { type: 'bind'; code: string | null }
  | { type: 'link_room'; groupCode: string | null }
  | { type: 'help' }
  | { type: 'cancel' }
  | { type: 'agenda' }
  | { type: 'topic_outcome'; ref: number; text: string }
  | { type: 'topic_assign'; ref: number; memberCode: string }
  | { type: 'reopen'; ref: number; reason?: string }
  | { type: 'followup'; choice: 'add' | 'new' }
  /** The kind a person picks when the classifier was unsure (`kind:3`, or the number typed). */
  | { type: 'choose_kind'; choice: number }
  /**
   * The "which matter is this photo about?" button: the message's attachments join `ref` (null: a new
   * matter). Typed (`附到 #12`, where there are no buttons) it names no message: the account's loose ones.
   */
  | { type: 'attach_to'; ref: number | null; inboundId: number | null }
  | { type: 'mine' }
  | { type: 'tasks' }
  | { type: 'view'; ref: number }
  /** `查 杨志强` / `查 三组1号`: a household named as villagers say it (`~45` from a button), its requests. */
  | { type: 'lookup_household'; who: string }
  | { type: 'accept'; ref: number }
  | { type: 'note'; ref: number; text: string }
  | { type: 'transfer'; ref: number; memberCode: string | null; page?: number }
  | { type: 'escalate'; ref: number }
  | { type: 'resolve'; ref: number; text: string }
  | { type: 'rate'; ref: number | null; rating: Rating }
  | { type: 'prompt_note'; ref: number }
  | { type: 'prompt_resolve'; ref: number }
  // The requester's household takes a request back; the secretary closes one as no real matter.
  | { type: 'withdraw'; ref: number }
  | { type: 'invalidate'; ref: number; reason: string }
  /** The assignee or the secretary corrects a request's kind (`改类 #12 报修`); null when the word is not a kind. */
  | { type: 'change_kind'; ref: number; kind: RequestKind | null }
  // Who speaks for a household or member: 是我 / 不是我, the secretary's decision, the accounts list, unbinding.
  | { type: 'its_me'; requestId: number | null }
  | { type: 'not_me'; requestId: number | null; identityId: number | null }
  | { type: 'decide_binding'; decision: 'confirm' | 'refuse'; requestId: number | null; memberCode: string | null }
  | { type: 'accounts' }
  | { type: 'unbind'; index: number | null }
  | { type: 'text'; text: string };

export type Command = CoreCommand | FeatureCommand;

const ratingWords: Record<string, Rating> = {
  '1': 'satisfied',
  满意: 'satisfied',
  非常满意: 'satisfied',
  satisfied: 'satisfied',
  '2': 'basic',
  基本满意: 'basic',
  还行: 'basic',
  一般: 'basic',
  ok: 'basic',
  '3': 'unsatisfied',
  不满意: 'unsatisfied',
  unsatisfied: 'unsatisfied',
  'not satisfied': 'unsatisfied',
};

/** A word's entry of a word table, or null: only the table's own words ("constructor" names something on every object). */
const wordIn = <T>(table: Readonly<Record<string, T>>, word: string): T | null =>
  Object.hasOwn(table, word) ? table[word]! : null;

export function parseRating(word: string): Rating | null {
  return wordIn(
    ratingWords,
    word
      .trim()
      .toLowerCase()
      .replace(/[。.!！]$/, ''),
  );
}

/** The core's commands: who may use each, its words and its button. */
const coreSpecs: Record<CoreCommand['type'], CommandSpec> = {
  bind: { who: 'anyone', inRoom: true },
  link_room: { who: 'member', inRoom: true },
  help: { who: 'anyone', inRoom: true },
  cancel: { who: 'resident', inRoom: false },
  agenda: { who: 'member', inRoom: false },
  topic_outcome: { who: 'member', inRoom: false },
  topic_assign: { who: 'member', inRoom: false },
  reopen: { who: 'resident', inRoom: false },
  followup: { who: 'resident', inRoom: false },
  choose_kind: { who: 'resident', inRoom: false },
  attach_to: { who: 'resident', inRoom: false, verbs: ['附到', '附在'], slash: 'attach', button: { verb: 'att' } },
  mine: { who: 'bound', inRoom: true },
  // Members look households up; a resident's 查 with words is answered by the conversation (src/chat/commands.table.ts).
  lookup_household: { who: 'bound', inRoom: false },
  tasks: { who: 'bound', inRoom: true },
  view: { who: 'bound', inRoom: true, verbs: ['查', '查看'], slash: 'view', button: { verb: 'view' } },
  accept: { who: 'member', inRoom: true, verbs: ['接单', '接收'], slash: 'accept', button: { verb: 'acc' } },
  note: { who: 'member', inRoom: true, verbs: ['备注'], slash: 'note', button: { verb: 'note', arg: 'note' } },
  transfer: {
    who: 'member',
    inRoom: true,
    verbs: ['转派', '转交'],
    slash: 'transfer',
    button: { verb: 'trf', arg: 'member' },
  },
  escalate: { who: 'member', inRoom: true, verbs: ['上报'], slash: 'escalate', button: { verb: 'esc' } },
  resolve: { who: 'member', inRoom: true, verbs: ['办结'], slash: 'resolve', button: { verb: 'res', arg: 'resolve' } },
  // A bare "1" in a room is chatter between neighbours; `评价 #12 1` is meant for the bot.
  rate: { who: 'resident', inRoom: false },
  prompt_note: { who: 'member', inRoom: false },
  prompt_resolve: { who: 'member', inRoom: false },
  withdraw: { who: 'resident', inRoom: false, verbs: ['撤回', '取消'], slash: 'withdraw', button: { verb: 'wd' } },
  // The use case checks that the member is a secretary of the village.
  invalidate: { who: 'member', inRoom: false, verbs: ['作废'], slash: 'invalidate' },
  // The use case checks that the member has the request or is the secretary.
  change_kind: { who: 'member', inRoom: false, verbs: ['改类', '改类别'], slash: 'kind' },
  its_me: { who: 'bound', inRoom: false },
  not_me: { who: 'bound', inRoom: false },
  // The use case checks that the member is a secretary of the village.
  decide_binding: { who: 'member', inRoom: false },
  accounts: { who: 'bound', inRoom: false },
  unbind: { who: 'bound', inRoom: false },
  text: { who: 'bound', inRoom: false },
};

/**
 * The one command table: who may use each command, its text forms and its button. Permissions,
 * room handling and WeChat's typed replies are all read from here. The features' entries come from their
 * ChatFeature (each typed by its own commands, so the whole is keyed by `Command['type']`).
 */
// The features' entries are added by installCommands (the one feature list, src/features.ts, calls it when loaded).
export const commandTable: Record<Command['type'], CommandSpec> = { ...coreSpecs } as Record<
  Command['type'],
  CommandSpec
>;

/**
 * The features' commands join the table and the parsers, in the list's order (src/features.ts calls this once
 * when loaded; a test may install a list with a fixture feature of its own, and the real list again after).
 */
export function installCommands(features: readonly AnyChatFeature[]): void {
  for (const old of chatFeatures) for (const type of Object.keys(old.specs)) Reflect.deleteProperty(commandTable, type);
  chatFeatures.splice(0, chatFeatures.length, ...features);
  Object.assign(commandTable, coreSpecs, ...features.map((f) => f.specs));
}

export function mayUse(cmd: Command, actor: 'stranger' | 'resident' | 'member'): boolean {
  const who = commandTable[cmd.type].who;
  return who === 'anyone' || (actor !== 'stranger' && (who === 'bound' || who === actor));
}

/** Whether a message in a group chat is plainly meant for the bot. */
export function isRoomCommand(cmd: Command): boolean {
  return commandTable[cmd.type].inRoom || (cmd.type === 'rate' && cmd.ref !== null);
}

const REF = String.raw`#?\s*(\d{1,9})`;
const verbPattern = (spec: CommandSpec) =>
  new RegExp(`^(?:${[...(spec.verbs ?? []), ...(spec.slash ? [`/${spec.slash}`] : [])].join('|')})$`, 'i');
const makers: Partial<Record<Command['type'], (ref: number, rest: string) => Command>> = {
  accept: (ref) => ({ type: 'accept', ref }),
  attach_to: (ref) => ({ type: 'attach_to', ref, inboundId: null }),
  note: (ref, rest) => (rest ? { type: 'note', ref, text: rest } : { type: 'prompt_note', ref }),
  transfer: (ref, rest) => {
    const more = /^(?:更多|more)\s*(\d{1,3})?$/i.exec(rest);
    if (more) return { type: 'transfer', ref, memberCode: null, page: Math.max(1, Number(more[1] ?? 2)) };
    // The whole rest: a name may come with its group ("二组 李海生"); the roster says who it is.
    return { type: 'transfer', ref, memberCode: rest || null };
  },
  escalate: (ref) => ({ type: 'escalate', ref }),
  resolve: (ref, rest) => ({ type: 'resolve', ref, text: rest }),
  view: (ref) => ({ type: 'view', ref }),
  withdraw: (ref) => ({ type: 'withdraw', ref }),
  invalidate: (ref, rest) => ({ type: 'invalidate', ref, reason: rest }),
  change_kind: (ref, rest) => ({ type: 'change_kind', ref, kind: kindOfWord(rest) }),
};

/** A task verb typed without its number: 接单, 备注 …, 上报, 办结 … (the member's own tasks say which). */
export type ReflessTask = { action: 'accept' | 'note' | 'escalate' | 'resolve'; verb: string; rest: string };

/**
 * `办结 水管换了` — the verb without `#ref`. Right after 接单 the bot says "处理完后发：办结 #1001 …" and people leave
 * the number out; with one task that takes the verb there is nothing to ask.
 */
export function parseReflessTask(text: string): ReflessTask | null {
  const m = /^(接单|接收|备注|上报|办结)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return null;
  const action = ({ 接单: 'accept', 接收: 'accept', 备注: 'note', 上报: 'escalate', 办结: 'resolve' } as const)[
    m[1] as '接单'
  ];
  return { action, verb: m[1]!, rest: (m[2] ?? '').trim() };
}

/** The command a refless task verb becomes once its request is known (words missing: the button's question). */
export function taskCommand(t: ReflessTask, ref: number): Command {
  if (t.action === 'accept' || t.action === 'escalate') return { type: t.action, ref };
  if (t.action === 'note') return t.rest ? { type: 'note', ref, text: t.rest } : { type: 'prompt_note', ref };
  return t.rest ? { type: 'resolve', ref, text: t.rest } : { type: 'prompt_resolve', ref };
}

/** The kinds a request can be corrected to, by the words people use (and the English ids). */
const kindWords: Record<string, RequestKind> = {
  报修: 'repair',
  维修: 'repair',
  repair: 'repair',
  求助: 'help',
  help: 'help',
  纠纷: 'dispute',
  dispute: 'dispute',
  安全隐患: 'hazard',
  隐患: 'hazard',
  hazard: 'hazard',
  说事: 'say_things',
  say_things: 'say_things',
  建议: 'proposal',
  proposal: 'proposal',
  咨询: 'inquiry',
  inquiry: 'inquiry',
};

export function kindOfWord(word: string): RequestKind | null {
  return wordIn(kindWords, word.trim().toLowerCase());
}
const leaderVerbs: [RegExp, (ref: number, rest: string) => Command, boolean][] = Object.entries(makers).map(
  ([type, make]) => [
    verbPattern(commandTable[type as Command['type']]),
    make,
    type === 'note' || type === 'resolve' || type === 'invalidate',
  ],
);

/**
 * The text a person types for what a button does: `接单 #12` / `/accept 12`, with a placeholder for
 * what comes after (`备注 #12 内容`). Labels like "1 满意" are already what a person types back.
 */
export function textFormOfButton(
  b: { label: string; data: string },
  zh: boolean,
  arg: { note: string; resolve: string; member: string },
): string {
  if (/^\d+\s/.test(b.label)) return b.label;
  // "A new matter": where there are no buttons, saying what it is does that (the photo waits for the words).
  if (b.data.startsWith('att:new:')) return b.label;
  for (const feature of chatFeatures) {
    const typed = feature.buttonText?.(b, zh);
    if (typed) return typed;
  }
  const [verb, ref, extra] = b.data.split(':');
  if ((verb === 'bc' || verb === 'br') && ref?.startsWith('~'))
    return `${verb === 'bc' ? '确认绑定' : '拒绝绑定'}${b.label === b.data ? '' : ` ${b.label}`}`;
  if (verb === 'ta') return `说事 #${ref} 转办${b.label === b.data ? '' : ` ${b.label}`}`;
  const entry = Object.values(commandTable).find((c) => c.button?.verb === verb);
  if (!entry?.verbs || !entry.slash) return b.label;
  const form = (rest = '') => (zh ? `${entry.verbs![0]} #${ref}` : `/${entry.slash} ${ref}`) + (rest ? ` ${rest}` : '');
  // The picker's 更多 button: `转派 #12 更多 2`.
  if (verb === 'trf' && extra?.startsWith('*')) return form(`${zh ? '更多' : 'more'} ${extra.slice(1)}`);
  // A person's button carries a row id; typed, the person is named as the label names them.
  if (extra?.startsWith('~')) return form(b.label === b.data ? '' : b.label);
  if (verb === 'trf' && extra) return `${b.label}${zh ? '：' : ': '}${form(extra)}`;
  return form(entry.button?.arg ? arg[entry.button.arg] : '');
}

export function parseCommand(raw: string): Command {
  const text = normalizeText(raw);
  const own = (normalized: string): string => ownRest(raw, normalized);
  const room = /^(?:绑定群|关联群|\/linkgroup(?:@\w+)?)(?:\s+(\S+))?\s*$/i.exec(text);
  if (room) return { type: 'link_room', groupCode: room[1] ?? null };
  const bind = /^(?:\/start(?:@\w+)?|绑定|bind)(?:\s+(\S+))?\s*$/i.exec(text);
  if (bind) return { type: 'bind', code: bind[1] ?? null };
  const identity = parseIdentityCommand(text);
  if (identity) return identity;
  for (const feature of chatFeatures) {
    // The feature's own commands are in `Command` by FeatureCommands (chat-feature.ts).
    const cmd = feature.parse(text, raw) as Command | null;
    if (cmd) return cmd;
  }
  if (/^(?:议程|\/agenda(?:@\w+)?)$/i.test(text)) return { type: 'agenda' };
  const outcome = /^说事\s*#?\s*(\d{1,9})\s+结果\s*([\s\S]+)$/.exec(text);
  if (outcome) {
    const kept = /结果\s*([\s\S]+)$/.exec(cleanText(raw))?.[1]?.trim();
    const normalized = outcome[2]!.trim();
    return {
      type: 'topic_outcome',
      ref: Number(outcome[1]),
      text: kept?.normalize('NFKC') === normalized ? kept : normalized,
    };
  }
  const handOver = /^说事\s*#?\s*(\d{1,9})\s+转办\s+(\S[\s\S]*?)\s*$/.exec(text);
  if (handOver) return { type: 'topic_assign', ref: Number(handOver[1]), memberCode: handOver[2]! };
  const reopen = /^(?:重办|重新办理|\/reopen)\s*#?\s*(\d{1,9})(?:\s+([\s\S]+))?$/i.exec(text);
  if (reopen)
    return {
      type: 'reopen',
      ref: Number(reopen[1]),
      ...(reopen[2]?.trim() ? { reason: own(reopen[2].trim()).slice(0, 500) } : {}),
    };
  if (/^(?:\/cancel(?:@\w+)?|取消|算了|不报了|cancel)$/i.test(text)) return { type: 'cancel' };
  if (/^(?:补充|补充进去|加上|add)$/i.test(text)) return { type: 'followup', choice: 'add' };
  if (/^(?:新的|新的事|新诉求|new)$/i.test(text)) return { type: 'followup', choice: 'new' };
  if (/^(?:\/help(?:@\w+)?|帮助|help|菜单|\?|？)$/i.test(text)) return { type: 'help' };
  if (/^(?:\/mine(?:@\w+)?|我的诉求|我的|my requests)$/i.test(text)) return { type: 'mine' };
  if (/^(?:\/tasks(?:@\w+)?|我的任务|任务|待办)$/i.test(text)) return { type: 'tasks' };
  const bare = new RegExp(`^#\\s*(\\d{1,9})$`).exec(text);
  if (bare) return { type: 'view', ref: Number(bare[1]) };
  const verb = new RegExp(`^(\\S+?)\\s*${REF}(?:\\s+([\\s\\S]*))?$`).exec(text);
  if (verb) {
    for (const [re, make, freeText] of leaderVerbs) {
      const rest = (verb[3] ?? '').trim();
      // A note or a result keeps the person's own characters; a member code is read in its NFKC form.
      if (re.test(verb[1]!)) return make(Number(verb[2]), freeText ? own(rest) : rest);
    }
    if (/^(?:评价|\/rate)$/i.test(verb[1]!)) {
      const rating = parseRating(verb[3] ?? '');
      if (rating) return { type: 'rate', ref: Number(verb[2]), rating };
    }
  }
  const rating = parseRating(text);
  if (rating) return { type: 'rate', ref: null, rating };
  // 查 with a name or address, not a number: "查 杨志强", "查 三组1号 杨志强家". Longer words are a question, not a name.
  const lookup = /^(?:查|查看|查询|查一下)\s+(\S[\s\S]{0,15})$/.exec(text);
  if (lookup && !/^#?\s*\d+$/.test(lookup[1]!.trim())) return { type: 'lookup_household', who: lookup[1]!.trim() };
  return { type: 'text', text: cleanText(raw) };
}

/** 是我 / 不是我, `确认绑定 12` / `拒绝绑定 l-03`, `我家的账号`, `解绑` / `解绑 2`. */
function parseIdentityCommand(text: string): Command | null {
  if (/^(?:是我|是我的|是本人|(?:yes,?\s*)?it['’]?s me)[。.!！]?$/i.test(text))
    return { type: 'its_me', requestId: null };
  if (/^(?:不是我|不是我的|不是本人|not me)[。.!！]?$/i.test(text))
    return { type: 'not_me', requestId: null, identityId: null };
  const decide = /^(确认绑定|拒绝绑定|\/confirmbind(?:@\w+)?|\/refusebind(?:@\w+)?)(?:\s*#?\s*(\S[\s\S]*?))?\s*$/i.exec(
    text,
  );
  if (decide) {
    const decision = /^(?:确认|\/confirm)/i.test(decide[1]!) ? 'confirm' : 'refuse';
    const arg = decide[2] ?? null;
    // A number is the binding's own (【绑定确认 12】); anything else names the member, as the roster knows them.
    const id = arg !== null && /^\d{1,9}$/.test(arg) ? Number(arg) : null;
    return { type: 'decide_binding', decision, requestId: id, memberCode: id === null ? arg : null };
  }
  if (/^(?:我家的账号|我家账号|我的账号|账号列表|\/accounts(?:@\w+)?)$/i.test(text)) return { type: 'accounts' };
  const unbind = /^(?:解绑|解除绑定|\/unbind(?:@\w+)?)(?:\s*(?:第\s*)?(\d{1,3})\s*个?)?$/i.exec(text);
  if (unbind) return { type: 'unbind', index: unbind[1] ? Number(unbind[1]) : null };
  return null;
}

/** Buttons of the identity answers: `me:y:<request>` 是我, `me:n:<request>` 不是我, `nm:<account>` 不是我家的, `bc:` / `br:` the secretary's. */
function parseIdentityCallback(data: string): Command | null | undefined {
  // The secretary's answer for one member of several of one name (`bc:~45`, see people.resolve.ts).
  const of = /^(bc|br):(~\d{1,9})$/.exec(data);
  if (of)
    return {
      type: 'decide_binding',
      decision: of[1] === 'bc' ? 'confirm' : 'refuse',
      requestId: null,
      memberCode: of[2]!,
    };
  const m = /^(me:y|me:n|nm|bc|br):(\d{1,9})$/.exec(data);
  if (!m) return /^(?:me|nm|bc|br):/.test(data) ? null : undefined;
  const id = Number(m[2]);
  if (id <= 0) return null;
  switch (m[1]) {
    case 'me:y':
      return { type: 'its_me', requestId: id };
    case 'me:n':
      return { type: 'not_me', requestId: id, identityId: null };
    case 'nm':
      return { type: 'not_me', requestId: null, identityId: id };
    case 'bc':
      return { type: 'decide_binding', decision: 'confirm', requestId: id, memberCode: null };
    default:
      return { type: 'decide_binding', decision: 'refuse', requestId: id, memberCode: null };
  }
}

/** The largest request ref there can be: refs are PostgreSQL integers. */
export const MAX_REF = 2_147_483_647;

/** Button payloads: short because Telegram allows 64 bytes of callback data. */
export function parseCallback(data: string): Command | null {
  const identity = parseIdentityCallback(data);
  if (identity !== undefined) return identity;
  for (const feature of chatFeatures) {
    const cmd = feature.parseCallback(data) as Command | null | undefined;
    if (cmd !== undefined) return cmd;
  }
  const lookup = /^hq:(~\d{1,9})$/.exec(data);
  if (lookup) return { type: 'lookup_household', who: lookup[1]! };
  if (data === 'fu:add' || data === 'fu:new') return { type: 'followup', choice: data === 'fu:add' ? 'add' : 'new' };
  // 说事 #12 转办 <the one pressed>, when the name typed fitted several.
  const handOver = /^ta:(\d{1,9}):(~\d{1,9})$/.exec(data);
  if (handOver)
    return Number(handOver[1]) > 0
      ? { type: 'topic_assign', ref: Number(handOver[1]), memberCode: handOver[2]! }
      : null;
  const kind = /^kind:([1-7])$/.exec(data);
  if (kind) return { type: 'choose_kind', choice: Number(kind[1]) };
  const attach = /^att:(\d{1,9}|new):(\d{1,12})$/.exec(data);
  if (attach)
    return {
      type: 'attach_to',
      ref: attach[1] === 'new' ? null : Math.min(Number(attach[1]), MAX_REF),
      inboundId: Math.min(Number(attach[2]), MAX_REF),
    };
  const [verb, refText, arg] = data.split(':');
  // Digits only, 1 and up. A ref past the database's integer range (2147483647) names no request: it becomes
  // 0, which no request has and every query takes, so the person is told "not found" instead of the query failing.
  if (!/^\d+$/.test(refText ?? '')) return null;
  const given = Number(refText);
  if (given <= 0) return null;
  const ref = given <= MAX_REF ? given : 0;
  switch (verb) {
    case 'acc':
      return { type: 'accept', ref };
    case 'esc':
      return { type: 'escalate', ref };
    case 'trf': {
      const page = /^\*(\d{1,3})$/.exec(arg ?? '');
      if (page) return { type: 'transfer', ref, memberCode: null, page: Math.max(1, Number(page[1])) };
      return { type: 'transfer', ref, memberCode: arg || null };
    }
    case 'wd':
      return { type: 'withdraw', ref };
    case 'note':
      return { type: 'prompt_note', ref };
    case 'res':
      return { type: 'prompt_resolve', ref };
    case 'view':
      return { type: 'view', ref };
    case 'rate': {
      const rating = parseRating(arg ?? '');
      return rating ? { type: 'rate', ref, rating } : null;
    }
    default:
      return null;
  }
}

export const callbackData = {
  /** One household of several that fitted a member's `查 …`. */
  lookupHousehold: (household: string) => `hq:${household}`,
  accept: (ref: number) => `acc:${ref}`,
  escalate: (ref: number) => `esc:${ref}`,
  transfer: (ref: number, memberCode?: string) => (memberCode ? `trf:${ref}:${memberCode}` : `trf:${ref}`),
  /** The transfer picker's next page. */
  transferPage: (ref: number, page: number) => `trf:${ref}:*${page}`,
  /** A say-things topic handed to one member of several of one name (`~id`, see people.resolve.ts). */
  topicAssign: (ref: number, member: string) => `ta:${ref}:${member}`,
  withdraw: (ref: number) => `wd:${ref}`,
  note: (ref: number) => `note:${ref}`,
  resolve: (ref: number) => `res:${ref}`,
  rate: (ref: number, n: 1 | 2 | 3) => `rate:${ref}:${n}`,
  followUp: (choice: 'add' | 'new') => `fu:${choice}`,
  chooseKind: (n: number) => `kind:${n}`,
  attachTo: (ref: number | null, inboundId: number) => `att:${ref ?? 'new'}:${inboundId}`,
  itsMe: (requestId: number) => `me:y:${requestId}`,
  notMeMember: (requestId: number) => `me:n:${requestId}`,
  notMeHousehold: (identityId: number) => `nm:${identityId}`,
  confirmBinding: (requestId: number) => `bc:${requestId}`,
  refuseBinding: (requestId: number) => `br:${requestId}`,
  confirmBindingOf: (member: string) => `bc:${member}`,
  refuseBindingOf: (member: string) => `br:${member}`,
};
