/**
 * The features' command parsers, in the order of the one feature list (src/features.ts), which installs them here
 * when it is loaded: the domain cannot import the features (their handlers, sweeps and routes sit above it), so the
 * list hands their pure parts down. Texts are tried in this order (the forms are disjoint).
 */
import type { AnyChatFeature } from './chat-feature.js';

export type { FeatureCommand } from './chat-feature.js';

export const chatFeatures: AnyChatFeature[] = [];
