import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Wechaty, WechatyOptions } from 'wechaty';
import * as types from 'wechaty-puppet/types';
import type { impls } from 'wechaty-puppet';
import type { ChannelAdapter, ChannelContext, ChannelState, Ingest } from '../../src/channels/adapter.js';
import type { Pacing } from '../../src/channels/channel.port.js';
import { retryDelayMs } from '../../src/domain/backoff.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Log } from '../../src/log.js';
import { handleFriendship } from './wechat.friendship.js';
import { printQrToTerminal, wechatLoginRoute } from './wechat.login.js';
import { mapWechatMessage } from './wechat.mapper.js';
import { createWechatSender } from './wechat.sender.js';

export interface WechatOptions {
  /** A puppet package name (`wechaty-puppet-service`, `wechaty-puppet-wechat4u`) or, in tests, a puppet instance. */
  puppet: string | impls.PuppetInterface;
  /** The padlocal / workpro token for `wechaty-puppet-service`. */
  token?: string;
  /** File (without extension) keeping the login session across restarts; unset keeps it in memory. */
  sessionFile?: string;
  pacing: Pacing;
  clock: Clock;
  log: Log;
  printQr?: (qr: string) => void | Promise<void>;
  /** First delay of the reconnect backoff. */
  retryBaseMs?: number;
  /** After a logout, restart the puppet if it has not offered a new QR code or logged in by then. */
  reloginAfterMs?: number;
}

export function createWechatChannel(opts: WechatOptions): ChannelAdapter {
  let bot: Wechaty | null = null;
  let state: ChannelState = 'stopped';
  let ctx: ChannelContext | null = null;
  let qr: string | null = null;
  let stopped = false;
  let quietTimer: NodeJS.Timeout | null = null;
  let wakeSleeper: (() => void) | null = null;
  let inOrder: Promise<unknown> = Promise.resolve();
  /** wechaty reports its own stop() as a logout; that one is not news for the secretaries. */
  let stoppingOnPurpose = false;
  const log = opts.log;
  const printQr = opts.printQr ?? printQrToTerminal;
  /** Every change is reported: the core decides what a logout means and whom to tell (src/chat/channel.events.ts). */
  const setState = (next: ChannelState) => {
    if (next === state) return;
    state = next;
    ctx?.stateChanged('wechat', next);
  };

  // Puppets retry on their own and may repeat one error many times a second; the log gets it once a minute.
  let lastError = { text: '', at: 0, repeats: 0 };
  const logError = (text: string) => {
    const now = opts.clock.now().getTime();
    if (text === lastError.text && now - lastError.at < 60_000) {
      lastError.repeats++;
      return;
    }
    log.error({ err: text, ...(lastError.repeats ? { repeatsOfPrevious: lastError.repeats } : {}) }, 'wechat error');
    lastError = { text, at: now, repeats: 0 };
  };
  const clearQuiet = () => {
    if (quietTimer) clearTimeout(quietTimer);
    quietTimer = null;
  };

  const build = async (ingest: Ingest): Promise<Wechaty> => {
    // Loaded only when WeChat is configured: wechaty takes seconds to import.
    const { WechatyBuilder } = await import('wechaty');
    if (opts.sessionFile) mkdirSync(dirname(opts.sessionFile), { recursive: true });
    const options =
      typeof opts.puppet === 'string'
        ? { puppet: opts.puppet, ...(opts.token ? { puppetOptions: { token: opts.token } } : {}) }
        : { puppet: opts.puppet };
    const b = WechatyBuilder.build({
      ...options,
      ...(opts.sessionFile ? { name: opts.sessionFile } : {}),
    } as WechatyOptions);
    b.on('scan', (code, status) => {
      log.info({ status: types.ScanStatus[status] }, 'wechat scan');
      if (status !== types.ScanStatus.Waiting && status !== types.ScanStatus.Timeout) return;
      clearQuiet();
      qr = code;
      setState('logged_out');
      Promise.resolve(printQr(code)).catch((err) =>
        log.warn({ err: String(err) }, 'printing the wechat QR code failed'),
      );
    });
    b.on('login', (user) => {
      clearQuiet();
      qr = null;
      setState('logged_in');
      log.info({ userId: user.id }, 'wechat logged in');
    });
    b.on('logout', (user, reason) => {
      if (stoppingOnPurpose) return;
      log.warn({ userId: user.id, reason }, 'wechat logged out');
      setState('logged_out');
      clearQuiet();
      quietTimer = setTimeout(() => void restart(ingest), opts.reloginAfterMs ?? 60_000);
    });
    b.on('error', (err) => {
      // Not logged in and no QR code offered: the puppet cannot reach WeChat (or its service).
      if (!b.isLoggedIn && qr === null && state !== 'starting') setState('error');
      logError(String(err));
    });
    b.on('message', (m) => {
      const receivedAt = opts.clock.now();
      // One at a time, so a person's messages are stored in the order they came, even when an
      // @mention takes longer to map than the plain message after it.
      inOrder = inOrder
        .then(() => mapWechatMessage(m, receivedAt))
        .then((msg) => {
          if (msg) return ingest(msg);
          log.debug({ messageId: m.id }, 'wechat message ignored');
          return false;
        })
        // WeChat does not deliver a message twice: a failure here is logged loudly, it cannot be retried.
        .catch((err) => {
          log.error({ err: String(err), messageId: m.id }, 'wechat message could not be stored');
          return false;
        });
    });
    b.on('friendship', (f) => {
      handleFriendship(f, ingest, opts.clock.now(), log).catch((err) =>
        log.error({ err: String(err) }, 'wechat friend request failed'),
      );
    });
    return b;
  };

  const stopBot = async () => {
    stoppingOnPurpose = true;
    try {
      await bot?.stop();
    } catch (err) {
      log.warn({ err: String(err) }, 'wechat stop failed');
    } finally {
      stoppingOnPurpose = false;
    }
  };

  /** Starts the puppet, trying again with growing waits: a puppet service may be unreachable for a while. */
  const connect = async (ingest: Ingest): Promise<void> => {
    for (let attempt = 1; !stopped; attempt++) {
      try {
        bot ??= await build(ingest);
        await bot.start();
        // wechaty reports a puppet that failed to start as an 'error' event and resolves anyway.
        if (bot.puppet.state.active() !== true) throw new Error('the puppet did not start');
        if (!bot.isLoggedIn) setState('logged_out');
        return;
      } catch (err) {
        setState('error');
        const waitMs = retryDelayMs(attempt, null, opts.retryBaseMs ?? 2000);
        log.error({ err: String(err), attempt, waitMs }, 'wechat failed to start; retrying');
        await stopBot();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          wakeSleeper = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeSleeper = null;
      }
    }
  };

  const restart = async (ingest: Ingest): Promise<void> => {
    if (stopped || bot?.isLoggedIn) return;
    log.warn({}, 'wechat quiet after logout; restarting the puppet');
    await stopBot();
    await connect(ingest);
  };

  return {
    platform: 'wechat',
    sender: createWechatSender(() => bot, opts.pacing),
    state: () => state,
    routes: () => ({ http: [wechatLoginRoute(() => ({ state, qr }))] }),
    async fetchMedia(attachment) {
      if (!bot) throw new Error('wechat is not running');
      const file = await bot.puppet.messageFile(attachment.platformId);
      const bytes = await file.toBuffer();
      return {
        bytes,
        mime:
          file.mediaType && file.mediaType !== 'application/octet-stream' ? file.mediaType : 'application/octet-stream',
        fileName: file.name || null,
      };
    },
    async start(context: ChannelContext) {
      ctx = context;
      stopped = false;
      setState('starting');
      await connect(context.ingest);
    },
    async stop() {
      stopped = true;
      clearQuiet();
      wakeSleeper?.();
      await stopBot();
      setState('stopped');
    },
  };
}
