/**
 * 四议两公开: the village votes' commands, handlers and ballot closing, registered by the core from src/features.ts.
 * Its texts, admin API and desk pages are still wired by hand (src/texts/deliberation.ts, src/app.ts, src/desk).
 */
import { deliberationFeature as deliberationCommands } from '../domain/deliberation.commands.js';
import type { Feature } from '../feature.js';
import { sweepBallots } from './ballots.sweep.js';
import { deliberationHandlers } from './deliberation.chat.js';

export const deliberationFeature = {
  name: 'deliberation',
  // The notices' commands (公告, 已读) are read by the same parser; their handlers are src/notices'.
  commands: deliberationCommands,
  chat: { handlers: deliberationHandlers },
  /** Deliberation ballots closed and counted at their closing time. */
  sweeps: { ballots: sweepBallots },
} satisfies Feature;
