/**
 * The few calls of qyapi.weixin.qq.com the app channel makes, with its access token. The token comes from the
 * store shared by every instance (`gettoken` at most once per expiry); a call refused for its token (40014
 * invalid, 42001 expired, 41001 missing) invalidates exactly that token and is made once more with a fresh one.
 * The secret and the token travel only in the query of calls to WeCom and are never logged nor put in errors.
 */
import type { FetchedMedia } from '../../src/channels/adapter.js';
import type { FreshToken, PlatformTokenStore } from '../../src/channels/tokens.js';

export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001, 41001]);

export class WecomApiError extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
    readonly path: string,
  ) {
    // errmsg carries WeCom's hint and the caller's IP, never the token or the secret.
    super(`wecom ${path}: ${errcode} ${errmsg.slice(0, 160)}`);
    this.name = 'WecomApiError';
  }
}

/** The network failed or WeCom answered something that is not its API (an HTTP error page). */
export class WecomNetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WecomNetworkError';
  }
}

export interface WecomApiOptions {
  apiRoot: string;
  corpId: string;
  secret: string;
  agentId: number;
  /** The shared token store; null until the app handed the context over. */
  tokens: () => PlatformTokenStore | null;
  timeoutMs?: number;
}

export interface WecomApi {
  /** The token store's key: one token per app (corp id and agent id). */
  tokenKey: string;
  post(path: string, body: unknown): Promise<Record<string, unknown>>;
  media(mediaId: string): Promise<FetchedMedia>;
  /** Uploads a temporary media file (three days) and answers its media_id. */
  upload(type: 'image' | 'voice' | 'file', file: { bytes: Buffer; mime: string; fileName: string }): Promise<string>;
}

interface Answer {
  errcode?: number;
  errmsg?: string;
}

export function createWecomApi(opts: WecomApiOptions): WecomApi {
  const root = opts.apiRoot.replace(/\/+$/, '');
  const tokenKey = `wecom:${opts.corpId}:${opts.agentId}`;
  const timeout = () => AbortSignal.timeout(opts.timeoutMs ?? 10_000);

  const request = async (path: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(`${root}${path}`, { ...init, signal: timeout() });
    } catch (err) {
      // The URL (with its token) is never part of the message.
      throw new WecomNetworkError(
        `wecom ${path.split('?')[0]}: ${(err as Error)?.name === 'TimeoutError' ? 'timed out' : 'network error'}`,
      );
    }
  };

  const json = async (res: Response, path: string): Promise<Answer & Record<string, unknown>> => {
    if (!res.ok) throw new WecomNetworkError(`wecom ${path}: HTTP ${res.status}`);
    try {
      return (await res.json()) as Answer & Record<string, unknown>;
    } catch {
      throw new WecomNetworkError(`wecom ${path}: not JSON`);
    }
  };

  const fetchToken = async (): Promise<FreshToken> => {
    const q = new URLSearchParams({ corpid: opts.corpId, corpsecret: opts.secret });
    const body = await json(await request(`/cgi-bin/gettoken?${q}`, { method: 'GET' }), 'gettoken');
    const token = body.access_token;
    if (body.errcode || typeof token !== 'string')
      throw new WecomApiError(Number(body.errcode ?? -1), String(body.errmsg ?? 'no token'), 'gettoken');
    return { value: token, expiresInSec: Number(body.expires_in ?? 7200) };
  };

  const store = () => {
    const s = opts.tokens();
    if (!s) throw new WecomNetworkError('wecom: not started');
    return s;
  };

  /** One call with the token; `tokenRefused` when WeCom says the token is no good. */
  async function withToken<T>(
    path: string,
    call: (token: string) => Promise<{ answer: Answer; value: T }>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await store().get(tokenKey, fetchToken);
      const { answer, value } = await call(token);
      const code = Number(answer.errcode ?? 0);
      if (code === 0) return value;
      if (TOKEN_ERRCODES.has(code) && attempt === 0) {
        await store().invalidate(tokenKey, token);
        continue;
      }
      throw new WecomApiError(code, String(answer.errmsg ?? ''), path);
    }
  }

  return {
    tokenKey,
    post: (path, body) =>
      withToken(path, async (token) => {
        const answer = await json(
          await request(`${path}?access_token=${encodeURIComponent(token)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
          path,
        );
        return { answer, value: answer };
      }),
    media: (mediaId) =>
      withToken('/cgi-bin/media/get', async (token) => {
        const q = new URLSearchParams({ access_token: token, media_id: mediaId });
        const res = await request(`/cgi-bin/media/get?${q}`, { method: 'GET' });
        if (!res.ok) throw new WecomNetworkError(`wecom media/get: HTTP ${res.status}`);
        const mime = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim();
        // An error is answered as JSON with 200; the file itself comes with its own type.
        if (mime === 'application/json' || mime === 'text/plain') {
          const answer = (await res.json().catch(() => ({ errcode: -1, errmsg: 'not JSON' }))) as Answer;
          return { answer: answer.errcode ? answer : { errcode: -1, errmsg: 'no file' }, value: null as never };
        }
        const bytes = Buffer.from(await res.arrayBuffer());
        const disposition = res.headers.get('content-disposition') ?? '';
        const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
        return { answer: {}, value: { bytes, mime, fileName } };
      }),
    upload: (type, file) =>
      withToken('/cgi-bin/media/upload', async (token) => {
        const form = new FormData();
        form.append('media', new Blob([new Uint8Array(file.bytes)], { type: file.mime }), file.fileName);
        const q = new URLSearchParams({ access_token: token, type });
        const answer = await json(
          await request(`/cgi-bin/media/upload?${q}`, { method: 'POST', body: form }),
          'media/upload',
        );
        return { answer, value: String(answer.media_id ?? '') };
      }),
  };
}
