/**
 * The Official Account's HTTP API (api.weixin.qq.com). The access_token lives in the database through
 * the port's token store, so every instance shares one token and one refresh; a call refused with
 * 40001/42001/40014 invalidates exactly that token and is made once more with a fresh one.
 */
import type { FreshToken, PlatformTokenStore } from '../../src/channels/tokens.js';

/** The token was refused: expired (42001), invalid (40001) or malformed (40014). */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 42001, 40014]);

export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
    readonly path: string,
  ) {
    // errmsg is WeChat's own wording (with a hint id); it names no person.
    super(`wechat-mp ${path}: ${errcode} ${errmsg.slice(0, 120)}`);
    this.name = 'WechatApiError';
  }
}

export interface MpApiOptions {
  appId: string;
  appSecret: string;
  apiRoot: string;
  tokens: () => PlatformTokenStore;
  /** Longest one call may take. */
  timeoutMs?: number;
}

export interface MpApi {
  readonly tokenKey: string;
  /** POST a JSON body to `path` with the access token; throws WechatApiError on errcode ≠ 0. */
  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<T>;
  /** GET `path` with the access token; JSON answers are checked for errcode, anything else is returned as bytes. */
  getBytes(
    path: string,
    query: Record<string, string>,
  ): Promise<{ bytes: Buffer; mime: string; fileName: string | null }>;
  get<T = Record<string, unknown>>(path: string, query?: Record<string, string>): Promise<T>;
}

interface WxAnswer {
  errcode?: number;
  errmsg?: string;
}

export function createMpApi(opts: MpApiOptions): MpApi {
  const root = opts.apiRoot.replace(/\/+$/, '');
  const tokenKey = `wechat-mp:${opts.appId}`;
  const timeout = () => AbortSignal.timeout(opts.timeoutMs ?? 10_000);
  // After a refused token the next fetch forces a new one: stable_token otherwise hands back the refused one.
  let forceNext = false;

  async function fetchToken(): Promise<FreshToken> {
    const force = forceNext;
    const res = await fetch(`${root}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      signal: timeout(),
      body: JSON.stringify({
        grant_type: 'client_credential',
        appid: opts.appId,
        secret: opts.appSecret,
        force_refresh: force,
      }),
    });
    const body = (await res.json()) as WxAnswer & { access_token?: string; expires_in?: number };
    if (!body.access_token)
      throw new WechatApiError(body.errcode ?? -1, body.errmsg ?? `HTTP ${res.status}`, 'stable_token');
    forceNext = false;
    return { value: body.access_token, expiresInSec: Number(body.expires_in ?? 7200) };
  }

  async function withToken<T>(
    call: (token: string) => Promise<{ answer: WxAnswer; value: T }>,
    path: string,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await opts.tokens().get(tokenKey, fetchToken);
      const { answer, value } = await call(token);
      const code = Number(answer.errcode ?? 0);
      if (code === 0) return value;
      if (TOKEN_ERRCODES.has(code) && attempt === 0) {
        forceNext = true;
        await opts.tokens().invalidate(tokenKey, token);
        continue;
      }
      throw new WechatApiError(code, String(answer.errmsg ?? ''), path);
    }
  }

  const url = (path: string, token: string, query: Record<string, string> = {}) =>
    `${root}${path}?${new URLSearchParams({ access_token: token, ...query }).toString()}`;

  return {
    tokenKey,
    post<T>(path: string, body: unknown) {
      return withToken(async (token) => {
        const res = await fetch(url(path, token), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: timeout(),
        });
        const answer = (await res.json()) as WxAnswer;
        return { answer, value: answer as T };
      }, path);
    },
    get<T>(path: string, query: Record<string, string> = {}) {
      return withToken(async (token) => {
        const res = await fetch(url(path, token, query), { signal: timeout() });
        const answer = (await res.json()) as WxAnswer;
        return { answer, value: answer as T };
      }, path);
    },
    getBytes(path: string, query: Record<string, string>) {
      return withToken(async (token) => {
        const res = await fetch(url(path, token, query), { signal: AbortSignal.timeout(60_000) });
        const mime = (res.headers.get('content-type') ?? 'application/octet-stream').split(';')[0]!.trim();
        const bytes = Buffer.from(await res.arrayBuffer());
        // media/get answers a JSON error with HTTP 200 (text/plain or application/json).
        if (mime === 'application/json' || mime === 'text/plain') {
          let answer: WxAnswer = {};
          try {
            answer = JSON.parse(bytes.toString('utf8')) as WxAnswer;
          } catch {
            /* a text file after all */
          }
          if (answer.errcode) return { answer, value: { bytes, mime, fileName: null } };
        }
        const disposition = res.headers.get('content-disposition') ?? '';
        const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
        return { answer: {}, value: { bytes, mime, fileName } };
      }, path);
    },
  };
}
