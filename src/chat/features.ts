/**
 * The features' command handlers and their lines in a member's 帮助, in the order of the one feature list
 * (src/features.ts), which installs them here when it is loaded (the chat cannot import the features' routes).
 * The command handler table (commands.table.ts) takes their entries from here; src/features.ts refuses to compile
 * while a command of any feature has no entry.
 */
import type { MemberActor } from '../data/people.repository.js';
import type { Texts } from '../texts/index.js';

export interface ChatPart {
  handlers: object;
  memberHelp?(actor: MemberActor, t: Texts): string | null;
}

const installed: ChatPart[] = [];

/** The features' handlers, merged; commands.table.ts adds them to the core's. */
export const chatFeatureHandlers: Record<string, unknown> = {};

export function installHandlers(parts: readonly ChatPart[], table: Record<string, unknown>): void {
  for (const part of installed) for (const type of Object.keys(part.handlers)) Reflect.deleteProperty(table, type);
  installed.splice(0, installed.length, ...parts);
  for (const name of Object.keys(chatFeatureHandlers)) Reflect.deleteProperty(chatFeatureHandlers, name);
  Object.assign(chatFeatureHandlers, ...parts.map((p) => p.handlers));
  Object.assign(table, chatFeatureHandlers);
}

/** The features' lines in a member's 帮助, each on its own line after the member's command list. */
export const featureHelp = (actor: MemberActor, t: Texts): string =>
  installed
    .map((f) => f.memberHelp?.(actor, t) ?? null)
    .filter((line): line is string => line !== null)
    .map((line) => `\n${line}`)
    .join('');
