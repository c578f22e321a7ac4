/**
 * The one list of features. Each exports one object from its folder (src/feature.ts says what it may hold), and
 * the core registers every part of it from here: its commands join the command table and the parsers
 * (src/domain/commands.ts), its handlers the handler table and its lines a member's 帮助 (src/chat), its
 * sentences the text tables (src/texts), its error codes the catalogue (src/domain/errors.ts), its sweeps the tick
 * (src/rhythm), its admin API and desk pages the app
 * (src/app.ts reads `installedFeatures`). Adding a feature: its folder, and one line below.
 * Texts are parsed, help lines shown and sweeps run in this order.
 */
import { installFeatureHandlers } from './chat/commands.table.js';
import { careFeature } from './care/care.feature.js';
import { deliberationFeature } from './deliberation/deliberation.feature.js';
import type { FeatureCommand } from './domain/chat-feature.js';
import { installCommands } from './domain/commands.js';
import { type ErrorEntry, type FeatureErrors, installErrors } from './domain/errors.js';
import type { Feature } from './feature.js';
import { mediationFeature } from './mediation/mediation.feature.js';
import type { FeatureHandlers } from './messaging/command.handler.js';
import { noticesFeature } from './notices/notices.feature.js';
import { memberRatingFeature } from './ratings/ratings.feature.js';
import { installSweeps } from './rhythm/feature-sweeps.js';
import { type FeatureTexts, installTexts, type TextTables } from './texts/index.js';

export const features = [
  mediationFeature,
  deliberationFeature,
  noticesFeature,
  memberRatingFeature,
  careFeature,
] as const satisfies readonly Feature[];

/** The entries of a list, merged, as one type: each keeps its own. */
type Merged<T extends readonly unknown[]> = T extends readonly [infer H, ...infer R] ? H & Merged<R> : unknown;
type Part<F, K extends string> = F extends Record<K, infer P> ? P : unknown;
type Parts<T extends readonly unknown[], K extends string> = { [I in keyof T]: Part<T[I], K> };
type ChatParts<T extends readonly unknown[]> = { [I in keyof T]: Part<Part<T[I], 'chat'>, 'handlers'> };

/**
 * Every feature's command has a handler: a command type a feature declares (its FeatureCommands entry) without a
 * handler in a feature of this list does not compile (`Property 'care_visit' is missing …`).
 */
export const featureHandlers: FeatureHandlers<FeatureCommand['type']> = Object.assign(
  {},
  ...features.map((f) => ('chat' in f ? f.chat.handlers : {})),
) as Merged<ChatParts<typeof features>>;

/** Every feature's sentences in both languages: a FeatureTexts entry whose feature is not listed does not compile. */
export const featureTexts: { [N in keyof FeatureTexts]: TextTables<FeatureTexts[N]> } = Object.assign(
  {},
  ...features.map((f) => ('texts' in f ? f.texts : {})),
) as Merged<Parts<typeof features, 'texts'>>;

/** Every feature's error codes: a FeatureErrors entry whose feature is not listed does not compile. */
export const featureErrors: { [C in keyof FeatureErrors]: ErrorEntry } = Object.assign(
  {},
  ...features.map((f) => ('errors' in f ? f.errors : {})),
) as Merged<Parts<typeof features, 'errors'>>;

let installed: readonly Feature[] = [];

/**
 * Registers a list of features with the core: the real list when this module is loaded; a test may install a
 * list with a fixture feature added, and the real one again after (the tables are replaced, not added to).
 */
export function installFeatures(list: readonly Feature[]): void {
  installCommands(list.flatMap((f) => (f.commands ? [f.commands] : [])));
  installFeatureHandlers(list.flatMap((f) => (f.chat ? [f.chat] : [])));
  installTexts(Object.assign({}, ...list.map((f) => f.texts ?? {})) as Record<string, TextTables<unknown>>);
  installSweeps(list.flatMap((f) => (f.sweeps ? [f.sweeps] : [])));
  installErrors(Object.assign({}, ...list.map((f) => f.errors ?? {})) as Record<string, ErrorEntry>);
  installed = list;
}

/** The features the app registers its routes from (src/app.ts). */
export const installedFeatures = (): readonly Feature[] => installed;

installFeatures(features);
