import { createRequire } from 'node:module';
import { readCookie, SESSION_COOKIE, unsignSession, webUserId } from '../../bots/web/web.session.js';
import type { OutButton } from '../../src/channels/channel.port.js';
import { waitFor } from './harness.js';
import { SESSION_SECRET } from './web-harness.js';

/** The `ws` client (a dependency of @fastify/websocket; Node 20 has no WebSocket of its own). */
interface WsClient {
  readyState: number;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'close', listener: (code: number) => void): void;
  on(
    event: 'unexpected-response',
    listener: (req: { destroy(): void }, res: { statusCode: number; headers: Record<string, string> }) => void,
  ): void;
  on(event: 'open' | 'error', listener: () => void): void;
  send(data: string): void;
  close(): void;
}
const WebSocket = createRequire(import.meta.url)('ws') as new (
  url: string,
  opts?: { headers?: Record<string, string>; origin?: string },
) => WsClient;

export interface BotItem {
  kind: 'bot';
  id: number;
  text: string;
  buttons?: OutButton[][];
  at: string;
}
export type ServerMessage =
  | { type: 'hello'; bound: boolean; who: string | null; maxText?: number }
  | { type: 'history'; items: ({ kind: 'me'; text: string; at: string } | BotItem)[] }
  | { type: 'message'; item: BotItem }
  | { type: 'ack'; id: string }
  | { type: 'who'; who: string }
  | { type: 'error'; code: string; id?: string };

/** A fresh browser session: the signed cookie /chat hands out. */
export async function webSession(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/chat`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('/chat did not set a session cookie');
  return cookie.split(';')[0]!;
}

/** The web user id a card of this browser session is stored under (`linli_web=…` as webSession returns it). */
export function webUserIdOf(cookie: string, slot = 'me'): string {
  const session = unsignSession(readCookie({ cookie }, SESSION_COOKIE) ?? '', SESSION_SECRET);
  if (!session) throw new Error('not a session cookie of the test harness');
  return webUserId(session, slot);
}

let nextId = 0;

/** One open chat page, spoken to over the same WebSocket protocol the page's script uses. */
export interface PageOptions {
  /** The Origin header a browser would send (none by default, as from a non-browser client). */
  origin?: string;
  /** The client address, through X-Forwarded-For (the harness must trust the proxy). */
  forwardedFor?: string;
}

export class WebPage {
  readonly received: ServerMessage[] = [];
  closeCode: number | null = null;
  /** The HTTP status when the upgrade itself was refused (403 for a foreign origin, 429 over the budget). */
  refusedStatus: number | null = null;
  refusedHeaders: Record<string, string> = {};
  private ws: WsClient | null = null;

  constructor(
    readonly baseUrl: string,
    readonly cookie: string | null,
    readonly slot = 'me',
    readonly opts: PageOptions = {},
  ) {}

  async open(after = 0): Promise<this> {
    const url = `${this.baseUrl.replace(/^http/, 'ws')}/chat/ws?slot=${this.slot}&after=${after}&lang=zh-CN`;
    const headers: Record<string, string> = {
      ...(this.cookie ? { cookie: this.cookie } : {}),
      ...(this.opts.forwardedFor ? { 'x-forwarded-for': this.opts.forwardedFor } : {}),
    };
    const ws = new WebSocket(url, { headers, ...(this.opts.origin ? { origin: this.opts.origin } : {}) });
    this.ws = ws;
    this.closeCode = null;
    this.refusedStatus = null;
    ws.on('message', (d) => {
      this.received.push(JSON.parse(String(d)) as ServerMessage);
    });
    ws.on('close', (code) => {
      this.closeCode = code;
    });
    ws.on('unexpected-response', (req, res) => {
      this.refusedStatus = res.statusCode;
      this.refusedHeaders = res.headers;
      req.destroy();
    });
    ws.on('error', () => {
      this.closeCode ??= -1;
    });
    await waitFor(
      () => this.refusedStatus !== null || this.closeCode !== null || this.received.some((m) => m.type === 'history'),
      'the page to open',
    );
    return this;
  }

  /** Sends a raw frame, as a tampered page could. */
  sendRaw(data: string): void {
    this.ws!.send(data);
  }

  errors(): Extract<ServerMessage, { type: 'error' }>[] {
    return this.received.filter((m): m is Extract<ServerMessage, { type: 'error' }> => m.type === 'error');
  }

  acks(): string[] {
    return this.received.flatMap((m) => (m.type === 'ack' ? [m.id] : []));
  }

  close(): void {
    this.ws?.close();
  }

  send(text: string, id = `m${++nextId}`): string {
    this.ws!.send(JSON.stringify({ type: 'text', id, text }));
    return id;
  }

  press(data: string): void {
    this.ws!.send(JSON.stringify({ type: 'action', id: `a${++nextId}`, data }));
  }

  /** The bot's messages in the order this page got them (history, then live). */
  bot(): BotItem[] {
    return this.received.flatMap((m) =>
      m.type === 'history'
        ? m.items.filter((i): i is BotItem => i.kind === 'bot')
        : m.type === 'message'
          ? [m.item]
          : [],
    );
  }

  hello() {
    return this.received.find((m): m is Extract<ServerMessage, { type: 'hello' }> => m.type === 'hello');
  }

  async expect(pattern: RegExp, since = 0): Promise<BotItem> {
    return waitFor(
      () =>
        this.bot()
          .slice(since)
          .find((m) => pattern.test(m.text)),
      `the web page to show ${pattern}`,
    );
  }
}
