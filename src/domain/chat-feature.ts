/**
 * What a feature with chat commands of its own gives the command table (src/domain/commands.ts): its specs,
 * its text parser and its button parser, in the `commands` of its feature object (src/feature.ts). The features
 * are listed once, in src/features.ts, which installs them here (src/domain/features.ts) at start; the `Command`
 * union is read from FeatureCommands below. A feature's *.commands.ts imports this file, never commands.ts.
 */

/** Who may use a command: anyone, any bound person, residents only, members (leaders, mediators, the secretary). */
export type Audience = 'anyone' | 'bound' | 'resident' | 'member';

export interface CommandSpec {
  who: Audience;
  /** In a group chat, counts as meant for the bot even without an @mention. */
  inRoom: boolean;
  /** Verbs that take a `#ref`: the Chinese form people type first, then the other accepted words. */
  verbs?: readonly string[];
  /** English slash form, e.g. `/accept 12`. */
  slash?: string;
  /** The callback verb of the button standing for this command, and what to type after `#ref` instead. */
  button?: { verb: string; arg?: 'note' | 'resolve' | 'member' };
}

export interface ChatFeature<C extends { type: string }> {
  /** Who may use each of the feature's commands, their words and buttons (one entry per command type). */
  specs: { readonly [K in C['type']]: CommandSpec };
  /**
   * `text` is the NFKC form (normalizeText), `raw` what the person typed (free text keeps its own punctuation).
   * Tried in the list's order after the identity commands and before the core ones; null: not this feature's.
   */
  parse(text: string, raw: string): C | null;
  /** Button data: undefined when the data is not this feature's, null when it is but makes no sense. */
  parseCallback(data: string): C | null | undefined;
  /** What WeChat shows to type instead of one of the feature's buttons; null: not this feature's button. */
  buttonText?(b: { label: string; data: string }, zh: boolean): string | null;
}

/** The commands of a feature of the list. */
export type CommandOf<F> = F extends ChatFeature<infer C> ? C : never;

/**
 * Every feature's commands, by feature name. A feature's *.commands.ts adds its own entry by declaration merging
 * (`declare module '../domain/chat-feature.js' { interface FeatureCommands { care: CareCommand } }`), so the
 * `Command` union grows without an import from the core, and the handler table (src/chat/commands.table.ts, fed
 * from the one feature list src/features.ts) stops compiling until the feature's handlers are in that list.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the features' declaration merging
export interface FeatureCommands {}

/** Every feature's commands: the feature part of the `Command` union. */
export type FeatureCommand = FeatureCommands[keyof FeatureCommands];

/** A feature's ChatFeature as the core keeps it in its list (each feature's is typed by its own commands). */
export type AnyChatFeature = ChatFeature<{ type: string }>;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g;

/** NUL and other control characters are dropped; the person's own characters (，。) are kept. */
export function cleanText(raw: string): string {
  // Lone surrogates cannot be stored as text or JSON in PostgreSQL; they become U+FFFD and are dropped.
  return raw.toWellFormed().replace(CONTROL, '').trim();
}

/** For recognising commands only: full-width forms (＃１２, ／start) become ASCII. */
export function normalizeText(raw: string): string {
  return cleanText(raw.normalize('NFKC'));
}

/**
 * The free text after `verb #ref` exactly as the person typed it: the command words are recognised on
 * the NFKC form, but a note keeps its own full-width punctuation (，。！).
 */
function rawRest(raw: string): string | null {
  const m = /^\S+?\s*[#＃]?\s*[\d０-９]{1,9}(?:\s+([\s\S]*))?$/.exec(cleanText(raw));
  return m ? (m[1] ?? '').trim() : null;
}

/** `normalized`, the words after `verb #ref` in their NFKC form, as the person typed them when that is the same text. */
export function ownRest(raw: string, normalized: string): string {
  const kept = rawRest(raw);
  return kept !== null && kept.normalize('NFKC').trim() === normalized ? kept : normalized;
}
