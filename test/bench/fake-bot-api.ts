import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One sendMessage the fake accepted (answered 200): what a person would have seen. */
export interface Delivery {
  chatId: string;
  text: string;
  /** performance.now() when the call arrived. */
  at: number;
}

/**
 * A minimal, fast stand-in for the Telegram Bot API on 127.0.0.1 (keep-alive, no per-call scans).
 * It answers sendMessage like Telegram, records every accepted message, and can fail a share of
 * sendMessage calls with 500 or 429 (`parameters.retry_after: 1`) to exercise the outbox retries.
 */
export class FakeBotApi {
  readonly token = '777000:BENCH-fake_token';
  readonly username = 'linli_bench_bot';
  readonly deliveries: Delivery[] = [];
  readonly calls = new Map<string, number>();
  readonly injected = { 500: 0, 429: 0 };
  /** Share of sendMessage calls to fail (0…1); the decision uses `rand`, so runs are reproducible. */
  faultRate = 0;
  onDelivery: ((d: Delivery) => void) | null = null;
  private server: Server | null = null;
  private messageId = 1;

  constructor(private readonly rand: () => number = Math.random) {}

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  count(method: string): number {
    return this.calls.get(method) ?? 0;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const url = req.url ?? '';
      const slash = url.indexOf('/', 4);
      const token = url.startsWith('/bot') && slash > 0 ? url.slice(4, slash) : '';
      const method = slash > 0 ? url.slice(slash + 1).split('?')[0]! : '';
      if (token !== this.token) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
      let body: Record<string, unknown> = {};
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (raw) body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return send(res, 400, { ok: false, error_code: 400, description: 'Bad Request: cannot parse JSON' });
      }
      switch (method) {
        case 'getMe':
          return send(res, 200, {
            ok: true,
            result: { id: 777000, is_bot: true, first_name: 'Linli', username: this.username },
          });
        case 'sendMessage': {
          if (this.faultRate > 0 && this.rand() < this.faultRate) {
            if (this.rand() < 0.5) {
              this.injected[500]++;
              return send(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
            }
            this.injected[429]++;
            return send(res, 429, {
              ok: false,
              error_code: 429,
              description: 'Too Many Requests: retry after 1',
              parameters: { retry_after: 1 },
            });
          }
          const chatId = String(body.chat_id);
          const text = String(body.text ?? '');
          const d: Delivery = { chatId, text, at };
          this.deliveries.push(d);
          this.onDelivery?.(d);
          return send(res, 200, {
            ok: true,
            result: {
              message_id: this.messageId++,
              date: Math.floor(Date.now() / 1000),
              chat: { id: Number(chatId), type: 'private' },
              text,
            },
          });
        }
        case 'setWebhook':
        case 'deleteWebhook':
        case 'answerCallbackQuery':
          return send(res, 200, { ok: true, result: true });
        default:
          return send(res, 200, { ok: true, result: true });
      }
    });
  }
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
