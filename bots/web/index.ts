import type { Db } from '../../db/client.js';
import type { ChannelAdapter, ChannelState } from '../../src/channels/adapter.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Log } from '../../src/log.js';
import { registerWebRoutes } from './web.routes.js';
import { createWebSender } from './web.sender.js';
import { SocketHub } from './web.sockets.js';

export { WEB_CHAT_PATH } from './web.routes.js';

export interface WebOptions {
  db: Db;
  clock: Clock;
  log: Log;
  /** Signs the session cookie that ties a browser to its web identities. */
  sessionSecret: string;
}

/** The web chat channel: nothing to install for the person, and the embedded default for trying Linli. */
export function createWebChannel(opts: WebOptions): ChannelAdapter {
  const hub = new SocketHub();
  let state: ChannelState = 'stopped';
  return {
    platform: 'web',
    sender: createWebSender(opts.db, hub, opts.clock),
    state: () => state,
    routes(app, ingest) {
      registerWebRoutes(app, { ...opts, hub, ingest });
    },
    async start() { state = 'running'; },
    async stop() {
      hub.closeAll();
      state = 'stopped';
    },
  };
}
