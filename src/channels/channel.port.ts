/**
 * The one port between the core and every chat platform. Adapters map platform updates to
 * InboundMessage and render OutboundMessage to platform calls; the core never imports an SDK.
 */
import type { Place } from '../domain/place.js';
/** `wecom-robot` only sends: a WeCom group robot posting into a village group chat (bots/wecom). */
export const platforms = ['telegram', 'wechat', 'web', 'wechat-mp', 'wecom', 'wecom-robot'] as const;
export type Platform = (typeof platforms)[number];

/**
 * Longest text one platform message may carry; longer texts are split into several outbox rows.
 * The Official Account's customer-service text and WeCom's text message both stop at 2,048 bytes of
 * UTF-8 — about 680 Chinese characters — so 600 leaves room for the buttons' typed forms.
 */
export const platformTextLimits: Record<Platform, number> = {
  telegram: 4096,
  wechat: 1800,
  web: 8000,
  'wechat-mp': 600,
  wecom: 600,
  // A robot's text message also stops at 2,048 bytes.
  'wecom-robot': 600,
};

/**
 * A photo, voice note or file that came with a message. The adapter only names it (the platform's own
 * id, what it says of type, size and length); the core fetches the bytes through the adapter's
 * `fetchMedia` and stores them.
 */
export interface InboundAttachment {
  kind: 'photo' | 'voice' | 'file';
  /** The platform's id for the file (Telegram file_id, WeChat MediaId, a web upload's key). */
  platformId: string;
  mime: string | null;
  size: number | null;
  /** Voice: seconds. */
  durationSec: number | null;
  /** Voice: the platform's own speech recognition (WeChat's `Recognition`), when it gave one. */
  recognition: string | null;
  fileName: string | null;
}

export interface InboundMessage {
  platform: Platform;
  /** Unique per platform; a redelivery carries the same id and is processed once. */
  messageId: string;
  userId: string;
  /** Where replies go (a private chat, or a group chat). */
  chatId: string;
  chatType: 'private' | 'group';
  displayName: string | null;
  language: string | null;
  text: string | null;
  /** A button press: the callback data of the button. */
  action: string | null;
  /** Set when the platform sent something we cannot read (a sticker, a location). */
  unsupported: string | null;
  /** Photos, voice notes, files that came with the message (a caption is its `text`). */
  attachments?: InboundAttachment[];
  /** A point shared from the map (a location message): where the matter is. */
  location?: Place | null;
  /**
   * Where the message came from beyond the account: the web client's IP address, so that wrong binding
   * codes are counted per address and a new cookie does not reset the count. Null where the platform
   * vouches for the account (Telegram, WeChat).
   */
  source: string | null;
  receivedAt: string;
}

export interface OutButton {
  label: string;
  data: string;
}

export interface OutboundMessage {
  text: string;
  buttons?: OutButton[][];
  /** In a group chat: the person the reply is addressed to (WeChat @mention). */
  mention?: { userId: string; name: string | null };
  /** Photos and voice notes sent with the text (a task card's), shown before it. */
  attachments?: OutAttachment[];
  /**
   * What a status message is about, so a platform that cannot carry the text itself (the Official
   * Account past its 48-hour window) can still say it in a template message with a link to the whole.
   */
  notice?: RequestNotice;
}

/** The message kinds WECHAT_MP_TEMPLATES may name a template for. */
export const noticeKinds = ['status', 'receipt', 'resolved', 'mediation', 'vote'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** A request's news in a few words: the fields of a template message. */
export interface RequestNotice {
  kind: NoticeKind;
  /** The request it is about (a mediation case's dispute too); null for news of no request (a village vote). */
  ref: number | null;
  /** How the matter is named instead of `#ref` (a vote: `D3`). */
  label?: string;
  /** What happened (a request event's type: accepted, note, resolved…). */
  event: string;
  /** The request's kind (repair, dispute…). */
  requestKind: string | null;
  summary: string | null;
  /** When it happened (ISO), and the village's time zone to show it in. */
  at: string;
  timeZone: string;
}

/**
 * A stored attachment to send: outbox payloads are JSON, so it names the stored bytes by their media key
 * (the sender reads them through SendMeta.media) and says where they came from, so a sender on the same
 * platform can resend by the platform's own id instead of uploading.
 */
export interface OutAttachment {
  /** The attachment's id (as `GET /api/v1/requests/:ref` lists it). */
  id: number;
  kind: 'photo' | 'voice' | 'file';
  mediaKey: string;
  mime: string;
  platform: Platform;
  platformId: string;
  durationSec: number | null;
  fileName: string | null;
}

/** Reads stored attachment bytes by media key; null when they are gone. */
export interface MediaReader {
  get(key: string): Promise<{ bytes: Buffer; mime: string } | null>;
}

/** Thrown by senders; the outbox decides from it whether and when to try again. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    /**
     * The platform takes no message for this person until they write again (the Official Account's
     * 48-hour window closed, 45015; or its per-message quota used up, 45047): the outbox holds the row,
     * neither retried nor failed, and releases it when the person's next message arrives. Only senders
     * with a `replyWindowMs` hold messages: the core looks for held rows on their platforms only.
     */
    readonly holdUntilInbound = false,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

/**
 * How fast a platform may be written to. The outbox enforces it, so no handler ever sleeps:
 * WeChat bans accounts that send like machines, Telegram answers 429 past its limits.
 */
export interface Pacing {
  /** Least gap between two messages to one recipient. */
  perRecipientMs: number;
  /** A random extra gap up to this many ms, so a stream of messages is not machine-regular. */
  jitterMs: number;
  /** Most messages per second over the whole channel, from this instance. */
  perSecond: number;
}

/** What the outbox tells a sender about the message besides its content. */
export interface SendMeta {
  /** The outbox row being sent: a recipient's rows go out in this order (the web chat numbers its messages by it). */
  outboxId: number;
  /** Where the bytes of the message's attachments are read (absent when the service keeps no media). */
  media?: MediaReader;
}

export interface ChannelSender {
  platform: Platform;
  pacing?: Pacing;
  /** False while the platform cannot take messages at all (WeChat logged out): the outbox waits without spending tries. */
  available?(): boolean;
  /**
   * The platform only lets the bot write to a person this long after the person last wrote (the Official
   * Account's 48 hours): past it the outbox holds the message without calling the platform, and a
   * message from the person releases what was held.
   */
  replyWindowMs?: number;
  /**
   * How many messages the platform still takes from the person's last messages (the Official Account's
   * 5 within 48 hours of a message, 3 within a minute of a menu click, follow or scan): `sentSince(at)`
   * counts the messages sent the ordinary way since `at`. Absent: no count, only the window.
   */
  replyAllowance?(last: LastInbound, now: Date, sentSince: (at: Date) => Promise<number>): Promise<boolean>;
  /**
   * Sends past the window (or past the allowance) another way — the Official Account's template
   * message — when the message allows it; null when it cannot, and the row is held as before.
   */
  sendOutsideWindow?(address: string, message: OutboundMessage, meta: SendMeta): Promise<OutsideSend | null>;
  send(address: string, message: OutboundMessage, meta: SendMeta): Promise<void>;
}

/** When the person last wrote (a message) and last tapped (a menu click, a follow, a scan). */
export interface LastInbound {
  message: Date | null;
  event: Date | null;
}

/** How a message went out past the window, and the platform's id of it (a template's msgid) for its delivery report. */
export interface OutsideSend {
  via: 'template' | 'subscribe';
  platformMsgId: string | null;
}

export function splitText(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    // Prefer a line break, then a sentence end, so a split never cuts a word of the resident's text.
    const window = rest.slice(0, limit);
    let cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf('。'), window.lastIndexOf('. '));
    if (cut < limit / 2) cut = limit - 1;
    parts.push(rest.slice(0, cut + 1).trimEnd());
    rest = rest.slice(cut + 1).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}
