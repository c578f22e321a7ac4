/**
 * 人民调解: the mediation cases' commands, handlers, texts, reminders and admin API, registered by the core from
 * src/features.ts. Its commands' parser stays in src/domain (src/messaging reads it) and its desk pages in src/desk.
 */
import { mediationFeature as mediationCommands } from '../domain/mediation.commands.js';
import type { Feature } from '../feature.js';
import { mediationChat } from './mediation.dispatch.js';
import { mediationRoutes } from './mediation.routes.js';
import { mediationTexts } from './mediation.texts.js';
import { sweepMediation } from './reminders.sweep.js';

export const mediationFeature = {
  name: 'mediation',
  commands: mediationCommands,
  chat: mediationChat,
  texts: { mediation: mediationTexts },
  /** Mediation reminders: a case open 30 days, the judicial-confirmation window, the return visit. */
  sweeps: { mediation: (db, now) => sweepMediation(db, now) },
  routes: [mediationRoutes],
} satisfies Feature;
