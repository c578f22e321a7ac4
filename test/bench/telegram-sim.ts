import { Agent, request } from 'node:http';
import type { Delivery, FakeBotApi } from './fake-bot-api.js';
import { replyKind } from './replies.js';
import { sleep } from './stats.js';

export const WEBHOOK_PATH = '/bots/telegram/webhook';

export interface PostResult {
  status: number;
  /** Latency of the attempt that got the final answer, ms. */
  ackMs: number;
  attempts: number;
}

/**
 * Plays Telegram's side of the webhook: posts updates over keep-alive connections and, like
 * Telegram, delivers an update again (same update_id) after a network error or a 5xx/429.
 */
export class TelegramSim {
  private updateId: number;
  readonly agent: Agent;
  retries = 0;
  /** 429 answers the service gave (its webhook budget per address), each followed by a retry like Telegram's. */
  rateLimited = 0;
  private nextAddress = 0;
  /** Client-side errors by code (ECONNRESET …), for status -1. */
  readonly errors = new Map<string, number>();

  /**
   * `addresses`: updates are posted from 127.0.0.1 … 127.0.0.N in turn (the client's local address), as
   * Telegram posts from several addresses, so the service's webhook budget per address is not the bench's limit.
   */
  constructor(
    private readonly baseUrl: () => string,
    private readonly secret: string,
    sockets: number,
    firstUpdateId = 1_000_000,
    readonly addresses = 1,
  ) {
    this.updateId = firstUpdateId;
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, keepAliveMsecs: 10_000 });
  }

  nextUpdateId(): number {
    return ++this.updateId;
  }

  textUpdate(userId: number, text: string, updateId = this.nextUpdateId()): Record<string, unknown> {
    const from = { id: userId, is_bot: false, first_name: `村民${userId % 100000}`, language_code: 'zh-hans' };
    return {
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        from,
        chat: { id: userId, type: 'private', first_name: from.first_name },
        text,
      },
    };
  }

  /** One raw POST (no retry): for the fuzzer, which sets its own headers and body. */
  raw(
    body: Buffer | string,
    headers: Record<string, string>,
    path = WEBHOOK_PATH,
    method = 'POST',
    timeoutMs = 15_000,
    localAddress?: string,
  ): Promise<number> {
    return new Promise((resolve) => {
      // The path is sent as given (a fuzz path like //x must not become a host name).
      const base = new URL(this.baseUrl());
      // An explicit length for every method (Node sends none for a DELETE body, which desyncs the connection).
      const all = { 'content-length': String(Buffer.byteLength(body)), ...headers };
      const req = request(
        {
          host: base.hostname,
          port: base.port,
          path,
          method,
          agent: this.agent,
          headers: all,
          timeout: timeoutMs,
          ...(localAddress ? { localAddress } : {}),
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(-1));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err: NodeJS.ErrnoException) => {
        const code = err.message === 'timeout' ? 'timeout' : (err.code ?? err.message);
        this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
        resolve(code === 'timeout' ? -2 : -1);
      });
      req.end(body);
    });
  }

  /** Delivers an update until the service answers something other than 5xx/429 or the deadline passes. */
  async deliver(update: Record<string, unknown>, deadlineMs = 120_000): Promise<PostResult> {
    const body = JSON.stringify(update);
    const headers = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-telegram-bot-api-secret-token': this.secret,
    };
    const stop = Date.now() + deadlineMs;
    const from = this.addresses > 1 ? `127.0.0.${1 + (this.nextAddress++ % this.addresses)}` : undefined;
    for (let attempt = 1; ; attempt++) {
      const t0 = performance.now();
      const status = await this.raw(body, headers, WEBHOOK_PATH, 'POST', 10_000, from);
      const ackMs = performance.now() - t0;
      if (status === 429) this.rateLimited++;
      if ((status > 0 && status < 500 && status !== 429) || Date.now() > stop)
        return { status, ackMs, attempts: attempt };
      this.retries++;
      await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt - 1, 5)));
    }
  }
}

type Waiter = { resolve: (d: Delivery | null) => void; timer: NodeJS.Timeout };

const RECEIPT = /编号 #(\d+)/;
const CARD = /新诉求 #(\d+)/;

/**
 * What the fake Bot API delivered, indexed for the load: per chat the messages not yet consumed,
 * and per request ref the time its task card (新诉求 #ref) arrived. Receipts whose ref was already
 * seen (a duplicate delivery) are counted and skipped, so they cannot shift the correlation.
 */
export class Inbox {
  private readonly unread = new Map<string, Delivery[]>();
  private readonly waiting = new Map<string, Waiter>();
  private readonly cards = new Map<number, number>();
  private readonly cardWaiters = new Map<number, Waiter>();
  private readonly receipts = new Set<number>();
  duplicateReceipts = 0;
  duplicateCards = 0;
  /** Messages to everyone (say-things reminders, notices) seen; a resident reads them and keeps waiting for its answer. */
  broadcasts = 0;

  constructor(api: FakeBotApi) {
    api.onDelivery = (d) => this.add(d);
  }

  private add(d: Delivery): void {
    const card = CARD.exec(d.text);
    if (card) {
      const ref = Number(card[1]);
      if (this.cards.has(ref)) {
        this.duplicateCards++;
        return;
      }
      this.cards.set(ref, d.at);
      const w = this.cardWaiters.get(ref);
      if (w) {
        this.cardWaiters.delete(ref);
        clearTimeout(w.timer);
        w.resolve(d);
      }
      return;
    }
    if (replyKind(d.text) === 'broadcast') {
      this.broadcasts++;
      return;
    }
    const receipt = d.text.startsWith('已收到') ? RECEIPT.exec(d.text) : null;
    if (receipt) {
      const ref = Number(receipt[1]);
      if (this.receipts.has(ref)) {
        this.duplicateReceipts++;
        return;
      }
      this.receipts.add(ref);
    }
    const w = this.waiting.get(d.chatId);
    if (w) {
      this.waiting.delete(d.chatId);
      clearTimeout(w.timer);
      w.resolve(d);
      return;
    }
    const q = this.unread.get(d.chatId) ?? [];
    q.push(d);
    this.unread.set(d.chatId, q);
  }

  /** Forgets what a chat has not read yet (before a person starts a new exchange). */
  clear(chatId: string): void {
    this.unread.delete(chatId);
  }

  /** The next message to a chat, or null after the timeout. */
  next(chatId: string, timeoutMs: number): Promise<Delivery | null> {
    const q = this.unread.get(chatId);
    if (q?.length) return Promise.resolve(q.shift()!);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(chatId);
        resolve(null);
      }, timeoutMs);
      this.waiting.set(chatId, { resolve, timer });
    });
  }

  /** When the task card of a request arrived (performance.now()), or null after the timeout. */
  card(ref: number, timeoutMs: number): Promise<number | null> {
    const at = this.cards.get(ref);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.cardWaiters.delete(ref);
        resolve(null);
      }, timeoutMs);
      this.cardWaiters.set(ref, { resolve: (d) => resolve(d ? d.at : null), timer });
    });
  }
}
