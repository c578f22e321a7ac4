import type { ChannelAdapter, ChannelContext, ChannelState, Ingest } from '../../src/channels/adapter.js';
import type { Pacing } from '../../src/channels/channel.port.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Log } from '../../src/log.js';
import { languageOf, textsFor } from '../../src/texts/index.js';
import { createWxCrypto } from '../wechat-common/wx-crypto.js';
import { createMpApi, type MpApi } from './wechat-mp.api.js';
import { mpCallbackRoutes, type MpMode } from './wechat-mp.callback.js';
import { ensureMenu, linliMenu } from './wechat-mp.menu.js';
import { createBindingQr } from './wechat-mp.qr.js';
import { createMpSender } from './wechat-mp.sender.js';
import type { MpTemplate, MpTemplates } from './wechat-mp.templates.js';

/**
 * The 48-hour customer-service window: past it WeChat takes no message for a person (45015), so the outbox holds
 * what it could not send (the sender's `replyWindowMs`). When the person writes privately again it goes out, the
 * first with 您有 N 条新消息 — released before their message is stored, so it always comes before the answer to it
 * (a redelivered push finds nothing held any more).
 */
function releasingHeld(c: ChannelContext): Ingest {
  return async (msg) => {
    if (msg.chatType === 'private' && c.held) {
      await c.held.release(
        { platform: msg.platform, address: msg.chatId },
        textsFor(languageOf(msg.language)).wechatMp.heldNotice,
      );
    }
    return c.ingest(msg);
  };
}

/** The web chat opened inside WeChat through web authorization (snsapi_base): the menu's and the template messages' link. */
export const MP_WEB_CHAT_PATH = '/chat/wechat';

export interface WechatMpOptions {
  appId: string;
  appSecret: string;
  /** The Token typed in the server configuration (服务器配置). */
  token: string;
  /** The EncodingAESKey: set for safe mode (and compatible mode). */
  aesKey?: string;
  /** Which bodies are taken (WECHAT_MP_MODE): safe when a key is given, plain otherwise. */
  mode?: MpMode;
  apiRoot: string;
  clock: Clock;
  log: Log;
  pacing?: Pacing;
  /** Create the custom menu at startup (on unless told otherwise). */
  menu?: boolean;
  /** WECHAT_MP_TEMPLATES: status news past the 48-hour window goes as template messages. */
  templates?: MpTemplates;
  /** WECHAT_MP_SUBSCRIBE: the 订阅通知 template a resident accepts on the web page, used where no template message goes. */
  subscribe?: MpTemplate;
  /** LINLI_PUBLIC_URL: the service's address as people's phones reach it (template links, web authorization). */
  publicUrl?: string | (() => string);
  /** Where phones go for web authorization (open.weixin.qq.com; the fake in tests). */
  oauthRoot?: string;
  /** The web chat answers at LINLI_PUBLIC_URL/chat/wechat: the menu's 我的诉求 gets 在网页里说 pointing there. */
  webChat?: boolean;
  /** How long a push may wait for the database before it is answered anyway (WeChat waits 5 s). */
  answerWithinMs?: number;
}

/**
 * The Official Account (公众号) channel: WeChat's own push of each message to our URL, replies through
 * the customer-service API. The sanctioned way to reach residents on WeChat, where the wechaty channel
 * drives a personal account.
 */
export function createWechatMpChannel(
  opts: WechatMpOptions,
): ChannelAdapter & { api: MpApi; createMenu: NonNullable<ChannelAdapter['createMenu']> } {
  const publicUrl = () =>
    (typeof opts.publicUrl === 'function' ? opts.publicUrl() : (opts.publicUrl ?? '')).replace(/\/+$/, '');
  const webChatUrl = () => (opts.webChat && publicUrl() ? `${publicUrl()}${MP_WEB_CHAT_PATH}` : null);
  const mode: MpMode = opts.mode ?? (opts.aesKey ? 'safe' : 'plain');
  if (mode !== 'plain' && !opts.aesKey) throw new Error(`wechat-mp: ${mode} mode needs the EncodingAESKey`);
  // In plaintext mode the key is not used, so an encrypted push is refused rather than read.
  const key = mode !== 'plain' && opts.aesKey ? { encodingAesKey: opts.aesKey } : {};
  const crypto = createWxCrypto({ token: opts.token, receiverId: opts.appId, ...key });
  let ctx: ChannelContext | null = null;
  let state: ChannelState = 'stopped';
  const context = () => {
    if (!ctx) throw new Error('wechat-mp: used before the app gave it its context');
    return ctx;
  };
  const api = createMpApi({
    appId: opts.appId,
    appSecret: opts.appSecret,
    apiRoot: opts.apiRoot,
    tokens: () => context().tokens,
  });
  const setState = (next: ChannelState) => {
    if (next === state) return;
    state = next;
    ctx?.stateChanged('wechat-mp', next);
  };

  return {
    platform: 'wechat-mp',
    api,
    tokenKey: api.tokenKey,
    sender: createMpSender(api, {
      ...(opts.pacing ? { pacing: opts.pacing } : {}),
      ...(opts.templates ? { templates: opts.templates } : {}),
      ...(opts.subscribe
        ? { subscribe: opts.subscribe, subscriptions: () => ctx?.subscriptions, clock: opts.clock }
        : {}),
      requestUrl: (ref) =>
        publicUrl() ? `${publicUrl()}${MP_WEB_CHAT_PATH}${ref === null ? '' : `?ref=${ref}`}` : null,
    }),
    state: () => state,
    routes(c) {
      ctx = c;
      return {
        http: mpCallbackRoutes({
          crypto,
          mode,
          ingest: () => releasingHeld(c),
          delivered: () => c.delivered,
          subscriptions: () => c.subscriptions,
          nonces: () => c.nonces,
          clock: opts.clock,
          log: opts.log,
          ...(opts.answerWithinMs !== undefined ? { answerWithinMs: opts.answerWithinMs } : {}),
        }),
      };
    },
    async fetchMedia(attachment) {
      const got = await api.getBytes('/cgi-bin/media/get', { media_id: attachment.platformId });
      return { bytes: got.bytes, mime: got.mime, fileName: got.fileName };
    },
    bindingQr: (token, ttlSec) => createBindingQr(api, opts.clock, token, ttlSec),
    async createMenu() {
      const url = webChatUrl();
      return { outcome: await ensureMenu(api, opts.log, url, true), menu: linliMenu(url) };
    },
    async start(c) {
      ctx = c;
      setState('starting');
      if (opts.menu !== false) {
        try {
          const outcome = await ensureMenu(api, opts.log, webChatUrl());
          opts.log.info({ platform: 'wechat-mp', menu: outcome }, 'official account menu checked');
        } catch (err) {
          // A wrong AppSecret shows here first; the callback still works, replies will fail loudly in the outbox.
          opts.log.error(
            { platform: 'wechat-mp', err: (err as Error).message },
            'official account menu could not be set',
          );
          setState('error');
          return;
        }
      }
      setState('running');
    },
    async stop() {
      setState('stopped');
    },
  };
}
