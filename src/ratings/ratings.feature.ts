/** 群众评党员 · 党员积分 · 星级评比: everything the ratings feature adds, registered by the core from src/features.ts. */
import type { Feature } from '../feature.js';
import { memberRatingChat } from './ratings.chat.js';
import { memberRatingFeature as memberRatingCommands } from './ratings.commands.js';
import { memberRatingRoutes } from './ratings.desk.routes.js';
import { memberRatingErrors } from './ratings.errors.js';
import { memberRatingTexts } from './ratings.texts.js';

export const memberRatingFeature = {
  name: 'memberRatings',
  commands: memberRatingCommands,
  chat: memberRatingChat,
  texts: { memberRatings: memberRatingTexts },
  desk: [memberRatingRoutes],
  errors: memberRatingErrors,
} satisfies Feature;
