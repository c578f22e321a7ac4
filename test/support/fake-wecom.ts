import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWxCrypto, type WxCrypto } from '../../bots/wechat-common/wx-crypto.js';
import { buildWxXml } from '../../bots/wechat-common/wx-xml.js';
import { type Clock, systemClock } from '../../src/domain/clock.js';
import { waitFor } from './harness.js';

export const WECOM = {
  corpId: 'ww0123456789abcdef',
  agentId: 1000002,
  secret: 'test-wecom-secret_0123456789abcdefghijklmnop',
  token: 'LinliWecomToken7',
  aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
} as const;

export interface SentAppMessage {
  touser: string;
  msgtype: string;
  agentid: number;
  text?: { content: string };
  image?: { media_id: string };
  voice?: { media_id: string };
  file?: { media_id: string };
  template_card?: {
    card_type: string;
    main_title: { title: string };
    sub_title_text?: string;
    task_id: string;
    button_list: { text: string; key: string }[];
  };
  at: number;
}

export interface RobotPost {
  key: string;
  body: { msgtype: string; text?: { content: string }; markdown?: { content: string } };
  at: number;
}

/**
 * A local stand-in for qyapi.weixin.qq.com: `gettoken`, `message/send`, `media/get` and the group robots'
 * `webhook/send`, answering with WeCom's errcodes — 40001 a wrong secret, 42001 an expired token, 40014 an
 * unknown one, 81013 a user outside the app, 40007 an unknown media id, 93000 an unknown robot key, 45009 a
 * robot past 20 messages a minute.
 */
export class FakeWecom {
  /** Every call, as method and path (no query: it carries the token). */
  readonly calls: { path: string; status: number }[] = [];
  readonly sent: SentAppMessage[] = [];
  readonly robotPosts: RobotPost[] = [];
  /** Raw query strings of robot calls, to prove what did and did not reach WeCom. */
  readonly robotQueries: string[] = [];
  readonly robotKeys = new Set<string>();
  readonly media = new Map<string, { bytes: Buffer; mime: string; fileName: string }>();
  /** Temporary media uploaded by the service (media/upload), by the media_id handed back. */
  readonly uploads = new Map<string, { type: string; fileName: string; mime: string; size: number }>();
  /** Users the app may message; any other touser is 81013. Empty: everybody. */
  readonly users = new Set<string>();
  tokenCalls = 0;
  private tokens = new Map<string, { expired: boolean }>();
  private server: Server | null = null;
  private robotTimes = new Map<string, number[]>();

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
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

  /** WeCom ends every token early (a new one was fetched elsewhere, or two hours passed). */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.expired = true;
  }

  sentTo(user: string): SentAppMessage[] {
    return this.sent.filter((m) => m.touser === user);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const answer = (body: Record<string, unknown>, status = 200) => {
      this.calls.push({ path: url.pathname, status: Number(body.errcode ?? 0) });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const token = url.searchParams.get('access_token');
    const tokenError = (): Record<string, unknown> | null => {
      const t = token ? this.tokens.get(token) : undefined;
      if (!t) return { errcode: 40014, errmsg: 'invalid access_token' };
      if (t.expired) return { errcode: 42001, errmsg: 'access_token expired' };
      return null;
    };
    switch (url.pathname) {
      case '/cgi-bin/gettoken': {
        this.tokenCalls++;
        if (url.searchParams.get('corpid') !== WECOM.corpId)
          return answer({ errcode: 40013, errmsg: 'invalid corpid' });
        if (url.searchParams.get('corpsecret') !== WECOM.secret)
          return answer({ errcode: 40001, errmsg: 'invalid credential' });
        const value = `tok-${this.tokenCalls}-${randomBytes(6).toString('hex')}`;
        this.tokens.set(value, { expired: false });
        return answer({ errcode: 0, errmsg: 'ok', access_token: value, expires_in: 7200 });
      }
      case '/cgi-bin/message/send': {
        const bad = tokenError();
        if (bad) return answer(bad);
        const body = JSON.parse(raw) as SentAppMessage;
        if (body.agentid !== WECOM.agentId)
          return answer({ errcode: 301002, errmsg: 'not allow operate another agent with this accesstoken' });
        if (this.users.size > 0 && !this.users.has(body.touser))
          return answer({ errcode: 81013, errmsg: 'user & party & tag all invalid' });
        if (body.msgtype === 'text' && Buffer.byteLength(body.text?.content ?? '') > 2048)
          return answer({ errcode: 44004, errmsg: 'text content exceed limit' });
        const mediaOf = (body as unknown as Record<string, { media_id?: string } | undefined>)[body.msgtype];
        if (['image', 'voice', 'file'].includes(body.msgtype) && !this.uploads.has(mediaOf?.media_id ?? ''))
          return answer({ errcode: 40007, errmsg: 'invalid media_id' });
        if (body.msgtype === 'template_card' && !/^[A-Za-z0-9_\-@]{1,128}$/.test(body.template_card?.task_id ?? '')) {
          return answer({ errcode: 40058, errmsg: 'invalid task_id' });
        }
        this.sent.push({ ...body, at: Date.now() });
        return answer({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: `m${this.sent.length}` });
      }
      case '/cgi-bin/media/upload': {
        const bad = tokenError();
        if (bad) return answer(bad);
        const type = url.searchParams.get('type') ?? '';
        const head = /name="media"; filename="([^"]+)"\r\nContent-Type: ([^\r]+)\r\n\r\n/.exec(raw);
        if (!['image', 'voice', 'file', 'video'].includes(type) || !head)
          return answer({ errcode: 40004, errmsg: 'invalid media type' });
        const mediaId = `up-${this.uploads.size + 1}`;
        this.uploads.set(mediaId, { type, fileName: head[1]!, mime: head[2]!, size: bytes.length });
        return answer({
          errcode: 0,
          errmsg: 'ok',
          type,
          media_id: mediaId,
          created_at: String(Math.floor(Date.now() / 1000)),
        });
      }
      case '/cgi-bin/media/get': {
        const bad = tokenError();
        if (bad) return answer(bad);
        const file = this.media.get(url.searchParams.get('media_id') ?? '');
        if (!file) return answer({ errcode: 40007, errmsg: 'invalid media_id' });
        this.calls.push({ path: url.pathname, status: 0 });
        res.writeHead(200, {
          'content-type': file.mime,
          'content-disposition': `attachment; filename="${file.fileName}"`,
        });
        res.end(file.bytes);
        return;
      }
      case '/cgi-bin/webhook/send': {
        this.robotQueries.push(url.search);
        const key = url.searchParams.get('key') ?? '';
        if (!this.robotKeys.has(key)) return answer({ errcode: 93000, errmsg: 'invalid webhook url' });
        const now = Date.now();
        const recent = (this.robotTimes.get(key) ?? []).filter((t) => t > now - 60_000);
        if (recent.length >= 20) return answer({ errcode: 45009, errmsg: 'api freq out of limit' });
        recent.push(now);
        this.robotTimes.set(key, recent);
        this.robotPosts.push({ key, body: JSON.parse(raw) as RobotPost['body'], at: now });
        return answer({ errcode: 0, errmsg: 'ok' });
      }
      default:
        return answer({ errcode: 404, errmsg: 'no such api' }, 404);
    }
  }
}

let msgId = 7_000_000_000_000_000_000n;

/**
 * WeCom's side of the callback: it encrypts each message with the app's EncodingAESKey, signs it with the
 * Token and POSTs it as WeCom does (`?msg_signature&timestamp&nonce`, body `<xml><ToUserName/><AgentID/><Encrypt/></xml>`).
 */
export class WecomPusher {
  readonly crypto: WxCrypto;

  /** `clock` is the service's: WeCom's servers and the service agree on the time. */
  constructor(
    readonly serviceUrl: () => string,
    corpId: string = WECOM.corpId,
    readonly clock: Clock = systemClock,
  ) {
    this.crypto = createWxCrypto({ token: WECOM.token, encodingAesKey: WECOM.aesKey, receiverId: corpId });
  }

  /** The signed query and body of one push, before it is sent (a test may tamper with it). */
  sealed(fields: Record<string, string | number>): { query: URLSearchParams; body: string } {
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    const nonce = randomBytes(5).toString('hex');
    const { encrypt, msgSignature } = this.crypto.encrypt(buildWxXml(fields), timestamp, nonce);
    return {
      query: new URLSearchParams({ msg_signature: msgSignature, timestamp, nonce }),
      body: buildWxXml({ ToUserName: WECOM.corpId, AgentID: String(WECOM.agentId), Encrypt: encrypt }),
    };
  }

  async post(query: URLSearchParams, body: string): Promise<Response> {
    return fetch(`${this.serviceUrl()}/bots/wecom/callback?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body,
    });
  }

  async push(fields: Record<string, string | number>): Promise<Response> {
    const { query, body } = this.sealed(fields);
    return this.post(query, body);
  }

  /** The URL check WeCom makes when the app's callback settings are saved. */
  async verifyUrl(echo: string, tamper = false): Promise<Response> {
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    const nonce = randomBytes(5).toString('hex');
    const { encrypt, msgSignature } = this.crypto.encrypt(echo, timestamp, nonce);
    const q = new URLSearchParams({
      msg_signature: tamper ? msgSignature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) : msgSignature,
      timestamp,
      nonce,
      echostr: encrypt,
    });
    return fetch(`${this.serviceUrl()}/bots/wecom/callback?${q}`);
  }
}

/** A village cadre in WeCom: what they type or press reaches the service through its real callback. */
export class WecomMember {
  constructor(
    readonly pusher: WecomPusher,
    readonly fake: FakeWecom,
    readonly userId: string,
  ) {}

  private base(type: string): Record<string, string | number> {
    return {
      ToUserName: WECOM.corpId,
      FromUserName: this.userId,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: type,
    };
  }

  async say(text: string): Promise<Response> {
    const res = await this.pusher.push({
      ...this.base('text'),
      Content: text,
      MsgId: String(++msgId),
      AgentID: WECOM.agentId,
    });
    if (res.status !== 200) throw new Error(`callback answered ${res.status}`);
    return res;
  }

  async sendImage(mediaId: string): Promise<Response> {
    return this.pusher.push({
      ...this.base('image'),
      PicUrl: 'http://wework.qpic.cn/x',
      MediaId: mediaId,
      MsgId: String(++msgId),
      AgentID: WECOM.agentId,
    });
  }

  /** A press on a template card's button, as the `template_card_event` WeCom sends. */
  async press(card: SentAppMessage, label: string): Promise<Response> {
    const button = card.template_card?.button_list.find((b) => b.text === label);
    if (!button) throw new Error(`no button ${label} on the card`);
    const res = await this.pusher.push({
      ...this.base('event'),
      Event: 'template_card_event',
      EventKey: button.key,
      TaskId: card.template_card!.task_id,
      CardType: 'button_interaction',
      ResponseCode: randomBytes(8).toString('hex'),
      AgentID: WECOM.agentId,
    });
    if (res.status !== 200) throw new Error(`callback answered ${res.status}`);
    return res;
  }

  inbox(): SentAppMessage[] {
    return this.fake.sentTo(this.userId);
  }

  /** What the member reads of a message: a card's title and text, or the text. */
  static read(m: SentAppMessage): string {
    return m.template_card
      ? [m.template_card.main_title.title, m.template_card.sub_title_text ?? ''].join('\n')
      : (m.text?.content ?? '');
  }

  async expect(pattern: RegExp, since = 0): Promise<SentAppMessage> {
    return waitFor(
      () =>
        this.inbox()
          .slice(since)
          .find((m) => pattern.test(WecomMember.read(m))),
      `${this.userId} to receive ${pattern} on WeCom`,
    );
  }
}
