/** 关爱走访 (未诉先办): everything the care feature adds, registered by the core from src/features.ts. */
import type { Feature } from '../feature.js';
import { careChat } from './care.chat.js';
import { careFeature as careCommands } from './care.commands.js';
import { careFileRoutes, careRoutes } from './care.desk.routes.js';
import { sweepCareVisits } from './care.sweep.js';
import { careTexts } from './care.texts.js';

export const careFeature = {
  name: 'care',
  commands: careCommands,
  chat: careChat,
  texts: { care: careTexts },
  /** Care visits due (the leader's task) and overdue (the secretary's). */
  sweeps: { careVisits: sweepCareVisits },
  desk: [careRoutes, careFileRoutes],
} satisfies Feature;
