/**
 * 人民调解: the mediation cases' commands, handlers and reminders, registered by the core from src/features.ts.
 * Its texts, admin API and desk pages are still wired by hand (src/texts/mediation.ts, src/app.ts, src/desk).
 */
import { mediationFeature as mediationCommands } from '../domain/mediation.commands.js';
import type { Feature } from '../feature.js';
import { mediationChat } from './mediation.dispatch.js';
import { sweepMediation } from './reminders.sweep.js';

export const mediationFeature = {
  name: 'mediation',
  commands: mediationCommands,
  chat: mediationChat,
  /** Mediation reminders: a case open 30 days, the judicial-confirmation window, the return visit. */
  sweeps: { mediation: (db, now) => sweepMediation(db, now) },
} satisfies Feature;
