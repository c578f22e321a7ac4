/**
 * Checked by `npm run typecheck` (and so by `npm run lint`), never run: the command handler table must name a
 * handler for every command type. If the table stopped being exhaustive, the `@ts-expect-error` below would
 * be an unused directive and the build would fail.
 */
import { commandHandlers } from '../../src/chat/commands.table.js';
import type { CommandHandlers } from '../../src/messaging/command.handler.js';

const { help, ...withoutHelp } = commandHandlers;

// @ts-expect-error A command type without a handler (here `help`) does not compile.
export const missingOne: CommandHandlers = withoutHelp;
export const whole: CommandHandlers = { ...withoutHelp, help };

// The same for a feature's command (its entries come from src/chat/features.ts).
const { rate_member, ...withoutRateMember } = commandHandlers;

// @ts-expect-error A feature's command type without a handler (here `rate_member`) does not compile.
export const missingFeatureOne: CommandHandlers = withoutRateMember;
export const wholeAgain: CommandHandlers = { ...withoutRateMember, rate_member };
