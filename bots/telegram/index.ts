import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { ChannelAdapter, ChannelContext, ChannelState } from '../../src/channels/adapter.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Log } from '../../src/log.js';
import { mapTelegramUpdate, type MappedUpdate } from './telegram.mapper.js';
import { fetchTelegramFile } from './telegram.files.js';
import { createTelegramSender } from './telegram.sender.js';
import { updateShape } from './telegram.shape.js';
import { telegramWebhookRoute } from './telegram.webhook.js';

export interface TelegramOptions {
  token: string;
  mode: 'webhook' | 'polling';
  apiRoot: string;
  webhookSecret?: string;
  /** When set, the webhook is registered with Telegram at startup. */
  webhookUrl?: string;
  botUsername?: string;
  /** Messages per second over the whole bot (Telegram's limit is about 30). */
  sendPerSecond?: number;
  clock: Clock;
  log: Log;
}

export function createTelegramChannel(opts: TelegramOptions): ChannelAdapter {
  const bot = new Telegraf(opts.token, { telegram: { apiRoot: opts.apiRoot, webhookReply: false } });
  let username = opts.botUsername ?? null;
  let state: ChannelState = 'stopped';
  let ctx: ChannelContext | null = null;
  const setState = (next: ChannelState) => {
    if (next === state) return;
    state = next;
    ctx?.stateChanged('telegram', next);
  };

  // A pressed button must be answered or the person's app keeps spinning; it is ephemeral, so no outbox.
  const answer = (mapped: MappedUpdate) => {
    if (mapped.callbackQueryId) {
      bot.telegram
        .answerCbQuery(mapped.callbackQueryId)
        .catch((err) => opts.log.warn({ err: String(err) }, 'answerCallbackQuery failed'));
    }
  };

  const learnUsername = async () => {
    if (username) return;
    try {
      username = (await bot.telegram.getMe()).username ?? null;
    } catch (err) {
      opts.log.warn({ err: String(err) }, 'telegram getMe failed; group mentions are ignored until it succeeds');
    }
  };

  return {
    platform: 'telegram',
    sender: createTelegramSender(bot.telegram, opts.sendPerSecond),
    state: () => state,
    fetchMedia: (attachment) => fetchTelegramFile(bot.telegram, opts.apiRoot, opts.token, attachment.platformId),
    routes({ ingest }) {
      if (opts.mode !== 'webhook' || !opts.webhookSecret) return {};
      return {
        http: [
          telegramWebhookRoute(ingest, {
            secret: opts.webhookSecret,
            clock: opts.clock,
            botUsername: () => username,
            onMapped: answer,
          }),
        ],
      };
    },
    async start(context: ChannelContext) {
      ctx = context;
      const { ingest } = context;
      setState('starting');
      await learnUsername();
      if (opts.mode === 'webhook') {
        if (opts.webhookUrl) {
          await bot.telegram.setWebhook(opts.webhookUrl, {
            secret_token: opts.webhookSecret,
            allowed_updates: ['message', 'callback_query'],
          });
          opts.log.info({ url: opts.webhookUrl }, 'telegram webhook registered');
        }
        setState('running');
        return;
      }
      // Polling: telegraf confirms an update (moves the offset) only after this middleware resolved,
      // that is after the update was stored.
      bot.use(async (tg) => {
        if (!updateShape.safeParse(tg.update).success) return;
        const mapped = mapTelegramUpdate(tg.update as Update, username, opts.clock.now());
        if (!mapped) return;
        await ingest(mapped.message);
        answer(mapped);
      });
      bot.catch((err) => opts.log.error({ err: String(err) }, 'telegram update failed'));
      if (username) bot.botInfo = { username } as never;
      void bot.launch({ allowedUpdates: ['message', 'callback_query'] }).catch((err) => {
        setState('error');
        opts.log.error({ err: String(err) }, 'telegram polling stopped');
      });
      setState('running');
    },
    async stop() {
      if (opts.mode === 'polling' && state === 'running') {
        try {
          bot.stop('shutdown');
        } catch {
          /* not launched yet */
        }
      }
      setState('stopped');
    },
  };
}
