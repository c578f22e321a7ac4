import type { FastifyInstance } from 'fastify';
import type { ChannelSender, InboundMessage, Platform } from './channel.port.js';

/** Stores a message durably and schedules its handling; false for a redelivered duplicate. */
export type Ingest = (msg: InboundMessage) => Promise<boolean>;

export type ChannelState = 'starting' | 'running' | 'error' | 'stopped';

/** What app.ts needs of a platform: a sender for the outbox, optional routes, and a lifecycle. */
export interface ChannelAdapter {
  platform: Platform;
  sender: ChannelSender;
  routes?(app: FastifyInstance, ingest: Ingest): void;
  start(ingest: Ingest): Promise<void>;
  stop(): Promise<void>;
  state(): ChannelState;
}
