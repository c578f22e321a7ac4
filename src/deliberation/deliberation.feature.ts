/**
 * 四议两公开: the village votes' commands, handlers, texts, ballot closing and admin API, registered by the core from
 * src/features.ts. Its commands' parser stays in src/domain for now and its desk pages in src/desk.
 */
import { deliberationFeature as deliberationCommands } from '../domain/deliberation.commands.js';
import type { Feature } from '../feature.js';
import { sweepBallots } from './ballots.sweep.js';
import { deliberationHandlers } from './deliberation.chat.js';
import { deliberationCommentsTexts } from './deliberation-comments.texts.js';
import { deliberationRoutes } from './deliberation.routes.js';
import { deliberationTexts } from './deliberation.texts.js';

export const deliberationFeature = {
  name: 'deliberation',
  // The notices' commands (公告, 已读) are read by the same parser; their handlers are src/notices'.
  commands: deliberationCommands,
  chat: { handlers: deliberationHandlers },
  texts: { deliberation: deliberationTexts, deliberationComments: deliberationCommentsTexts },
  /** Deliberation ballots closed and counted at their closing time. */
  sweeps: { ballots: sweepBallots },
  routes: [deliberationRoutes],
} satisfies Feature;
