/** 村务公开: the notices' chat handlers (their commands are parsed with the deliberation's) and admin API, from src/features.ts. */
import type { Feature } from '../feature.js';
import { noticeHandlers } from './notices.chat.js';
import { noticeRoutes } from './notices.routes.js';

export const noticesFeature = {
  name: 'notices',
  chat: { handlers: noticeHandlers },
  routes: [noticeRoutes],
} satisfies Feature;
