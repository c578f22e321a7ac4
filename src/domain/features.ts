/**
 * The one list of the features with chat commands of their own (see ChatFeature). Adding a feature's
 * commands: its *.commands.ts exports a ChatFeature, and it joins this list; `Command`, `commandTable`,
 * `parseCommand` and `parseCallback` (commands.ts) follow. Texts are tried in this order (the forms are disjoint).
 */
import type { CommandOf } from './chat-feature.js';
import { careFeature } from './care.commands.js';
import { deliberationFeature } from './deliberation.commands.js';
import { mediationFeature } from './mediation.commands.js';
import { memberRatingFeature } from './member-rating.commands.js';

export const chatFeatures = [deliberationFeature, careFeature, memberRatingFeature, mediationFeature] as const;

/** Every feature's commands: the feature part of the `Command` union. */
export type FeatureCommand = CommandOf<(typeof chatFeatures)[number]>;
