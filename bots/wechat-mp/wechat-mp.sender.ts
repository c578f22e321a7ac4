/**
 * Outbound → the customer-service API (`cgi-bin/message/custom/send`). WeChat lets an Official Account
 * write to a person only within 48 hours of their last message, and only a few messages per message of
 * theirs: those refusals hold the row until the person writes again, instead of being retried blindly.
 */
import {
  type ChannelSender,
  type LastInbound,
  type OutboundMessage,
  type Pacing,
  SendError,
} from '../../src/channels/channel.port.js';
import { textWithChoices } from '../wechat-common/wx-buttons.js';
import { type MpApi, WechatApiError } from './wechat-mp.api.js';
import { type MpTemplate, type MpTemplates, sendSubscribe, sendTemplate } from './wechat-mp.templates.js';
import type { SubscriptionStore } from '../../src/channels/adapter.js';
import type { Clock } from '../../src/domain/clock.js';

/** 48 hours: the customer-service window after a person's last message, event or menu click. */
export const MP_REPLY_WINDOW_MS = 48 * 3600_000;
/** Since 2023-06-12: 5 customer-service messages per message of the person's, within the 48 hours. */
export const MP_MESSAGES_PER_MESSAGE = 5;
/** A menu click, a follow or a QR scan allows 3 messages within a minute. */
export const MP_MESSAGES_PER_TAP = 3;
export const MP_TAP_WINDOW_MS = 60_000;

export interface MpSendOptions {
  pacing?: Pacing;
  /** WECHAT_MP_TEMPLATES: past the window, status news goes as a template message. */
  templates?: MpTemplates;
  /** WECHAT_MP_SUBSCRIBE: where no template message goes, a one-time subscription the person accepted (one per acceptance). */
  subscribe?: MpTemplate;
  subscriptions?: () => SubscriptionStore | undefined;
  clock?: Clock;
  /** Where a template message's link opens the request: LINLI_PUBLIC_URL's web chat through WeChat's web authorization. */
  requestUrl?: (ref: number | null) => string | null;
}

/** Refusals that last until the person writes: 45015 (window closed), 45047 (too many messages since their last). */
const HOLD: ReadonlySet<number> = new Set([45015, 45047]);
/** Refusals that will never succeed for this address: invalid openid (40003), unfollowed (43004), blocked (43019), empty or too long content (44002, 45002). */
const NEVER: ReadonlySet<number> = new Set([40003, 43004, 43019, 44002, 45002]);
/** The API's daily quota (45009) or a busy system (-1): wait a while. */
const LATER: Record<number, number> = { 45009: 15 * 60_000, [-1]: 5_000 };

/** WeChat's guidance for customer-service messages is moderate: keep within a few per second over the account. */
export const MP_PACING: Pacing = { perRecipientMs: 300, jitterMs: 200, perSecond: 20 };

export function createMpSender(api: MpApi, opts: MpSendOptions = {}): ChannelSender {
  const templates = opts.templates ?? {};
  return {
    platform: 'wechat-mp',
    pacing: opts.pacing ?? MP_PACING,
    replyWindowMs: MP_REPLY_WINDOW_MS,
    async replyAllowance(last: LastInbound, now: Date, sentSince: (at: Date) => Promise<number>): Promise<boolean> {
      const t = now.getTime();
      if (
        last.message &&
        t - last.message.getTime() <= MP_REPLY_WINDOW_MS &&
        (await sentSince(last.message)) < MP_MESSAGES_PER_MESSAGE
      )
        return true;
      return (
        last.event !== null &&
        t - last.event.getTime() <= MP_TAP_WINDOW_MS &&
        (await sentSince(last.event)) < MP_MESSAGES_PER_TAP
      );
    },
    async sendOutsideWindow(address: string, message: OutboundMessage) {
      if (!message.notice) return null;
      const url = opts.requestUrl?.(message.notice.ref) ?? null;
      const sent = await sendTemplate(api, templates, address, message.notice, url);
      if (sent) return sent;
      // No template (or WeChat refused it): a one-time subscription the person accepted, spent on this message.
      const store = opts.subscriptions?.();
      if (
        !opts.subscribe ||
        !store ||
        !opts.clock ||
        !(await store.take('wechat-mp', address, opts.subscribe.id, opts.clock.now()))
      )
        return null;
      return sendSubscribe(api, opts.subscribe, address, message.notice, url);
    },
    async send(address: string, message: OutboundMessage): Promise<void> {
      try {
        await api.post('/cgi-bin/message/custom/send', {
          touser: address,
          msgtype: 'text',
          text: { content: textWithChoices(message) },
        });
      } catch (err) {
        if (!(err instanceof WechatApiError))
          throw new SendError(`wechat-mp: ${(err as Error)?.message ?? String(err)}`, true);
        if (HOLD.has(err.errcode)) throw new SendError(err.message, false, null, true);
        if (NEVER.has(err.errcode)) throw new SendError(err.message, false);
        throw new SendError(err.message, true, LATER[err.errcode] ?? null);
      }
    },
  };
}
