import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createTelegramChannel } from '../../bots/telegram/index.js';
import { createWebChannel } from '../../bots/web/index.js';
import { createWechatMpChannel } from '../../bots/wechat-mp/index.js';
import { MP_CALLBACK_PATH, type MpMode } from '../../bots/wechat-mp/wechat-mp.callback.js';
import { createWxCrypto } from '../../bots/wechat-common/wx-crypto.js';
import type { MpTemplate, MpTemplates } from '../../bots/wechat-mp/wechat-mp.templates.js';
import type { ChannelAdapter, ChannelContext } from '../../src/channels/adapter.js';
import { buildApp } from '../../src/app.js';
import { createOfflineClassifier } from '../../src/classify/offline.classifier.js';
import type { IdentityPolicy } from '../../src/domain/binding.js';
import type { Classifier } from '../../src/domain/classification.js';
import type { MediaOptions } from '../../src/domain/media.js';
import type { Database } from '../../src/data/database.js';
import { FakeTelegram } from '../support/fake-telegram.js';
import { FakeWechatMp } from '../support/fake-wechat-mp.js';
import { ADMIN_TOKEN, daytimeClock, type Harness, waitFor, WEBHOOK_SECRET } from '../support/harness.js';
import { createTestDatabase } from '../support/test-db.js';

export const MP_TOKEN = 'linliMpToken2026';
/** A 43-character EncodingAESKey of our own (WeChat's sample one is checked in wx-crypto.test.ts). */
export const MP_AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

export interface MpHarness extends Harness {
  mp: FakeWechatMp;
  /** Each instance's Official Account adapter, in the order the instances were built. */
  adapters: ReturnType<typeof createWechatMpChannel>[];
  /** The app instances on the database; `instances[0]` is `app`. */
  instances: FastifyInstance[];
  urlOf(i: number): string;
  /** Another instance of the service on the same database and the same WeChat account. */
  addInstance(): Promise<FastifyInstance>;
  api(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  /** Everything the service logged (info and above), one JSON line each. */
  logs: string[];
}

export interface MpHarnessOptions {
  /** Safe mode: WECHAT_MP_AES_KEY set. */
  aes?: boolean;
  /** WECHAT_MP_MODE (a key is given for compatible and safe); without it, safe with `aes`, plain otherwise. */
  mode?: MpMode;
  /** Binding throttles (LINLI_BIND_*), when a test needs other numbers than the defaults. */
  identity?: IdentityPolicy;
  classifier?: Classifier;
  /** WECHAT_MP_TEMPLATES, parsed. */
  templates?: MpTemplates;
  /** WECHAT_MP_SUBSCRIBE, parsed. */
  subscribe?: MpTemplate;
  /** LINLI_PUBLIC_URL; `true`: the first instance's own address. */
  publicUrl?: string | true;
  /** The web chat too, with the Official Account's web authorization (needs `publicUrl`). */
  webChat?: boolean;
  /** Wraps each instance's ingest, e.g. to make the database slow for the WeChat door. */
  wrapIngest?: (ingest: ChannelContext['ingest']) => ChannelContext['ingest'];
  /** Photos and voice (e.g. a transcriber against the fake OpenAI server); kept in memory. */
  media?: Omit<MediaOptions, 'store'>;
}

/** The service with the Official Account (against the local fake API) and Telegram, on one fresh database. */
export async function startMpHarness(opts: MpHarnessOptions = {}): Promise<MpHarness> {
  const clock = daytimeClock();
  const database: Database = await createTestDatabase({ roster: 'demo' });
  const telegram = await new FakeTelegram().start();
  const mp = await new FakeWechatMp().start();
  const instances: FastifyInstance[] = [];
  const adapters: ReturnType<typeof createWechatMpChannel>[] = [];
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const mode: MpMode = opts.mode ?? (opts.aes ? 'safe' : 'plain');
  // The first instance's address, known only once it listens: read when a link is made, not when the adapter is.
  let firstUrl = '';
  const publicUrl = () => firstUrl;
  const build = async () => {
    const app = await buildApp({
      database,
      clock,
      classifier: opts.classifier ?? createOfflineClassifier(),
      adminToken: ADMIN_TOKEN,
      pollMs: 25,
      outboxBaseDelayMs: 50,
      logger: { level: 'info', stream },
      ...(opts.identity ? { identity: opts.identity } : {}),
      ...(opts.media ? { media: opts.media } : {}),
      channels: (log) => {
        const adapter = createWechatMpChannel({
          appId: mp.appId,
          appSecret: mp.appSecret,
          token: MP_TOKEN,
          apiRoot: mp.apiRoot,
          clock,
          log,
          mode,
          ...(mode !== 'plain' ? { aesKey: MP_AES_KEY } : {}),
          ...(opts.templates ? { templates: opts.templates } : {}),
          ...(opts.subscribe ? { subscribe: opts.subscribe } : {}),
          ...(opts.publicUrl ? { publicUrl: opts.publicUrl === true ? publicUrl : opts.publicUrl } : {}),
          oauthRoot: mp.oauthRoot,
          pacing: { perRecipientMs: 0, jitterMs: 0, perSecond: 100 },
          ...(opts.webChat ? { webChat: true } : {}),
        });
        adapters.push(adapter);
        const wrapped: ChannelAdapter = opts.wrapIngest
          ? { ...adapter, routes: (ctx) => adapter.routes!({ ...ctx, ingest: opts.wrapIngest!(ctx.ingest) }) }
          : adapter;
        const web = opts.webChat
          ? [
              createWebChannel({
                clock,
                log,
                sessionSecret: 'mp-test-session-secret-0123456789abcdef',
                wechat: {
                  appId: mp.appId,
                  appSecret: mp.appSecret,
                  apiRoot: mp.apiRoot,
                  oauthRoot: mp.oauthRoot,
                  publicUrl,
                },
              }),
            ]
          : [];
        return [
          ...web,
          createTelegramChannel({
            token: telegram.token,
            mode: 'webhook',
            apiRoot: telegram.apiRoot,
            webhookSecret: WEBHOOK_SECRET,
            botUsername: telegram.username,
            clock,
            log,
          }),
          wrapped,
        ];
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    instances.push(app);
    return app;
  };
  const app = await build();
  firstUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const urlOf = (i: number) => `http://127.0.0.1:${(instances[i]!.server.address() as { port: number }).port}`;
  return {
    app,
    mp,
    adapters,
    telegram,
    database,
    clock,
    instances,
    urlOf,
    logs,
    get url() {
      return urlOf(0);
    },
    addInstance: build,
    async restart() {
      throw new Error('not used');
    },
    async api(path, init = {}) {
      const res = await fetch(`${urlOf(0)}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    async close() {
      for (const a of instances) await a.close();
      await telegram.stop();
      await mp.stop();
      await database.close();
    },
  };
}

/**
 * WeChat's side of safe mode, written here apart from bots/wechat-common so the test does not check the
 * service's crypto with itself (wx-crypto.test.ts checks this one against WeChat's published sample).
 */
export function wechatEncrypt(encodingAesKey: string, appId: string, xml: string, random16: Buffer): string {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  const msg = Buffer.from(xml, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  let plain = Buffer.concat([random16, len, msg, Buffer.from(appId)]);
  const pad = 32 - (plain.length % 32);
  plain = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

const sha1 = (parts: string[]) =>
  createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
let msgId = 24_000_000_000_000_000n;
const cdata = (s: string) => `<![CDATA[${s}]]>`;

export interface Pushed {
  status: number;
  body: string;
  contentType: string;
  ms: number;
}

/** How WeChat posts: plaintext; encrypted (safe mode); or compatible mode's body with both the plaintext fields and `Encrypt`. */
export type PushMode = 'plain' | 'aes' | 'compat';

/** A push as WeChat signs it, before it is sent: the query string and the body. */
export interface SignedPush {
  query: URLSearchParams;
  body: string;
}

/**
 * A follower of the Official Account as WeChat's servers present them: every message a signed XML POST
 * to the callback, in plaintext or (safe mode) AES-encrypted with msg_signature, like WeChat does it.
 * The timestamp is the service clock's: WeChat's servers and the service agree on the time.
 */
export class MpUser {
  readonly openid: string;
  constructor(
    readonly h: MpHarness,
    readonly mode: PushMode = 'plain',
    openid?: string,
  ) {
    this.openid = openid ?? `o${randomBytes(13).toString('base64url')}`;
  }

  /** The XML WeChat sends for a message: `fields` after ToUserName, FromUserName, CreateTime. */
  xml(fields: string, createTime = Math.floor(this.h.clock.now().getTime() / 1000)): string {
    return (
      `<xml><ToUserName>${cdata(this.h.mp.accountId)}</ToUserName>\n<FromUserName>${cdata(this.openid)}</FromUserName>\n` +
      `<CreateTime>${createTime}</CreateTime>\n${fields}\n</xml>`
    );
  }

  textXml(text: string, id = ++msgId): string {
    return this.xml(`<MsgType>${cdata('text')}</MsgType>\n<Content>${cdata(text)}</Content>\n<MsgId>${id}</MsgId>`);
  }

  /** `plainXml` signed (and encrypted) as WeChat would; `timestamp` and `nonce` WeChat's unless a test sets them. */
  sign(plainXml: string, o: { forge?: boolean; timestamp?: string; nonce?: string } = {}): SignedPush {
    const timestamp = o.timestamp ?? String(Math.floor(this.h.clock.now().getTime() / 1000));
    const nonce = o.nonce ?? String(Math.floor(Math.random() * 1e10));
    const token = o.forge ? 'notTheToken' : MP_TOKEN;
    const query = new URLSearchParams({
      signature: sha1([token, timestamp, nonce]),
      timestamp,
      nonce,
      openid: this.openid,
    });
    let body = plainXml;
    if (this.mode !== 'plain') {
      const encrypt = wechatEncrypt(MP_AES_KEY, this.h.mp.appId, plainXml, randomBytes(16));
      query.set('encrypt_type', 'aes');
      query.set('msg_signature', sha1([token, timestamp, nonce, encrypt]));
      body =
        this.mode === 'aes'
          ? `<xml>\n<ToUserName>${cdata(this.h.mp.accountId)}</ToUserName>\n<Encrypt>${cdata(encrypt)}</Encrypt>\n</xml>`
          : plainXml.replace(/\n?<\/xml>\s*$/, `\n<Encrypt>${cdata(encrypt)}</Encrypt>\n</xml>`);
    }
    return { query, body };
  }

  /** POSTs a signed push to the callback; `instance` picks the app. */
  async post(signed: SignedPush, o: { instance?: number } = {}): Promise<Pushed> {
    const started = Date.now();
    const res = await fetch(`${this.h.urlOf(o.instance ?? 0)}${MP_CALLBACK_PATH}?${signed.query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: signed.body,
    });
    return {
      status: res.status,
      body: await res.text(),
      contentType: res.headers.get('content-type') ?? '',
      ms: Date.now() - started,
    };
  }

  /** POSTs `plainXml` as WeChat would (signed; encrypted in safe mode); `instance` picks the app. */
  async push(plainXml: string, o: { instance?: number; forge?: boolean } = {}): Promise<Pushed> {
    if (!o.forge) this.h.mp.personWrote(this.openid);
    return this.post(this.sign(plainXml, o), o);
  }

  say(text: string, o: { instance?: number } = {}): Promise<Pushed> {
    return this.push(this.textXml(text), o);
  }

  voice(mediaId: string, recognition: string | null): Promise<Pushed> {
    return this.push(
      this.xml(
        `<MsgType>${cdata('voice')}</MsgType>\n<MediaId>${cdata(mediaId)}</MediaId>\n<Format>${cdata('amr')}</Format>\n` +
          `${recognition === null ? '' : `<Recognition>${cdata(recognition)}</Recognition>\n`}<MsgId>${++msgId}</MsgId>`,
      ),
    );
  }

  image(mediaId: string): Promise<Pushed> {
    return this.push(
      this.xml(
        `<MsgType>${cdata('image')}</MsgType>\n<PicUrl>${cdata(`http://mmbiz.qpic.cn/${mediaId}`)}</PicUrl>\n` +
          `<MediaId>${cdata(mediaId)}</MediaId>\n<MsgId>${++msgId}</MsgId>`,
      ),
    );
  }

  event(event: string, key: string | null, createTime?: number): Promise<Pushed> {
    const ticket = (event === 'subscribe' || event === 'SCAN') && key ? `\n<Ticket>${cdata('gQfake')}</Ticket>` : '';
    const eventKey = key === null ? '' : `\n<EventKey>${cdata(key)}</EventKey>`;
    return this.push(
      this.xml(`<MsgType>${cdata('event')}</MsgType>\n<Event>${cdata(event)}</Event>${eventKey}${ticket}`, createTime),
    );
  }

  inbox(): string[] {
    return this.h.mp.sentTo(this.openid);
  }

  async expect(pattern: RegExp, since = 0): Promise<string> {
    return waitFor(
      () =>
        this.inbox()
          .slice(since)
          .find((m) => pattern.test(m)),
      `${this.openid} to receive ${pattern}`,
    );
  }
}

/** The passive reply inside an answer: decrypted in safe mode after checking its msg_signature. */
export function passiveReply(h: MpHarness, pushed: Pushed, mode: PushMode): string {
  if (mode === 'plain') return pushed.body;
  const c = createWxCrypto({ token: MP_TOKEN, encodingAesKey: MP_AES_KEY, receiverId: h.mp.appId });
  const enc = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(pushed.body)?.[1];
  const sig = /<MsgSignature><!\[CDATA\[([0-9a-f]+)\]\]><\/MsgSignature>/.exec(pushed.body)?.[1];
  const ts = /<TimeStamp>(\d+)<\/TimeStamp>/.exec(pushed.body)?.[1];
  const nonce = /<Nonce><!\[CDATA\[([^\]]+)\]\]><\/Nonce>/.exec(pushed.body)?.[1];
  if (!enc || !sig || !ts || !nonce) throw new Error(`not an encrypted reply: ${pushed.body.slice(0, 200)}`);
  if (!c.verifyMsg(sig, ts, nonce, enc)) throw new Error('reply msg_signature does not verify');
  return c.decrypt(enc).xml;
}
