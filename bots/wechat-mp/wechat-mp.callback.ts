/**
 * The Official Account's server URL, `GET` and `POST /bots/wechat-mp/callback`. WeChat waits 5 seconds
 * for an answer and tries three times: the push is verified (signature, a timestamp within 5 minutes, a
 * nonce not used for another message: wx-replay.ts), stored (a redelivery is a no-op), and answered
 * `success` — or with a passive reply the adapter already knows — while the core's work happens
 * afterwards through the inbound queue and the outbox.
 *
 * The message mode (消息加解密方式) decides which bodies are taken. In plaintext and compatible mode
 * WeChat's `signature` covers only (token, timestamp, nonce), not the body: anyone holding one fresh
 * signed URL could post any sender and any text under it. In safe mode the body is encrypted with the
 * EncodingAESKey and `msg_signature` covers it, so only WeChat can write a push: with a key configured,
 * safe mode is the default and a plaintext body is refused; compatible mode must be chosen explicitly.
 */
import { randomBytes } from 'node:crypto';
import type { DeliveryReport, Ingest, SubscriptionStore } from '../../src/channels/adapter.js';
import type { PushNonceStore } from '../../src/channels/push-nonces.js';
import type { HttpRequest, HttpResponse, HttpRoute } from '../../src/channels/http.js';
import type { Clock } from '../../src/domain/clock.js';
import { AppError } from '../../src/domain/errors.js';
import type { Log } from '../../src/log.js';
import { textsFor } from '../../src/texts/index.js';
import type { WxCrypto } from '../wechat-common/wx-crypto.js';
import { admitPush, freshPush } from '../wechat-common/wx-replay.js';
import { buildWxXml, parseWxXml, WX_XML_MAX_BYTES, wxField, type WxXmlObject } from '../wechat-common/wx-xml.js';
import { mapMpPush } from './wechat-mp.mapper.js';

export const MP_CALLBACK_PATH = '/bots/wechat-mp/callback';

/** Pushes come from WeChat's many servers in bursts; the budget only stops a stranger hammering the door. */
export const MP_CALLBACK_BUDGET = { max: 6000, perMs: 60_000 } as const;

/** WeChat gives up on an answer after 5 s: past this, `success` goes out while the store finishes. */
export const ANSWER_WITHIN_MS = 4_000;

/** WeChat's 消息加解密方式: 明文模式, 兼容模式, 安全模式. */
export type MpMode = 'plain' | 'compatible' | 'safe';

export interface CallbackOptions {
  crypto: WxCrypto;
  /** Which bodies are taken: plaintext only, both, or encrypted only. */
  mode: MpMode;
  ingest: () => Ingest;
  /** Where a template message's delivery report goes (TEMPLATESENDJOBFINISH). */
  delivered?: () => DeliveryReport | undefined;
  /** Where accepted one-time subscriptions are kept (subscribe_msg_popup_event). */
  subscriptions?: () => SubscriptionStore | undefined;
  nonces: () => PushNonceStore;
  clock: Clock;
  log: Log;
  answerWithinMs?: number;
}

const text = (body: string, status = 200): HttpResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});
const xml = (body: string): HttpResponse => ({ headers: { 'content-type': 'application/xml; charset=utf-8' }, body });

function unsigned(): never {
  throw new AppError('webhook.signature_invalid', 'signature does not match the configured token');
}

/**
 * The body WeChat pushed, decrypted when encrypted, with the XML it carried; throws 401 for a bad
 * msg_signature, 400 for a malformed body, 403 for a plaintext body in safe mode.
 */
function openPush(
  req: HttpRequest,
  crypto: WxCrypto,
  mode: MpMode,
): { doc: WxXmlObject; encrypted: boolean; xml: string } {
  if (typeof req.body !== 'string')
    throw new AppError('webhook.invalid_update', 'body: expected WeChat XML (text/xml)', { field: 'body' });
  const outer = parseOrRefuse(req.body);
  const { timestamp, nonce } = req.query;
  if (req.query.encrypt_type !== 'aes') {
    if (mode === 'safe')
      throw new AppError(
        'webhook.encryption_required',
        'encrypt_type: safe mode takes only encrypted pushes (WECHAT_MP_MODE)',
        { field: 'encrypt_type' },
      );
    return { doc: outer, encrypted: false, xml: req.body };
  }
  if (mode === 'plain')
    throw new AppError('webhook.invalid_update', 'encrypt_type: plaintext mode is configured (WECHAT_MP_MODE=plain)', {
      field: 'encrypt_type',
    });
  const encrypt = wxField(outer, 'Encrypt');
  if (!crypto.canEncrypt)
    throw new AppError('webhook.invalid_update', 'encrypt_type: safe mode push but no WECHAT_MP_AES_KEY is set', {
      field: 'encrypt_type',
    });
  if (!encrypt)
    throw new AppError('webhook.invalid_update', 'Encrypt: missing in a safe-mode push', { field: 'Encrypt' });
  if (!crypto.verifyMsg(req.query.msg_signature, timestamp, nonce, encrypt)) unsigned();
  let xml: string;
  try {
    xml = crypto.decrypt(encrypt).xml;
  } catch {
    // Signed with our token but not decryptable with our key, or meant for another AppID.
    throw new AppError('webhook.invalid_update', 'Encrypt: cannot be decrypted with the configured key and AppID', {
      field: 'Encrypt',
    });
  }
  return { doc: parseOrRefuse(xml), encrypted: true, xml };
}

function parseOrRefuse(body: string): WxXmlObject {
  try {
    return parseWxXml(body);
  } catch (err) {
    throw new AppError('webhook.invalid_update', `body: ${(err as Error).message}`, { field: 'body' });
  }
}

export function mpCallbackRoutes(opts: CallbackOptions): HttpRoute[] {
  const { crypto, clock, log, mode } = opts;
  const within = opts.answerWithinMs ?? ANSWER_WITHIN_MS;
  const replay = { platform: 'wechat-mp' as const, clock, nonces: opts.nonces };
  const guard = (req: Omit<HttpRequest, 'body'>) => {
    // Every push and the URL check carry `signature` over (token, timestamp, nonce): checked before the body
    // is read, and so is the timestamp's freshness.
    if (!crypto.verifyPlain(req.query.signature, req.query.timestamp, req.query.nonce)) unsigned();
    freshPush(req.query, clock);
  };

  /** Stores the message; if the database is slower than WeChat's patience, answers anyway and lets the store finish. */
  async function storeInTime(message: Parameters<Ingest>[0]): Promise<void> {
    const stored = opts.ingest()(message);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), within);
    });
    try {
      const first = await Promise.race([stored.then(() => 'stored' as const), late]);
      if (first === 'late') {
        log.warn(
          { platform: 'wechat-mp', waitedMs: within },
          'store slower than WeChat waits; answered before it finished',
        );
        stored.catch((err: unknown) =>
          log.error({ platform: 'wechat-mp', err }, 'late store failed; WeChat will not redeliver'),
        );
      }
    } finally {
      clearTimeout(timer);
    }
  }

  function passive(doc: WxXmlObject, words: string, encrypted: boolean, req: HttpRequest): HttpResponse {
    const reply = buildWxXml({
      ToUserName: wxField(doc, 'FromUserName') ?? '',
      FromUserName: wxField(doc, 'ToUserName') ?? '',
      CreateTime: Math.floor(clock.now().getTime() / 1000),
      MsgType: 'text',
      Content: words,
    });
    if (!encrypted) return xml(reply);
    const timestamp = req.query.timestamp ?? String(Math.floor(clock.now().getTime() / 1000));
    const nonce = req.query.nonce ?? randomBytes(8).toString('hex');
    return xml(crypto.encryptReply(reply, timestamp, nonce));
  }

  return [
    {
      method: 'GET',
      path: MP_CALLBACK_PATH,
      rateLimit: MP_CALLBACK_BUDGET,
      guard,
      // The server configuration check: the same in plaintext, compatible and safe mode.
      async handler(req) {
        const echostr = req.query.echostr;
        if (!echostr) throw new AppError('webhook.invalid_update', 'echostr: missing', { field: 'echostr' });
        // The check's nonce is taken too: its signed URL is as good as a push's in plaintext mode.
        await admitPush(replay, req.query, `GET\n${echostr}`);
        return text(echostr);
      },
    },
    {
      method: 'POST',
      path: MP_CALLBACK_PATH,
      rateLimit: MP_CALLBACK_BUDGET,
      bodyLimit: WX_XML_MAX_BYTES,
      guard,
      async handler(req) {
        const { doc, encrypted, xml: message } = openPush(req, crypto, mode);
        // A redelivery goes the same way as the first delivery: storing it again is a no-op.
        await admitPush(replay, req.query, message);
        const mapped = mapMpPush(doc);
        if (mapped.kind === 'ignore') return text('success');
        if (mapped.kind === 'delivery') {
          await opts.delivered?.()?.('wechat-mp', mapped.msgId, mapped.status);
          return text('success');
        }
        if (mapped.kind === 'subscribed') {
          await opts.subscriptions?.()?.accepted('wechat-mp', mapped.userId, mapped.templateIds, clock.now());
          return text('success');
        }
        if (mapped.kind === 'reply') return passive(doc, textsFor('zh').wechatMp[mapped.text], encrypted, req);
        await storeInTime(mapped.message);
        return text('success');
      },
    },
  ];
}
