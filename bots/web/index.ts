import type { ChannelAdapter, ChannelContext, ChannelState } from '../../src/channels/adapter.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Log } from '../../src/log.js';
import { webRoutes } from './web.routes.js';
import { createWebSender, webFanout } from './web.sender.js';
import { SocketHub } from './web.sockets.js';
import type { WechatWebAuth } from './web.wechat.js';

export { WEB_CHAT_PATH } from './web.routes.js';

export interface WebOptions {
  clock: Clock;
  log: Log;
  /** Signs the session cookie that ties a browser to its web identities. */
  sessionSecret: string;
  /** The Official Account's web authorization (snsapi_base), when the account and LINLI_PUBLIC_URL are configured. */
  wechat?: WechatWebAuth;
}

/** The web chat channel: nothing to install for the person, and the embedded default for trying Linli. */
export function createWebChannel(opts: WebOptions): ChannelAdapter {
  const hub = new SocketHub();
  let state: ChannelState = 'stopped';
  // Given by the app while it mounts the routes, before any page can open or anything is sent.
  let ctx: ChannelContext | null = null;
  const whoIs = async (userId: string) => (ctx ? ctx.directory.whoIs('web', userId) : null);
  let others: ReturnType<typeof webFanout> | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  const setState = (next: ChannelState) => {
    if (next === state) return;
    state = next;
    ctx?.stateChanged('web', next);
  };
  return {
    platform: 'web',
    // Only a page that is open asks who it is, and a page opens through the routes, which have the context.
    sender: createWebSender(hub, opts.clock, whoIs, opts.sessionSecret, () => others),
    state: () => state,
    // An upload is already in the store; the core reads it back like any platform's file.
    async fetchMedia(attachment) {
      const stored = await ctx?.media?.get(attachment.platformId);
      if (!stored) throw new Error('web upload not found');
      return { bytes: stored.bytes, mime: stored.mime, fileName: null };
    },
    routes(context) {
      ctx = context;
      return webRoutes({ ...opts, hub, ctx: context });
    },
    async start(context) {
      ctx = context;
      // Several instances behind one address: a page open on another one still gets its messages live.
      if (context.fanout) {
        const fan = webFanout(context.fanout, hub, whoIs);
        unlisten = await fan.listen();
        others = fan;
      }
      setState('running');
    },
    async stop() {
      others = null;
      await unlisten?.();
      unlisten = null;
      hub.closeAll();
      setState('stopped');
    },
  };
}
