import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  /** What the fake answered: 200 for a delivered call, else the forced failure's status. */
  status: number;
}

export type Failure =
  { status: 500 } | { status: 429; retryAfter: number } | { status: 400 | 403; description?: string };

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
  /** Files the fake serves through getFile and /file/bot<token>/<path>, by file_id. */
  private files = new Map<string, { path: string; bytes: Buffer; mime: string }>();
  /** Downloads answered so far (file paths), and how many to fail next. */
  readonly downloads: string[] = [];
  private failDownloads = 0;

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

  /** Makes a file the bot can fetch (as if a person had sent it); answers its file_id. */
  addFile(bytes: Buffer, mime: string, ext = 'jpg'): string {
    const id = `file-${this.files.size + 1}-${Math.random().toString(36).slice(2, 8)}`;
    this.files.set(id, { path: `${mime.startsWith('audio') ? 'voice' : 'photos'}/${id}.${ext}`, bytes, mime });
    return id;
  }

  /** The next n file downloads answer 500. */
  failNextDownloads(n: number): void {
    this.failDownloads += n;
  }

  /** Photos, voice notes, audio and documents delivered to one chat: by file_id, or uploaded (with their bytes). */
  mediaTo(chatId: number | string): { method: string; fileId: string | null; upload: Buffer | null }[] {
    return this.calls
      .filter(
        (c) =>
          ['sendPhoto', 'sendVoice', 'sendAudio', 'sendDocument'].includes(c.method) &&
          c.status === 200 &&
          String(c.body.chat_id) === String(chatId),
      )
      .map((c) => {
        const field = { sendPhoto: 'photo', sendVoice: 'voice', sendAudio: 'audio', sendDocument: 'document' }[
          c.method
        ]!;
        const v = c.body[field];
        return { method: c.method, fileId: typeof v === 'string' ? v : null, upload: Buffer.isBuffer(v) ? v : null };
      });
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
        buttons: (
          (c.body.reply_markup as { inline_keyboard?: { callback_data: string }[][] } | undefined)?.inline_keyboard ??
          []
        )
          .flat()
          .map((b) => b.callback_data),
      }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const type = req.headers['content-type'] ?? '';
    const body =
      raw && type.includes('json')
        ? (JSON.parse(raw) as Record<string, unknown>)
        : type.startsWith('multipart/form-data')
          ? multipart(bytes, type)
          : {};
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (download) {
      const file = [...this.files.values()].find((f) => f.path === download[2]);
      if (download[1] !== this.token || !file)
        return send(404, { ok: false, error_code: 404, description: 'Not Found' });
      if (this.failDownloads > 0) {
        this.failDownloads--;
        return send(500, { ok: false, error_code: 500, description: 'Internal Server Error' });
      }
      this.downloads.push(file.path);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
      res.end(file.bytes);
      return;
    }
    if (!match || match[1] !== this.token)
      return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    const failure = this.failures.get(method)?.shift();
    if (failure) {
      this.calls.push({ method, body, status: failure.status });
      if (failure.status === 429) {
        return send(429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${failure.retryAfter}`,
          parameters: { retry_after: failure.retryAfter },
        });
      }
      return send(failure.status, {
        ok: false,
        error_code: failure.status,
        description: 'description' in failure && failure.description ? failure.description : 'Internal Server Error',
      });
    }
    this.calls.push({ method, body, status: 200 });
    switch (method) {
      case 'getMe':
        return send(200, { ok: true, result: { id: 42, is_bot: true, first_name: 'Linli', username: this.username } });
      case 'sendMessage':
        return send(200, {
          ok: true,
          result: {
            message_id: this.nextMessageId++,
            date: 0,
            chat: { id: Number(body.chat_id), type: 'private' },
            text: body.text,
          },
        });
      case 'getFile': {
        const file = this.files.get(String(body.file_id));
        if (!file) return send(400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        return send(200, {
          ok: true,
          result: {
            file_id: body.file_id,
            file_unique_id: `u${body.file_id}`,
            file_size: file.bytes.length,
            file_path: file.path,
          },
        });
      }
      case 'sendPhoto':
      case 'sendVoice':
      case 'sendAudio':
      case 'sendDocument':
        return send(200, {
          ok: true,
          result: { message_id: this.nextMessageId++, date: 0, chat: { id: Number(body.chat_id), type: 'private' } },
        });
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

/** Just enough of multipart/form-data for the fake: text fields as strings, file fields as their bytes. */
function multipart(bytes: Buffer, type: string): Record<string, unknown> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!boundary) return {};
  const sep = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const out: Record<string, unknown> = {};
  let at = bytes.indexOf(sep);
  while (at !== -1) {
    const next = bytes.indexOf(sep, at + sep.length);
    if (next === -1) break;
    const part = bytes.subarray(at + sep.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const head = part.subarray(0, split).toString('utf8');
      const value = part.subarray(split + 4);
      const name = /name="([^"]+)"/.exec(head)?.[1];
      if (name) out[name] = /filename="/.test(head) ? Buffer.from(value) : value.toString('utf8');
    }
    at = next;
  }
  return out;
}
