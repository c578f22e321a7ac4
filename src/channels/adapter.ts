import type { ChannelSender, InboundAttachment, InboundMessage, Platform } from './channel.port.js';
import type { ChannelDirectory } from './directory.js';
import type { ChannelRoutes } from './http.js';
import type { PlatformTokenStore } from './tokens.js';

/** Stores a message durably and schedules its handling; false for a redelivered duplicate. */
export type Ingest = (msg: InboundMessage) => Promise<boolean>;

/** WeChat adds logged_in / logged_out: the account can be signed out from the phone while the service runs. */
export type ChannelState = 'starting' | 'running' | 'logged_in' | 'logged_out' | 'error' | 'stopped';

/** What the core gives every adapter; an adapter reaches the rest of the service only through it. */
export interface ChannelContext {
  ingest: Ingest;
  directory: ChannelDirectory;
  /**
   * The adapter reports each change of its state here (an account logged out, back in); the core decides
   * what it means and whom to tell (src/chat/channel.events.ts).
   */
  stateChanged(platform: Platform, state: ChannelState): void;
  /** Platform API tokens shared by every instance through the database. */
  tokens: PlatformTokenStore;
}

/** The bytes of an attachment, as the platform served them. */
export interface FetchedMedia {
  bytes: Buffer;
  mime: string;
  fileName: string | null;
}

/** What app.ts needs of a platform: a sender for the outbox, optional routes, and a lifecycle. */
export interface ChannelAdapter {
  platform: Platform;
  sender: ChannelSender;
  /**
   * Called once while the app is built, before start and before anything is sent: the routes to mount
   * (admin ones behind the admin token). The context is the same one start gets.
   */
  routes?(ctx: ChannelContext): ChannelRoutes;
  /** Downloads an attachment the adapter named in an inbound message (Telegram getFile, WeChat media/get). */
  fetchMedia?(attachment: InboundAttachment): Promise<FetchedMedia>;
  start(ctx: ChannelContext): Promise<void>;
  stop(): Promise<void>;
  state(): ChannelState;
}
