import type { Update } from 'telegraf/types';
import type { Ingest } from '../../src/channels/adapter.js';
import type { HttpRoute } from '../../src/channels/http.js';
import type { Clock } from '../../src/domain/clock.js';
import { sameSecret } from '../../src/domain/constant-time.js';
import { AppError } from '../../src/domain/errors.js';
import { mapTelegramUpdate, type MappedUpdate } from './telegram.mapper.js';
import { describeUpdateError, updateShape } from './telegram.shape.js';

export const TELEGRAM_WEBHOOK_PATH = '/bots/telegram/webhook';

/**
 * Updates per source address: Telegram delivers from a few addresses, in bursts (up to `max_connections`
 * at once, 40 by default, and a backlog all at once after an outage), so the budget is generous; it only
 * stops a stranger hammering the door (wrong secrets count too: the budget is checked first).
 */
export const TELEGRAM_WEBHOOK_BUDGET = { max: 6000, perMs: 60_000 } as const;

export interface WebhookOptions {
  secret: string;
  clock: Clock;
  botUsername: () => string | null;
  onMapped: (mapped: MappedUpdate) => void;
}

/**
 * Telegram's webhook: the secret header is checked before the body is looked at, the update is
 * stored, and only then answered 200 — a crash before that makes Telegram deliver it again.
 * A public route, so hidden from /docs: it is Telegram's door, not part of the API people integrate with.
 */
export function telegramWebhookRoute(ingest: Ingest, opts: WebhookOptions): HttpRoute {
  return {
    method: 'POST',
    path: TELEGRAM_WEBHOOK_PATH,
    bodyLimit: 1024 * 1024,
    rateLimit: TELEGRAM_WEBHOOK_BUDGET,
    guard(req) {
      const given = req.headers['x-telegram-bot-api-secret-token'];
      if (typeof given !== 'string' || given.length === 0) {
        throw new AppError('webhook.secret_missing', 'X-Telegram-Bot-Api-Secret-Token header is missing');
      }
      if (!sameSecret(opts.secret, given))
        throw new AppError('webhook.secret_invalid', 'webhook secret does not match');
    },
    async handler(req) {
      const parsed = updateShape.safeParse(req.body);
      if (!parsed.success) {
        const message = describeUpdateError(parsed.error);
        throw new AppError('webhook.invalid_update', message, { field: message.split(':')[0] });
      }
      const mapped = mapTelegramUpdate(parsed.data as unknown as Update, opts.botUsername(), opts.clock.now());
      if (mapped) {
        await ingest(mapped.message);
        opts.onMapped(mapped);
      }
      return { status: 200, body: { ok: true } };
    },
  };
}
