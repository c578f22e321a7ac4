import type { FastifyInstance } from 'fastify';
import type { ChannelSender, InboundMessage, Platform } from './channel.port.js';

/** Stores a message durably and schedules its handling; false for a redelivered duplicate. */
export type Ingest = (msg: InboundMessage) => Promise<boolean>;

/** WeChat adds logged_in / logged_out: the account can be signed out from the phone while the service runs. */
export type ChannelState = 'starting' | 'running' | 'logged_in' | 'logged_out' | 'error' | 'stopped';

/** What app.ts needs of a platform: a sender for the outbox, optional routes, and a lifecycle. */
export interface ChannelAdapter {
  platform: Platform;
  sender: ChannelSender;
  routes?(app: FastifyInstance, ingest: Ingest): void;
  /** Routes behind the admin token (WeChat's login QR code). */
  adminRoutes?(admin: FastifyInstance): void;
  start(ingest: Ingest): Promise<void>;
  stop(): Promise<void>;
  state(): ChannelState;
}
