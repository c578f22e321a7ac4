import type { Ingest } from '../../src/channels/adapter.js';
import type { HttpRequest, HttpRoute } from '../../src/channels/http.js';
import type { PushNonceStore } from '../../src/channels/push-nonces.js';
import type { Clock } from '../../src/domain/clock.js';
import { AppError } from '../../src/domain/errors.js';
import type { Log } from '../../src/log.js';
import { type WxCrypto, WxCryptoError } from '../wechat-common/wx-crypto.js';
import { admitPush, freshPush } from '../wechat-common/wx-replay.js';
import { parseWxXml, WX_XML_MAX_BYTES, wxField, WxXmlError } from '../wechat-common/wx-xml.js';
import { mapWecomCallback } from './wecom.mapper.js';

export const WECOM_CALLBACK_PATH = '/bots/wecom/callback';

/** WeCom retries a callback three times; a village's cadres send a few messages a minute. Wrong signatures count too. */
export const WECOM_CALLBACK_BUDGET = { max: 3000, perMs: 60_000 } as const;

const text = (body: string, status = 200) => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body,
});

function signed(req: Pick<HttpRequest, 'query'>): { signature: string; timestamp: string; nonce: string } {
  const { msg_signature: signature, timestamp, nonce } = req.query;
  if (!signature || !timestamp || !nonce)
    throw new AppError('webhook.signature_invalid', 'msg_signature, timestamp and nonce are required');
  return { signature, timestamp, nonce };
}

/** A message that decrypts for another corp, or does not decrypt, was not sent by WeCom for this app. */
function decryptOrRefuse(crypto: WxCrypto, encrypt: string): string {
  try {
    return crypto.decrypt(encrypt).xml;
  } catch (err) {
    if (err instanceof WxCryptoError && err.code === 'receiver_mismatch')
      throw new AppError('webhook.signature_invalid', 'the message is for another corp');
    throw new AppError('webhook.invalid_update', 'Encrypt: cannot be decrypted with the configured EncodingAESKey', {
      field: 'Encrypt',
    });
  }
}

export interface CallbackOptions {
  crypto: WxCrypto;
  agentId: number;
  log: Log;
  clock: Clock;
  nonces: () => PushNonceStore;
}

/**
 * WeCom's callback URL. GET is the URL check when the app's 接收消息 settings are saved: the `echostr` is
 * signed and encrypted, and the answer is its plaintext. POST carries every message, always encrypted:
 * the signature is checked over the `Encrypt` field (a wrong one is 401 and nothing is stored), the message
 * is stored, and only then answered — with an empty body, which WeCom takes as "received"; the replies go
 * out through the outbox. Storing is the only work before the answer, well inside WeCom's 5 seconds.
 * The same freshness and replay rules as the Official Account's (wx-replay.ts): a timestamp within
 * 5 minutes, a nonce taken once, and a redelivery of the same message answered without a second handling.
 */
export function wecomCallbackRoutes(ingest: Ingest, opts: CallbackOptions): HttpRoute[] {
  const replay = { platform: 'wecom' as const, clock: opts.clock, nonces: opts.nonces };
  const guard = (req: Pick<HttpRequest, 'query'>) => {
    signed(req);
    freshPush(req.query, opts.clock);
  };
  return [
    {
      method: 'GET',
      path: WECOM_CALLBACK_PATH,
      rateLimit: WECOM_CALLBACK_BUDGET,
      guard,
      async handler(req) {
        const { signature, timestamp, nonce } = signed(req);
        const echo = req.query.echostr;
        if (!echo || !opts.crypto.verifyMsg(signature, timestamp, nonce, echo)) {
          throw new AppError('webhook.signature_invalid', 'msg_signature does not match');
        }
        const plain = decryptOrRefuse(opts.crypto, echo);
        await admitPush(replay, req.query, `GET\n${plain}`);
        return text(plain);
      },
    },
    {
      method: 'POST',
      path: WECOM_CALLBACK_PATH,
      bodyLimit: WX_XML_MAX_BYTES,
      rateLimit: WECOM_CALLBACK_BUDGET,
      guard,
      async handler(req) {
        const { signature, timestamp, nonce } = signed(req);
        if (typeof req.body !== 'string')
          throw new AppError('webhook.invalid_update', 'body: must be XML (text/xml)', { field: 'body' });
        let encrypt: string | undefined;
        try {
          encrypt = wxField(parseWxXml(req.body), 'Encrypt');
        } catch (err) {
          if (err instanceof WxXmlError)
            throw new AppError('webhook.invalid_update', `body: ${err.message}`, { field: 'body' });
          throw err;
        }
        if (!encrypt || !opts.crypto.verifyMsg(signature, timestamp, nonce, encrypt)) {
          throw new AppError('webhook.signature_invalid', 'msg_signature does not match');
        }
        const xml = decryptOrRefuse(opts.crypto, encrypt);
        await admitPush(replay, req.query, xml);
        let doc;
        try {
          doc = parseWxXml(xml);
        } catch (err) {
          if (err instanceof WxXmlError)
            throw new AppError('webhook.invalid_update', `Encrypt: ${err.message}`, { field: 'Encrypt' });
          throw err;
        }
        const message = mapWecomCallback(doc, opts.agentId);
        if (message) await ingest(message);
        else opts.log.debug({ type: wxField(doc, 'MsgType'), event: wxField(doc, 'Event') }, 'wecom callback ignored');
        return text('');
      },
    },
  ];
}
