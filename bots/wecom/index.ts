import type { ChannelAdapter, ChannelContext, ChannelState, FetchedMedia } from '../../src/channels/adapter.js';
import type { InboundAttachment, Pacing } from '../../src/channels/channel.port.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Log } from '../../src/log.js';
import { createWxCrypto } from '../wechat-common/wx-crypto.js';
import { createWecomApi } from './wecom.api.js';
import { wecomCallbackRoutes } from './wecom.callback.js';
import { createWecomSender, SETUP_WAIT_MS } from './wecom.sender.js';

export { createWecomRobotChannel, ROBOT_PER_MINUTE } from './wecom-robot.js';
export { WECOM_CALLBACK_PATH } from './wecom.callback.js';

export interface WecomOptions {
  corpId: string;
  agentId: number;
  secret: string;
  /** The callback's Token (接收消息 → Token). */
  token: string;
  /** The callback's 43-character EncodingAESKey. */
  aesKey: string;
  apiRoot: string;
  /** How fast the outbox writes to one member and to the app (WECOM_PACING unless a test needs it quicker). */
  pacing?: Pacing;
  clock: Clock;
  log: Log;
}

/**
 * The WeCom (企业微信) self-built app: village cadres write to it and get their task cards from it. Messages
 * come in through the encrypted callback; everything goes out through `message/send` with the app's token.
 */
export function createWecomChannel(opts: WecomOptions): ChannelAdapter {
  let ctx: ChannelContext | null = null;
  let state: ChannelState = 'stopped';
  const setState = (next: ChannelState) => {
    if (next === state) return;
    state = next;
    ctx?.stateChanged('wecom', next);
  };
  const api = createWecomApi({
    apiRoot: opts.apiRoot,
    corpId: opts.corpId,
    secret: opts.secret,
    agentId: opts.agentId,
    tokens: () => ctx?.tokens ?? null,
  });
  const crypto = createWxCrypto({ token: opts.token, encodingAesKey: opts.aesKey, receiverId: opts.corpId });
  // A wrong secret or an untrusted server IP makes every call fail alike: the channel says so until one works.
  const sender = createWecomSender(api, {
    agentId: opts.agentId,
    clock: opts.clock,
    ...(opts.pacing ? { pacing: opts.pacing } : {}),
    onOutcome(ok, err) {
      if (ok) setState('running');
      else if (err?.retryAfterMs === SETUP_WAIT_MS) setState('error');
    },
  });
  return {
    platform: 'wecom',
    tokenKey: api.tokenKey,
    sender,
    state: () => state,
    routes(context) {
      ctx = context;
      return {
        http: wecomCallbackRoutes(context.ingest, {
          crypto,
          agentId: opts.agentId,
          log: opts.log,
          clock: opts.clock,
          nonces: () => context.nonces,
        }),
      };
    },
    async fetchMedia(attachment: InboundAttachment): Promise<FetchedMedia> {
      return api.media(attachment.platformId);
    },
    async start(context) {
      ctx = context;
      setState('running');
    },
    async stop() {
      setState('stopped');
    },
  };
}
