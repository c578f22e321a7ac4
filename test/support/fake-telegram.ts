import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  /** What the fake answered: 200 for a delivered call, else the forced failure's status. */
  status: number;
}

export type Failure = { status: 500 } | { status: 429; retryAfter: number } | { status: 400 | 403; description?: string };

/**
 * A local stand-in for the Telegram Bot API, spoken to by the real telegraf client. It records every
 * call, can be told to fail the next calls of a method, and serves getUpdates for polling tests.
 */
export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  readonly token = '123456:TEST-token_abc';
  readonly username = 'linli_test_bot';
  private server: Server | null = null;
  private failures = new Map<string, Failure[]>();
  private updates: Record<string, unknown>[] = [];
  private nextMessageId = 1;

  get apiRoot(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  queueUpdate(update: Record<string, unknown>): void {
    this.updates.push(update);
  }

  /** Texts delivered to one chat, in order. */
  sentTo(chatId: number | string): { text: string; buttons: string[] }[] {
    return this.calls
      .filter((c) => c.method === 'sendMessage' && c.status === 200 && String(c.body.chat_id) === String(chatId))
      .map((c) => ({
        text: String(c.body.text),
        buttons: ((c.body.reply_markup as { inline_keyboard?: { callback_data: string }[][] } | undefined)?.inline_keyboard ?? [])
          .flat().map((b) => b.callback_data),
      }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw && (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) as Record<string, unknown> : {};
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (!match || match[1] !== this.token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      this.calls.push({ method, body, status: failure.status });
      if (failure.status === 429) {
        return send(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${failure.retryAfter}`, parameters: { retry_after: failure.retryAfter } });
      }
      return send(failure.status, { ok: false, error_code: failure.status, description: 'description' in failure && failure.description ? failure.description : 'Internal Server Error' });
    }
    this.calls.push({ method, body, status: 200 });
    switch (method) {
      case 'getMe':
        return send(200, { ok: true, result: { id: 42, is_bot: true, first_name: 'Linli', username: this.username } });
      case 'sendMessage':
        return send(200, { ok: true, result: { message_id: this.nextMessageId++, date: 0, chat: { id: Number(body.chat_id), type: 'private' }, text: body.text } });
      case 'getUpdates': {
        const offset = Number(body.offset ?? 0);
        this.updates = this.updates.filter((u) => Number(u.update_id) >= offset);
        if (this.updates.length === 0) await new Promise((r) => setTimeout(r, 50));
        return send(200, { ok: true, result: this.updates.slice(0, 100) });
      }
      default:
        return send(200, { ok: true, result: true });
    }
  }
}
