/**
 * The web chat opened inside WeChat (the Official Account's menu, a template message's link) through web
 * authorization with `snsapi_base`: WeChat hands the page a one-use `code` for the person's openid without
 * a prompt, and the page becomes that person's Official Account identity — no binding code typed twice.
 * Nothing is taken from the query string alone: the `state` is signed, lives minutes, is used once (shared by
 * every instance through the database) and must match a cookie set on this browser before the redirect;
 * the `code` is exchanged with WeChat server to server, and WeChat takes each code only once.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { HttpRequest, HttpResponse, HttpRoute } from '../../src/channels/http.js';
import { sameSecret } from '../../src/domain/constant-time.js';
import { zh as wxTexts } from '../../src/texts/wechat-templates.js';
import { webBudgets } from './web.limits.js';
import { newSessionId, readCookie, sessionCookie, sessionOf, webUserId } from './web.session.js';
import type { ChannelContext } from '../../src/channels/adapter.js';
import type { Clock } from '../../src/domain/clock.js';
import type { Log } from '../../src/log.js';

export const WECHAT_CHAT_PATH = '/chat/wechat';
const CALLBACK_PATH = `${WECHAT_CHAT_PATH}/callback`;
const STATE_COOKIE = 'linli_wx_state';
/** How long the person has between the redirect and WeChat's answer. */
const STATE_TTL_SEC = 240;

export interface WechatWebAuth {
  appId: string;
  appSecret: string;
  /** api.weixin.qq.com (sns/oauth2/access_token). */
  apiRoot: string;
  /** open.weixin.qq.com (connect/oauth2/authorize). */
  oauthRoot: string;
  /** LINLI_PUBLIC_URL: where WeChat sends the phone back. */
  publicUrl: () => string;
}

const sign = (secret: string, value: string) =>
  createHmac('sha256', secret).update(`wx-oauth\0${value}`).digest('hex').slice(0, 40);

/** WeChat allows only [A-Za-z0-9] in `state`, at most 128 bytes: hex nonce, decimal expiry and ref, hex signature, `z` between. */
function makeState(secret: string, nonce: string, exp: number, ref: number): string {
  const body = `${nonce}z${exp}z${ref}`;
  return `${body}z${sign(secret, body)}`;
}

function readState(secret: string, state: string | undefined): { nonce: string; exp: number; ref: number } | null {
  const m = /^([0-9a-f]{32})z(\d{1,12})z(\d{1,9})z([0-9a-f]{40})$/.exec(state ?? '');
  if (!m) return null;
  if (!sameSecret(sign(secret, `${m[1]}z${m[2]}z${m[3]}`), m[4]!)) return null;
  return { nonce: m[1]!, exp: Number(m[2]), ref: Number(m[3]) };
}

/** What the routes need of the web chat's. */
export interface WechatAuthDeps {
  clock: Clock;
  log: Log;
  sessionSecret: string;
  ctx: ChannelContext;
}

export function wechatAuthRoutes(deps: WechatAuthDeps, auth: WechatWebAuth): HttpRoute[] {
  const refused = (status = 403): HttpResponse => ({
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body: wxTexts.webAuthRefused,
  });
  const redirect = (location: string, cookies: string[]): HttpResponse => ({
    status: 302,
    headers: { location, 'cache-control': 'no-store', ...(cookies.length ? { 'set-cookie': cookies } : {}) },
    body: '',
  });
  const secure = (req: HttpRequest) => req.protocol === 'https' || auth.publicUrl().startsWith('https:');

  return [
    {
      method: 'GET',
      path: WECHAT_CHAT_PATH,
      rateLimit: webBudgets.page,
      async handler(req) {
        const nonce = randomBytes(16).toString('hex');
        const exp = Math.floor(deps.clock.now().getTime() / 1000) + STATE_TTL_SEC;
        const ref = /^\d{1,9}$/.test(req.query.ref ?? '') ? Number(req.query.ref) : 0;
        const q = new URLSearchParams({
          appid: auth.appId,
          redirect_uri: `${auth.publicUrl()}${CALLBACK_PATH}`,
          response_type: 'code',
          scope: 'snsapi_base',
          state: makeState(deps.sessionSecret, nonce, exp, ref),
        });
        const cookie = [
          `${STATE_COOKIE}=${nonce}`,
          `Max-Age=${STATE_TTL_SEC}`,
          `Path=${WECHAT_CHAT_PATH}`,
          'HttpOnly',
          'SameSite=Lax',
          ...(secure(req) ? ['Secure'] : []),
        ].join('; ');
        return redirect(
          `${auth.oauthRoot.replace(/\/+$/, '')}/connect/oauth2/authorize?${q.toString()}#wechat_redirect`,
          [cookie],
        );
      },
    },
    {
      method: 'GET',
      path: CALLBACK_PATH,
      rateLimit: webBudgets.page,
      async handler(req) {
        const now = deps.clock.now();
        const state = readState(deps.sessionSecret, req.query.state);
        const code = req.query.code ?? '';
        // Signed by us, still fresh, started in this very browser.
        if (!state || state.exp * 1000 < now.getTime() || readCookie(req.headers, STATE_COOKIE) !== state.nonce)
          return refused();
        if (!/^[\w-]{1,128}$/.test(code)) return refused(400);
        const claim = await deps.ctx.nonces.claim({
          platform: 'web',
          nonce: `wx-oauth:${state.nonce}`,
          timestampSec: state.exp,
          fingerprint: 'oauth',
        });
        if (claim !== 'first') return refused();
        const openid = await exchange(auth, code);
        if (!openid) return refused();
        const existing = sessionOf(req.headers, deps.sessionSecret);
        const session = existing ?? newSessionId();
        const adopted = await deps.ctx.adopt?.(
          { platform: 'wechat-mp', userId: openid },
          { platform: 'web', userId: webUserId(session, 'me') },
        );
        deps.log.info({ platform: 'web', adopted: adopted ?? false }, 'web chat opened through WeChat authorization');
        const cookies = [
          `${STATE_COOKIE}=; Max-Age=0; Path=${WECHAT_CHAT_PATH}`,
          ...(existing ? [] : [sessionCookie(session, deps.sessionSecret, { path: '/chat', secure: secure(req) })]),
        ];
        return redirect(`/chat${state.ref ? `?ref=${state.ref}` : ''}`, cookies);
      },
    },
  ];
}

/** The code → the openid, from WeChat server to server; null when WeChat refuses it (used, expired, forged: 40029, 40163). */
async function exchange(auth: WechatWebAuth, code: string): Promise<string | null> {
  const q = new URLSearchParams({ appid: auth.appId, secret: auth.appSecret, code, grant_type: 'authorization_code' });
  try {
    const res = await fetch(`${auth.apiRoot.replace(/\/+$/, '')}/sns/oauth2/access_token?${q.toString()}`, {
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as { openid?: unknown; errcode?: number };
    return typeof body.openid === 'string' && /^[\w-]{6,64}$/.test(body.openid) ? body.openid : null;
  } catch {
    return null;
  }
}
