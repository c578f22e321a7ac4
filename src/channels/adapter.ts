import type { ChannelSender, InboundAttachment, InboundMessage, Platform } from './channel.port.js';
import type { ChannelDirectory } from './directory.js';
import type { ChannelRoutes } from './http.js';
import type { GroupRobotKeys } from './robots.js';
import type { PlatformTokenStore } from './tokens.js';
import type { PushNonceStore } from './push-nonces.js';
import type { MediaStore } from '../domain/media.js';

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
  /** Nonces of signed pushes within the freshness window, shared by every instance through the database. */
  nonces: PushNonceStore;
  /** Where attachment bytes are kept: the web chat stores its uploads here before the message names them. */
  media?: MediaStore;
  /** Keeps a web chat upload in the media store within the upload budgets (absent: the store as it is). */
  uploads?: UploadKeeper;
  /** The webhook keys of WeCom group robots, read when a robot sends (absent: no robot can send). */
  robots?: GroupRobotKeys;
  /** A platform's report of what became of a message sent past its window (WeChat's TEMPLATESENDJOBFINISH). */
  delivered?: DeliveryReport;
  /** Gives an account the binding of another account of the same person the platform vouched for (WeChat's web authorization). */
  adopt?: AdoptIdentity;
  /** Messages to the same adapter in every instance on this database (the web chat's live push; PostgreSQL LISTEN/NOTIFY). */
  fanout?: Fanout;
  /** One-time subscriptions (WeChat's 订阅通知) people accepted, each good for one message past the window. */
  subscriptions?: SubscriptionStore;
  /** What the outbox held for a person whose platform took no message past its reply window (a sender's `replyWindowMs`). */
  held?: HeldMessages;
}

/**
 * Messages the outbox holds for a person until they write again (SendError's `holdUntilInbound`). The adapter
 * whose platform has the window decides when they go: WeChat's Official Account on the person's next private message.
 */
export interface HeldMessages {
  /** Sends what was held for `to` now, the first prefixed with `notice(n)`; how many there were. */
  release(to: { platform: Platform; address: string }, notice: (n: number) => string): Promise<number>;
}

/** The one-time subscriptions a person accepted, by the platform's template id. */
export interface SubscriptionStore {
  /** The person accepted these templates once each (WeChat's subscribe_msg_popup_event). */
  accepted(platform: Platform, userId: string, templateIds: string[], at: Date): Promise<void>;
  /** Spends one acceptance of `templateId`; false when none is left. */
  take(platform: Platform, userId: string, templateId: string, at: Date): Promise<boolean>;
  /** How many acceptances the person has left. */
  open(platform: Platform, userId: string): Promise<number>;
}

/** Records the platform's delivery report of a message it sent another way, by the platform's id of it. */
export type DeliveryReport = (platform: Platform, platformMsgId: string, status: string) => Promise<void>;

/** True when `to` now has the binding of `from`; false when `from` is bound to nobody. */
export type AdoptIdentity = (
  from: { platform: Platform; userId: string },
  to: { platform: Platform; userId: string },
) => Promise<boolean>;

/** Why an upload was not kept: the uploader's or the whole deployment's budget is used up for now. */
export type UploadRefusal = 'identity' | 'deployment';

/** Where the web chat keeps a photo before a message names it; the core counts what each identity keeps. */
export interface UploadKeeper {
  keep(
    owner: string,
    bytes: Buffer,
    mime: string,
  ): Promise<{ ok: true; key: string } | { ok: false; over: UploadRefusal }>;
}

/**
 * A broadcast to every instance of the service (this one included) on one database. Payloads are short
 * strings (at most FANOUT_MAX_BYTES); a topic is a plain lower-case name.
 */
export interface Fanout {
  publish(topic: string, payload: string): Promise<void>;
  subscribe(topic: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
}

/** PostgreSQL's NOTIFY payload limit (8,000 bytes) with room to spare. */
export const FANOUT_MAX_BYTES = 7_800;

/** The bytes of an attachment, as the platform served them. */
export interface FetchedMedia {
  bytes: Buffer;
  mime: string;
  fileName: string | null;
}

/** A card's binding QR code (the Official Account's parametric QR): scanning it follows the account and binds. */
export interface BindingQr {
  /** What the QR code encodes (print it with any QR library). */
  url: string;
  /** The platform's own image of it. */
  imageUrl: string;
  expiresAt: Date | null;
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
  /** The key its API token is kept under in the token store (GET /api/v1/channels shows the token's age). */
  tokenKey?: string;
  /** A QR code whose scan hands the platform `token` (a one-use binding token); `ttlSec` null for a permanent one. */
  bindingQr?(token: string, ttlSec: number | null): Promise<BindingQr>;
  /** Writes the Official Account's custom menu now (an operator's request): how it went and the menu written. */
  createMenu?(): Promise<{ outcome: 'created' | 'unchanged' | 'not_allowed'; menu: unknown }>;
  start(ctx: ChannelContext): Promise<void>;
  stop(): Promise<void>;
  state(): ChannelState;
}
