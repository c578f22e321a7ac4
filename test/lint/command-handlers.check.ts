/**
 * Checked by `npm run typecheck` (and so by `npm run lint`), never run: every command type must have a handler.
 * The core's table names one for each core command (src/chat/commands.table.ts); the one feature list
 * (src/features.ts) one for each feature's. If either stopped being exhaustive, the `@ts-expect-error` below would
 * be an unused directive and the build would fail.
 */
import { type CoreHandlers, coreHandlers } from '../../src/chat/commands.table.js';
import type { FeatureCommand } from '../../src/domain/chat-feature.js';
import { featureHandlers } from '../../src/features.js';
import type { FeatureHandlers } from '../../src/messaging/command.handler.js';

const { help, ...withoutHelp } = coreHandlers;

// @ts-expect-error A command type without a handler (here `help`) does not compile.
export const missingOne: CoreHandlers = withoutHelp;
export const whole: CoreHandlers = { ...withoutHelp, help };

// The same for a feature's command (its entries come from its feature object in src/features.ts).
const { rate_member, ...withoutRateMember } = featureHandlers;

// @ts-expect-error A feature's command type without a handler (here `rate_member`) does not compile.
export const missingFeatureOne: FeatureHandlers<FeatureCommand['type']> = withoutRateMember;
export const wholeAgain: FeatureHandlers<FeatureCommand['type']> = { ...withoutRateMember, rate_member };
