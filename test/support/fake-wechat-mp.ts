import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface MpSent {
  touser: string;
  text: string;
  at: number;
}

export interface MpTemplateSent {
  msgid: number;
  touser: string;
  templateId: string;
  url: string | null;
  data: Record<string, string>;
}

interface Forced {
  errcode: number;
  errmsg: string;
  touser?: string;
  times: number;
}

/**
 * A local api.weixin.qq.com for the Official Account: access_token and stable_token, customer-service
 * send, parametric QR codes, the custom menu and media download — with WeChat's refusals on demand
 * (an expired token 40001/42001, a closed 48-hour window 45015, the per-message quota 45047).
 */
export class FakeWechatMp {
  readonly appId = 'wx0123456789abcdef';
  readonly appSecret = 'fakeSecret0123456789abcdef012345';
  /** The account's own id, the ToUserName of every push. */
  readonly accountId = 'gh_fake0000001';
  private server: Server | null = null;
  private readonly validTokens = new Set<string>();
  readonly sent: MpSent[] = [];
  readonly tokenFetches: { path: string; force: boolean }[] = [];
  readonly qrCodes: { scene: string; action: string; expire: number | null; ticket: string }[] = [];
  /** Template messages accepted (message/template/send), each checked against WeChat's 2023 rules first. */
  readonly templatesSent: MpTemplateSent[] = [];
  /** The account's templates (我的模板): ids template/send accepts. */
  readonly templateIds = new Set<string>(['tplStatus_0000000001', 'tplResolved_000000001']);
  private nextTemplateMsgId = 200_163_836;
  /** The account's 订阅通知 templates, and what each person accepted of them (one send per acceptance). */
  readonly subscribeTemplateIds = new Set<string>(['subNotice_0000000001']);
  private readonly acceptances = new Map<string, number>();
  readonly subscribeSent: { touser: string; templateId: string; page: string | null; data: Record<string, string> }[] =
    [];
  /** Who is signed in to WeChat on the phone whose browser opens the authorization link. */
  browserOpenid: string | null = null;
  authorizations = 0;
  private readonly oauthCodes = new Map<string, { openid: string; used: boolean }>();
  menu: unknown = null;
  menuCreates = 0;
  private readonly media = new Map<string, { bytes: Buffer; mime: string }>();
  private readonly forced: Forced[] = [];
  private readonly closedWindows = new Set<string>();
  /** Every call by path, including refused ones. */
  readonly calls: { path: string; errcode: number }[] = [];

  get apiRoot(): string {
    const addr = this.server?.address();
    if (!addr || typeof addr === 'string') throw new Error('fake WeChat MP API not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  /** open.weixin.qq.com's part (web authorization) is served by the same fake. */
  get oauthRoot(): string {
    return this.apiRoot;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  /** Every token handed out so far stops working, as when another system fetched a new one (40001) or it timed out (42001). */
  expireTokens(): void {
    this.validTokens.clear();
  }

  /** The next `times` customer-service sends (to `touser`, or anyone) are refused with `errcode`. */
  failSends(errcode: number, opts: { touser?: string; times?: number } = {}): void {
    this.forced.push({
      errcode,
      errmsg: `forced ${errcode}`,
      times: opts.times ?? 1,
      ...(opts.touser ? { touser: opts.touser } : {}),
    });
  }

  /** The person has not written for 48 hours: every send to them is refused 45015 until they write. */
  closeWindow(openid: string): void {
    this.closedWindows.add(openid);
  }
  /** The person wrote (a push reached the service): the window is open again. */
  personWrote(openid: string): void {
    this.closedWindows.delete(openid);
  }

  /** The person tapped 允许 for a one-time subscription on a page (WeChat then pushes subscribe_msg_popup_event). */
  acceptSubscription(openid: string, templateId: string): void {
    const key = `${openid} ${templateId}`;
    this.acceptances.set(key, (this.acceptances.get(key) ?? 0) + 1);
  }

  addMedia(mediaId: string, bytes: Buffer, mime: string): void {
    this.media.set(mediaId, { bytes, mime });
  }

  sentTo(openid: string): string[] {
    return this.sent.filter((s) => s.touser === openid).map((s) => s.text);
  }

  private issue(): { access_token: string; expires_in: number } {
    const token = `AT_${randomBytes(12).toString('hex')}`;
    this.validTokens.add(token);
    return { access_token: token, expires_in: 7200 };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
    const json = (value: Record<string, unknown>) => {
      this.calls.push({ path: url.pathname, errcode: Number(value.errcode ?? 0) });
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(value));
    };
    const err = (errcode: number, errmsg: string) => json({ errcode, errmsg: `${errmsg} rid: fake` });

    if (url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('appid') !== this.appId || url.searchParams.get('secret') !== this.appSecret)
        return err(40125, 'invalid appsecret');
      this.tokenFetches.push({ path: 'token', force: false });
      return json(this.issue());
    }
    if (url.pathname === '/cgi-bin/stable_token') {
      if (body.appid !== this.appId || body.secret !== this.appSecret) return err(40125, 'invalid appsecret');
      this.tokenFetches.push({ path: 'stable_token', force: body.force_refresh === true });
      return json(this.issue());
    }
    if (url.pathname === '/connect/oauth2/authorize') {
      // WeChat's browser, signed in as `browserOpenid`: snsapi_base asks nothing and comes back with a one-use code.
      if (url.searchParams.get('appid') !== this.appId || url.searchParams.get('scope') !== 'snsapi_base')
        return err(10003, 'redirect_uri or appid invalid');
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      const code = randomBytes(16).toString('hex');
      if (this.browserOpenid) this.oauthCodes.set(code, { openid: this.browserOpenid, used: false });
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      this.authorizations++;
      res.statusCode = 302;
      res.setHeader('location', back.toString());
      res.end();
      return;
    }
    if (url.pathname === '/sns/oauth2/access_token') {
      if (url.searchParams.get('appid') !== this.appId || url.searchParams.get('secret') !== this.appSecret)
        return err(40125, 'invalid appsecret');
      const got = this.oauthCodes.get(url.searchParams.get('code') ?? '');
      if (!got) return err(40029, 'invalid code');
      if (got.used) return err(40163, 'code been used');
      got.used = true;
      return json({
        access_token: `WEB_${randomBytes(8).toString('hex')}`,
        expires_in: 7200,
        refresh_token: 'x',
        openid: got.openid,
        scope: 'snsapi_base',
      });
    }
    const token = url.searchParams.get('access_token') ?? '';
    if (!this.validTokens.has(token))
      return err(token.startsWith('AT_') ? 40001 : 40014, 'invalid credential, access_token is invalid or not latest');

    switch (url.pathname) {
      case '/cgi-bin/message/custom/send': {
        const touser = String(body.touser ?? '');
        if (this.closedWindows.has(touser)) return err(45015, 'response out of time limit or subscription is canceled');
        const forced = this.forced.find((f) => f.times > 0 && (!f.touser || f.touser === touser));
        if (forced) {
          forced.times--;
          return err(forced.errcode, forced.errmsg);
        }
        if (body.msgtype !== 'text' || typeof body.text?.content !== 'string')
          return err(40008, 'invalid message type');
        if (Buffer.byteLength(body.text.content, 'utf8') > 2048) return err(45002, 'content size out of limit');
        this.sent.push({ touser, text: body.text.content, at: Date.now() });
        return err(0, 'ok');
      }
      case '/cgi-bin/message/template/send': {
        const touser = String(body.touser ?? '');
        if (!/^o[\w-]{5,40}$/.test(touser)) return err(40003, 'invalid openid');
        if (!this.templateIds.has(String(body.template_id ?? ''))) return err(40037, 'invalid template_id');
        const data = body.data as Record<string, { value?: unknown }> | undefined;
        if (!data || typeof data !== 'object' || Object.keys(data).length === 0)
          return err(47003, 'argument invalid! data is empty');
        // Since 2023-05-04: no first/remark; every keyword value at most 20 characters, no line breaks.
        for (const [name, v] of Object.entries(data)) {
          const value = String(v?.value ?? '');
          if (name === 'first' || name === 'remark')
            return err(47003, `argument invalid! ${name} is no longer supported`);
          if ([...value].length > 20 || /[\r\n]/.test(value) || value.length === 0)
            return err(47003, `argument invalid! data.${name}.value invalid`);
          if (name.startsWith('phrase') && [...value].length > 5)
            return err(47003, `argument invalid! data.${name}.value invalid`);
        }
        if (body.url !== undefined && !/^https?:\/\//.test(String(body.url))) return err(40039, 'invalid url');
        const msgid = this.nextTemplateMsgId++;
        this.templatesSent.push({
          msgid,
          touser,
          templateId: String(body.template_id),
          url: body.url ? String(body.url) : null,
          data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v.value)])),
        });
        return json({ errcode: 0, errmsg: 'ok', msgid });
      }
      case '/cgi-bin/message/subscribe/bizsend': {
        const touser = String(body.touser ?? '');
        const templateId = String(body.template_id ?? '');
        if (!this.subscribeTemplateIds.has(templateId)) return err(40037, 'invalid template_id');
        const key = `${touser} ${templateId}`;
        // Each acceptance allows one message: without one, WeChat refuses (43101 user refuse to accept the msg).
        if (!this.acceptances.get(key)) return err(43101, 'user refuse to accept the msg');
        const data = body.data as Record<string, { value?: unknown }> | undefined;
        if (!data || typeof data !== 'object' || Object.keys(data).length === 0)
          return err(47003, 'argument invalid! data is empty');
        for (const [name, v] of Object.entries(data)) {
          const value = String(v?.value ?? '');
          if ([...value].length > 20 || /[\r\n]/.test(value) || value.length === 0)
            return err(47003, `argument invalid! data.${name}.value invalid`);
          if (name.startsWith('phrase') && [...value].length > 5)
            return err(47003, `argument invalid! data.${name}.value invalid`);
        }
        this.acceptances.set(key, this.acceptances.get(key)! - 1);
        this.subscribeSent.push({
          touser,
          templateId,
          page: body.page ? String(body.page) : null,
          data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v.value)])),
        });
        return err(0, 'ok');
      }
      case '/cgi-bin/qrcode/create': {
        const scene = body.action_info?.scene?.scene_str;
        if (typeof scene !== 'string' || scene.length < 1 || scene.length > 64) return err(40097, 'invalid args');
        const ticket = `gQ${randomBytes(16).toString('base64url')}`;
        const expire = body.action_name === 'QR_STR_SCENE' ? Number(body.expire_seconds ?? 30) : null;
        this.qrCodes.push({ scene, action: String(body.action_name), expire, ticket });
        return json({
          ticket,
          ...(expire ? { expire_seconds: expire } : {}),
          url: `http://weixin.qq.com/q/${ticket.slice(2, 24)}`,
        });
      }
      case '/cgi-bin/menu/create': {
        if (!Array.isArray(body.button) || body.button.length < 1 || body.button.length > 3)
          return err(40016, 'invalid button size');
        this.menu = body;
        this.menuCreates++;
        return err(0, 'ok');
      }
      case '/cgi-bin/menu/get': {
        if (!this.menu) return err(46003, 'menu no exist');
        // menu/get answers leaves with an empty sub_button, as WeChat does.
        const withSubs = (b: any): any => ({ ...b, sub_button: (b.sub_button ?? []).map(withSubs) });
        return json({ menu: { button: (this.menu as { button: any[] }).button.map(withSubs) } });
      }
      case '/cgi-bin/media/get': {
        const m = this.media.get(url.searchParams.get('media_id') ?? '');
        if (!m) return err(40007, 'invalid media_id');
        this.calls.push({ path: url.pathname, errcode: 0 });
        res.setHeader('content-type', m.mime);
        res.setHeader(
          'content-disposition',
          `attachment; filename="${url.searchParams.get('media_id')}.${m.mime.split('/')[1]}"`,
        );
        res.end(m.bytes);
        return;
      }
      default:
        return err(40066, 'invalid url');
    }
  }
}
