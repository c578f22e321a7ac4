/**
 * A tiny OpenAI-compatible server for tests: `POST /v1/chat/completions` on 127.0.0.1 with a
 * random port. Each test sets how it answers; every request is recorded for assertions.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeBehaviour =
  /** 200 with `content` (serialised if not a string) as the assistant message, finish_reason "stop". */
  | { type: 'answer'; content: unknown }
  /** 200 with `message.refusal` set and no content. */
  | { type: 'refusal'; refusal?: string }
  /** 200 with finish_reason "length" and half a JSON object. */
  | { type: 'length' }
  /** Accepts the request and never answers; the socket is destroyed on close(). */
  | { type: 'hang' }
  /** An HTTP error with an OpenAI-style error body. */
  | { type: 'status'; status: number; message?: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: ChatRequestBody;
}

export interface ChatRequestBody {
  model?: string;
  messages?: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
  [key: string]: unknown;
}

export interface FakeOpenAi {
  /** Base URL for the SDK, e.g. `http://127.0.0.1:54321/v1`. */
  baseURL: string;
  requests: RecordedRequest[];
  respondWith(behaviour: FakeBehaviour): void;
  /** `POST /v1/audio/transcriptions`: the words to answer, or an HTTP error. */
  transcribeWith(behaviour: TranscriptionBehaviour): void;
  /** The transcription requests received: the model and the uploaded file. */
  transcriptions: { model: string | null; fileName: string | null; bytes: Buffer }[];
  close(): Promise<void>;
}

export type TranscriptionBehaviour = { type: 'text'; text: string } | { type: 'status'; status: number };

export async function startFakeOpenAi(initial: FakeBehaviour = { type: 'status', status: 503 }): Promise<FakeOpenAi> {
  let behaviour = initial;
  let transcription: TranscriptionBehaviour = { type: 'status', status: 503 };
  const transcriptions: FakeOpenAi['transcriptions'] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (req.method === 'POST' && req.url === '/v1/audio/transcriptions') {
      const form = multipartParts(Buffer.concat(chunks), req.headers['content-type'] ?? '');
      const file = form.find((p) => p.name === 'file');
      transcriptions.push({
        model: form.find((p) => p.name === 'model')?.value.toString('utf8') ?? null,
        fileName: file?.fileName ?? null,
        bytes: file?.value ?? Buffer.alloc(0),
      });
      if (transcription.type === 'status')
        send(res, transcription.status, {
          error: { message: `fake error ${transcription.status}`, type: 'server_error', code: null },
        });
      else send(res, 200, { text: transcription.text });
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      send(res, 404, { error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
      return;
    }
    let body: ChatRequestBody;
    try {
      body = JSON.parse(raw) as ChatRequestBody;
    } catch {
      send(res, 400, { error: { message: 'request body is not JSON', type: 'invalid_request_error' } });
      return;
    }
    requests.push({ method: req.method, path: req.url, headers: req.headers, body });
    const b = behaviour;
    switch (b.type) {
      case 'hang':
        return;
      case 'status':
        send(res, b.status, {
          error: { message: b.message ?? `fake error ${b.status}`, type: 'server_error', code: null },
        });
        return;
      case 'refusal':
        send(
          res,
          200,
          completion(
            body,
            { role: 'assistant', content: null, refusal: b.refusal ?? '抱歉，我无法协助处理该请求。' },
            'stop',
          ),
        );
        return;
      case 'length':
        send(
          res,
          200,
          completion(
            body,
            { role: 'assistant', content: '{"kind":"repair","summary":"俺家锅', refusal: null },
            'length',
          ),
        );
        return;
      case 'answer': {
        const content = typeof b.content === 'string' ? b.content : JSON.stringify(b.content);
        send(res, 200, completion(body, { role: 'assistant', content, refusal: null }, 'stop'));
        return;
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    respondWith(next) {
      behaviour = next;
    },
    transcribeWith(next) {
      transcription = next;
    },
    transcriptions,
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function completion(req: ChatRequestBody, message: Record<string, unknown>, finishReason: string) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: req.model ?? 'fake-model',
    choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

function send(res: ServerResponse, status: number, payload: unknown): void {
  const data = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

/** The parts of a multipart/form-data body: name, file name (for files) and bytes. */
function multipartParts(bytes: Buffer, type: string): { name: string; fileName: string | null; value: Buffer }[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!boundary) return [];
  const sep = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: { name: string; fileName: string | null; value: Buffer }[] = [];
  let at = bytes.indexOf(sep);
  while (at !== -1) {
    const next = bytes.indexOf(sep, at + sep.length);
    if (next === -1) break;
    const part = bytes.subarray(at + sep.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const head = part.subarray(0, split).toString('utf8');
      const name = /name="([^"]+)"/.exec(head)?.[1];
      if (name)
        parts.push({
          name,
          fileName: /filename="([^"]*)"/.exec(head)?.[1] ?? null,
          value: Buffer.from(part.subarray(split + 4)),
        });
    }
    at = next;
  }
  return parts;
}
