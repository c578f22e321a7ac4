import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_WEBHOOK_BUDGET, TELEGRAM_WEBHOOK_PATH } from '../../bots/telegram/telegram.webhook.js';
import { webBudgets } from '../../bots/web/web.limits.js';
import { loadConfig } from '../../src/config.js';
import { httpBudgets } from '../../src/http/limits.js';
import { ADMIN_TOKEN, waitFor, WEBHOOK_SECRET } from '../support/harness.js';
import { webSession, WebPage } from '../support/web-client.js';
import { type ChannelHarness, startChannelHarness } from '../support/web-harness.js';

const ALLOWED_ORIGIN = 'https://linli.example.org';
let h: ChannelHarness;

beforeAll(async () => {
  // Behind a trusted proxy: each test is a client of its own (X-Forwarded-For), so budgets never mix.
  h = await startChannelHarness({
    web: true,
    http: { trustProxy: true, webOrigins: [ALLOWED_ORIGIN], requestTimeoutMs: 1500 },
  });
});
afterAll(async () => {
  await h?.close();
});

let nextClient = 10;
const newClient = () => `203.0.113.${nextClient++}`;

async function get(path: string, client: string, headers: Record<string, string> = {}) {
  return fetch(`${h.url}${path}`, { headers: { 'x-forwarded-for': client, ...headers } });
}

/** `n` calls, `width` at a time; the statuses in order of the calls. */
async function burst(n: number, call: () => Promise<Response>, width = 16): Promise<Response[]> {
  const out: Response[] = [];
  for (let i = 0; i < n; i += width) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(width, n - i) }, call))));
  }
  return out;
}
const statuses = (rs: Response[]) => rs.map((r) => r.status);

describe('rate limits', () => {
  it('answers wrong admin tokens 429 after a small budget, with retry-after, while the right token still works', async () => {
    const client = newClient();
    const wrong = await burst(300, () =>
      get('/api/v1/requests', client, { authorization: 'Bearer not-the-token-at-all' }),
    );
    const codes = statuses(wrong);
    expect(codes.slice(0, httpBudgets.adminRefused.max).every((c) => c === 401)).toBe(true);
    expect(codes.slice(httpBudgets.adminRefused.max).every((c) => c === 429)).toBe(true);
    const limited = wrong.at(-1)!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toEqual({
      error: { code: 'rate.limited', message: expect.stringMatching(/too many requests/) },
    });
    // A missing token is a refused call too.
    expect((await get('/api/v1/requests', client)).status).toBe(429);
    // The operator at the same address keeps their own, generous budget.
    const ok = await get('/api/v1/requests', client, { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(ok.status).toBe(200);
    expect(Number(ok.headers.get('x-ratelimit-limit'))).toBe(httpBudgets.admin.max);
  });

  it('gives the right token a budget too', async () => {
    const client = newClient();
    const calls = await burst(
      httpBudgets.admin.max + 5,
      () => get('/api/v1/channels', client, { authorization: `Bearer ${ADMIN_TOKEN}` }),
      32,
    );
    expect(statuses(calls).filter((c) => c === 200)).toHaveLength(httpBudgets.admin.max);
    expect(statuses(calls).filter((c) => c === 429)).toHaveLength(5);
  });

  it('limits every other route, unknown ones included, per client address', async () => {
    const client = newClient();
    const calls = await burst(httpBudgets.anyRoute.max + 3, () => get('/no/such/route', client), 32);
    expect(statuses(calls).filter((c) => c === 404)).toHaveLength(httpBudgets.anyRoute.max);
    expect(statuses(calls).filter((c) => c === 429)).toHaveLength(3);
    expect((await get('/healthz', client)).status).toBe(429);
    // Another address is not affected.
    expect((await get('/healthz', newClient())).status).toBe(200);
  });

  it('gives the web chat page one budget per address, and answers a browser over it with a polite page', async () => {
    const client = newClient();
    const calls = await burst(
      webBudgets.page.max,
      () => get(['/chat', '/chat/app.js', '/chat/app.css', '/chat/cards'][Math.floor(Math.random() * 4)]!, client),
      32,
    );
    expect(statuses(calls).every((c) => c === 200)).toBe(true);
    const page = await get('/chat', client, { accept: 'text/html,application/xhtml+xml' });
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('请求太频繁，请稍后再试');
    expect(html).toContain('Too many requests');
    expect((await get('/chat/cards', client)).status).toBe(429);
  });

  it('limits socket upgrades per address before upgrading', async () => {
    const client = newClient();
    const cookie = await webSession(h.url);
    for (let i = 0; i < webBudgets.upgrades.max; i++) {
      const page = await new WebPage(h.url, cookie, 'me', { forwardedFor: client }).open();
      expect(page.refusedStatus).toBeNull();
      page.close();
      await waitFor(() => page.closeCode !== null, 'the socket to close');
    }
    const refused = await new WebPage(h.url, cookie, 'me', { forwardedFor: client }).open();
    expect(refused.refusedStatus).toBe(429);
    expect(Number(refused.refusedHeaders['retry-after'])).toBeGreaterThan(0);
  });

  it('gives the Telegram webhook a generous budget per source, counted before the secret is checked', async () => {
    const client = newClient();
    const post = (secret: string) =>
      fetch(`${h.url}${TELEGRAM_WEBHOOK_PATH}`, {
        method: 'POST',
        headers: {
          'x-forwarded-for': client,
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': secret,
        },
        body: '{}',
      });
    const first = await post(WEBHOOK_SECRET);
    expect(first.status).toBe(400);
    expect(Number(first.headers.get('x-ratelimit-limit'))).toBe(TELEGRAM_WEBHOOK_BUDGET.max);
    expect(TELEGRAM_WEBHOOK_BUDGET.max).toBeGreaterThanOrEqual(3000);
    expect((await post('wrong')).headers.get('x-ratelimit-remaining')).toBe(String(TELEGRAM_WEBHOOK_BUDGET.max - 2));
  });
});

describe('security headers', () => {
  it('sends nosniff, no framing and a CSP on the chat page, the docs, the API and errors', async () => {
    const client = newClient();
    for (const path of [
      '/chat',
      '/chat/app.js',
      '/docs/static/index.html',
      '/docs/json',
      '/healthz',
      '/api/v1/requests',
      '/nowhere',
    ]) {
      const res = await get(path, client);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('content-security-policy'), path).not.toContain('upgrade-insecure-requests');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
    // The chat page keeps its own stricter policy (no inline styles).
    expect((await get('/chat', client)).headers.get('content-security-policy')).toMatch(/style-src 'self';/);
  });
});

describe('WebSocket origin', () => {
  it('opens a socket for the page of this host or a configured origin, and refuses any other page before upgrading', async () => {
    const cookie = await webSession(h.url);
    const client = newClient();
    const same = await new WebPage(h.url, cookie, 'me', { origin: h.url, forwardedFor: client }).open();
    expect(same.hello()).toBeDefined();
    same.close();
    const configured = await new WebPage(h.url, cookie, 'me', { origin: ALLOWED_ORIGIN, forwardedFor: client }).open();
    expect(configured.hello()).toBeDefined();
    configured.close();
    for (const origin of ['http://evil.example', 'null', `${h.url}.evil.example`]) {
      const other = await new WebPage(h.url, cookie, 'me', { origin, forwardedFor: client }).open();
      expect(other.refusedStatus, origin).toBe(403);
      expect(other.hello()).toBeUndefined();
    }
  });
});

describe('timeouts', () => {
  it('answers a body trickled slower than the request timeout with 408 and closes the connection', async () => {
    const socket = connect(Number(new URL(h.url).port), '127.0.0.1');
    let answer = '';
    let closed = false;
    socket.on('data', (d) => {
      answer += String(d);
    });
    socket.on('close', () => {
      closed = true;
    });
    socket.on('error', () => {
      closed = true;
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      [
        'POST /api/v1/classify HTTP/1.1',
        'Host: 127.0.0.1',
        `Authorization: Bearer ${ADMIN_TOKEN}`,
        'Content-Type: application/json',
        'Content-Length: 4000',
        'Expect: 100-continue',
        '',
        '',
      ].join('\r\n'),
    );
    // The headers arrived whole: Node says so with 100 Continue.
    await waitFor(() => answer.includes('100 Continue'), 'the server to read the headers');
    socket.write('{"text":"');
    // One byte at a time, as a slow-loris client does, until the server hangs up (bounded: at most 30 s).
    for (let i = 0; i < 150 && !closed; i++) {
      await new Promise((r) => setTimeout(r, 200));
      if (!closed) socket.write('a');
    }
    expect(closed).toBe(true);
    expect(answer).toMatch(/HTTP\/1\.1 408/);
    socket.destroy();
  });
});

describe('configuration', () => {
  const base = { LINLI_DATA_DIR: '/tmp/x' };
  it('reads LINLI_TRUST_PROXY as false, true, a number of hops, or addresses', () => {
    expect(loadConfig(base).LINLI_TRUST_PROXY).toBe(false);
    expect(loadConfig({ ...base, LINLI_TRUST_PROXY: 'true' }).LINLI_TRUST_PROXY).toBe(true);
    expect(loadConfig({ ...base, LINLI_TRUST_PROXY: '2' }).LINLI_TRUST_PROXY).toBe(2);
    expect(loadConfig({ ...base, LINLI_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,loopback' }).LINLI_TRUST_PROXY).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
    expect(() => loadConfig({ ...base, LINLI_TRUST_PROXY: 'my-proxy' })).toThrow(/LINLI_TRUST_PROXY/);
  });

  it('reads LINLI_WEB_ORIGINS and the timeouts, naming a bad one', () => {
    expect(
      loadConfig({ ...base, LINLI_WEB_ORIGINS: 'https://a.example, http://b.example:8080' }).LINLI_WEB_ORIGINS,
    ).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(() => loadConfig({ ...base, LINLI_WEB_ORIGINS: 'https://a.example/chat' })).toThrow(/LINLI_WEB_ORIGINS/);
    expect(loadConfig(base)).toMatchObject({
      LINLI_REQUEST_TIMEOUT_MS: 60_000,
      LINLI_SHUTDOWN_TIMEOUT_MS: 10_000,
      LINLI_WEB_ORIGINS: [],
    });
    expect(() => loadConfig({ ...base, LINLI_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(/LINLI_REQUEST_TIMEOUT_MS/);
  });
});
