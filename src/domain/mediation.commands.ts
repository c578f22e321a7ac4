/**
 * The mediation commands: text forms (`调查 #12 记录…`), slash forms and their buttons. They join the one
 * command table in commands.ts through `mediationFeature` (src/domain/features.ts). This file must not
 * import commands.ts (the table imports it).
 */
import { type ChatFeature, ownRest } from './chat-feature.js';

export type MediationCommand =
  | { type: 'med_open'; ref: number }
  /** 主持 #12 md-02 md-03: the first code presides, the others assist; no code: the sender presides. */
  | { type: 'med_preside'; ref: number; memberCodes: string[] }
  | { type: 'med_investigate'; ref: number; text: string }
  | { type: 'med_inform'; ref: number }
  | { type: 'med_session'; ref: number; text: string }
  | { type: 'med_party'; ref: number; party: string }
  | { type: 'med_propose'; ref: number; text: string }
  | { type: 'med_fail'; ref: number; text: string }
  | { type: 'med_follow_up'; ref: number; text: string }
  | { type: 'med_confirm'; ref: number }
  | { type: 'med_decline'; ref: number; text: string };

export type MediationCommandType = MediationCommand['type'];

interface Spec {
  who: 'member' | 'resident';
  inRoom: boolean;
  verbs: readonly string[];
  slash: string;
  button?: { verb: string; arg?: 'note' | 'resolve' | 'member' };
}

/** Who may use each, its words and its button (the callback verb; `arg`: what WeChat's typed reply asks for after `#ref`). */
export const mediationCommandSpecs = {
  med_open: { who: 'member', inRoom: false, verbs: ['受理'], slash: 'takecase', button: { verb: 'mdo' } },
  med_preside: { who: 'member', inRoom: false, verbs: ['主持'], slash: 'preside', button: { verb: 'mdp' } },
  med_investigate: {
    who: 'member',
    inRoom: false,
    verbs: ['调查'],
    slash: 'investigate',
    button: { verb: 'mdq', arg: 'note' },
  },
  med_inform: { who: 'member', inRoom: false, verbs: ['告知'], slash: 'inform', button: { verb: 'mdi' } },
  med_session: {
    who: 'member',
    inRoom: false,
    verbs: ['调解'],
    slash: 'mediate',
    button: { verb: 'mds', arg: 'note' },
  },
  // Its button names a household of the village when what was typed fitted several (`mdh:12:~45`).
  med_party: { who: 'member', inRoom: false, verbs: ['对方'], slash: 'otherparty', button: { verb: 'mdh' } },
  med_propose: {
    who: 'member',
    inRoom: false,
    verbs: ['协议'],
    slash: 'agreement',
    button: { verb: 'mda', arg: 'note' },
  },
  med_fail: {
    who: 'member',
    inRoom: false,
    verbs: ['调解不成'],
    slash: 'mediationfailed',
    button: { verb: 'mdf', arg: 'resolve' },
  },
  med_follow_up: {
    who: 'member',
    inRoom: false,
    verbs: ['回访'],
    slash: 'revisit',
    button: { verb: 'mdr', arg: 'note' },
  },
  med_confirm: { who: 'resident', inRoom: false, verbs: ['同意'], slash: 'agree', button: { verb: 'mdy' } },
  med_decline: {
    who: 'resident',
    inRoom: false,
    verbs: ['不同意'],
    slash: 'disagree',
    button: { verb: 'mdn', arg: 'resolve' },
  },
} as const satisfies Record<MediationCommandType, Spec>;

const types = Object.keys(mediationCommandSpecs) as MediationCommandType[];

function make(type: MediationCommandType, ref: number, rest: string): MediationCommand {
  switch (type) {
    case 'med_open':
    case 'med_inform':
    case 'med_confirm':
      return { type, ref };
    case 'med_preside':
      return {
        type,
        ref,
        memberCodes: rest
          .split(/[\s,，、]+/)
          .filter(Boolean)
          .slice(0, 6),
      };
    case 'med_party':
      return { type, ref, party: rest };
    default:
      return { type, ref, text: rest };
  }
}

/** Whether a typed verb (`调查`, `/investigate`) is one of these commands. */
function typeOfVerb(verb: string): MediationCommandType | null {
  const v = verb.toLowerCase().replace(/@\w+$/, '');
  return (
    types.find(
      (t) =>
        (mediationCommandSpecs[t].verbs as readonly string[]).includes(v) || `/${mediationCommandSpecs[t].slash}` === v,
    ) ?? null
  );
}

/**
 * `verb #ref rest`, already split by the caller: `rest` is the free text as the person typed it (a record
 * keeps its own full-width punctuation). Null when the verb is not a mediation command.
 */
export function parseMediationCommand(verb: string, ref: number, rest: string): MediationCommand | null {
  const type = typeOfVerb(verb);
  return type ? make(type, ref, rest.trim()) : null;
}

/** Whether this verb's free text is a record to keep as typed (not a code). */
export function mediationKeepsText(verb: string): boolean {
  const type = typeOfVerb(verb);
  return type !== null && type !== 'med_preside';
}

/**
 * Buttons: `mdq:12` stands for `调查 #12` (with no text: the bot asks for it). 主持 and 对方 may carry the
 * people chosen by row id (`mdp:12:~45,~46`, `mdh:12:~7`) when a name typed fitted several.
 */
export function parseMediationCallback(data: string): MediationCommand | null | undefined {
  // A person still to be chosen among several rides along as `~45|~46`.
  const m = /^(md[a-z]):(\d{1,9})(?::(~\d{1,9}(?:[,|]~\d{1,9}){0,11}))?$/.exec(data);
  if (!m) return /^md[a-z]:/.test(data) ? null : undefined;
  const type = types.find((t) => buttonVerb(t) === m[1]);
  const ref = Number(m[2]);
  if (!type || ref <= 0) return null;
  if (m[3] && type !== 'med_preside' && type !== 'med_party') return null;
  return make(type, ref, (m[3] ?? '').replace(/,/g, ' '));
}

/** 主持 / 对方 with the people chosen (row ids, see people.resolve.ts `byId`). */
export const mediationPeopleCallback = (type: 'med_preside' | 'med_party', ref: number, ids: string[]): string =>
  `${buttonVerb(type)!}:${ref}:${ids.join(',')}`;

const buttonVerb = (t: MediationCommandType): string | undefined => (mediationCommandSpecs[t] as Spec).button?.verb;

export type MediationButton = Exclude<MediationCommandType, 'med_party'>;
export const mediationCallback = (type: MediationButton, ref: number): string => `${buttonVerb(type)!}:${ref}`;

export const mediationFeature: ChatFeature<MediationCommand> = {
  specs: mediationCommandSpecs,
  /** `verb #ref rest`: a record keeps the person's own punctuation, the codes of 主持 are read in their NFKC form. */
  parse(text, raw) {
    const m = /^(\S+?)\s*#?\s*(\d{1,9})(?:\s+([\s\S]*))?$/.exec(text);
    if (!m) return null;
    const rest = (m[3] ?? '').trim();
    return parseMediationCommand(m[1]!, Number(m[2]), mediationKeepsText(m[1]!) ? ownRest(raw, rest) : rest);
  },
  parseCallback: parseMediationCallback,
};

declare module './chat-feature.js' {
  interface FeatureCommands {
    mediation: MediationCommand;
  }
}
