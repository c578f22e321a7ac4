/**
 * WeChat's message crypto (WXBizMsgCrypt), shared by the Official Account (公众号) and WeCom (企业微信) callbacks.
 * Signatures are sha1 over the sorted parts; the body is AES-256-CBC with key = base64(EncodingAESKey + "="),
 * IV = key[0..16], PKCS#7 padded to 32-byte blocks, plaintext = random16 ‖ length(4, BE) ‖ xml ‖ receiverId.
 * receiverId is the AppID for an Official Account and the CorpID for WeCom.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { sameSecret } from '../../src/domain/constant-time.js';

import { buildWxXml } from './wx-xml.js';

export type WxCryptoErrorCode =
  | 'bad_aes_key' // EncodingAESKey is not 43 base64 characters
  | 'bad_ciphertext' // not base64, not whole AES blocks, or bad padding/length
  | 'receiver_mismatch'; // decrypted fine but for another AppID/CorpID

export class WxCryptoError extends Error {
  constructor(
    readonly code: WxCryptoErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WxCryptoError';
  }
}

export interface WxCryptoOptions {
  token: string;
  /** The 43-character EncodingAESKey; absent → only signatures (plaintext mode). */
  encodingAesKey?: string;
  /** AppID (公众号) or CorpID (WeCom) that every decrypted message must carry. */
  receiverId: string;
}

export interface WxDecrypted {
  xml: string;
  receiverId: string;
}

export interface WxEncrypted {
  encrypt: string;
  msgSignature: string;
}

export interface WxCrypto {
  readonly canEncrypt: boolean;
  /** sha1(sort(token, timestamp, nonce)) — the `signature` of URL verification and plaintext pushes. */
  plainSignature(timestamp: string, nonce: string): string;
  /** sha1(sort(token, timestamp, nonce, encrypt)) — the `msg_signature` of encrypted pushes. */
  msgSignature(timestamp: string, nonce: string, encrypt: string): string;
  /** Constant-time check of a `signature` query parameter. */
  verifyPlain(signature: string | undefined, timestamp: string | undefined, nonce: string | undefined): boolean;
  /** Constant-time check of a `msg_signature` query parameter. */
  verifyMsg(
    msgSignature: string | undefined,
    timestamp: string | undefined,
    nonce: string | undefined,
    encrypt: string | undefined,
  ): boolean;
  /** Decrypts an `Encrypt` value (or WeCom's `echostr`); throws WxCryptoError, also when the receiverId differs. */
  decrypt(encrypt: string): WxDecrypted;
  /** Encrypts a passive reply; `random16` only for tests that need a fixed output. */
  encrypt(xml: string, timestamp: string, nonce: string, random16?: Buffer): WxEncrypted;
  /** The whole encrypted passive reply: `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`. */
  encryptReply(xml: string, timestamp: string, nonce: string): string;
}

const BLOCK = 32;

export function sha1Sorted(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

function sameHex(expected: string, given: string | undefined): boolean {
  return typeof given === 'string' && sameSecret(expected, given.toLowerCase());
}

export function aesKeyFrom(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new WxCryptoError('bad_aes_key', 'EncodingAESKey must be 43 base64 characters');
  }
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WxCryptoError('bad_aes_key', 'EncodingAESKey does not decode to 32 bytes');
  return key;
}

function pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > BLOCK || n > data.length) throw new WxCryptoError('bad_ciphertext', 'bad padding');
  return data.subarray(0, data.length - n);
}

export function createWxCrypto(options: WxCryptoOptions): WxCrypto {
  const { token, receiverId } = options;
  const key = options.encodingAesKey ? aesKeyFrom(options.encodingAesKey) : null;
  const needKey = (): Buffer => {
    if (!key) throw new WxCryptoError('bad_aes_key', 'no EncodingAESKey configured');
    return key;
  };

  const plainSignature = (timestamp: string, nonce: string) => sha1Sorted([token, timestamp, nonce]);
  const msgSignature = (timestamp: string, nonce: string, encrypt: string) =>
    sha1Sorted([token, timestamp, nonce, encrypt]);

  function decrypt(encrypt: string): WxDecrypted {
    const k = needKey();
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt)) throw new WxCryptoError('bad_ciphertext', 'not base64');
    const raw = Buffer.from(encrypt, 'base64');
    if (raw.length === 0 || raw.length % 16 !== 0) throw new WxCryptoError('bad_ciphertext', 'not whole blocks');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', k, k.subarray(0, 16));
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(raw), decipher.final()]);
    } catch {
      throw new WxCryptoError('bad_ciphertext', 'cannot decrypt');
    }
    const body = unpad(plain);
    if (body.length < 20) throw new WxCryptoError('bad_ciphertext', 'too short');
    const length = body.readUInt32BE(16);
    if (20 + length > body.length) throw new WxCryptoError('bad_ciphertext', 'length beyond the message');
    const xml = body.subarray(20, 20 + length).toString('utf8');
    const from = body.subarray(20 + length).toString('utf8');
    if (from !== receiverId) throw new WxCryptoError('receiver_mismatch', 'message is for another receiver');
    return { xml, receiverId: from };
  }

  function encrypt(xml: string, timestamp: string, nonce: string, random16?: Buffer): WxEncrypted {
    const k = needKey();
    const random = random16 ?? randomBytes(16);
    if (random.length !== 16) throw new RangeError('random16 must be 16 bytes');
    const msg = Buffer.from(xml, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(msg.length, 0);
    const cipher = createCipheriv('aes-256-cbc', k, k.subarray(0, 16));
    cipher.setAutoPadding(false);
    const plain = pad(Buffer.concat([random, length, msg, Buffer.from(receiverId, 'utf8')]));
    const enc = Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
    return { encrypt: enc, msgSignature: msgSignature(timestamp, nonce, enc) };
  }

  return {
    canEncrypt: key !== null,
    plainSignature,
    msgSignature,
    verifyPlain: (signature, timestamp, nonce) =>
      typeof timestamp === 'string' &&
      typeof nonce === 'string' &&
      sameHex(plainSignature(timestamp, nonce), signature),
    verifyMsg: (signature, timestamp, nonce, enc) =>
      typeof timestamp === 'string' &&
      typeof nonce === 'string' &&
      typeof enc === 'string' &&
      sameHex(msgSignature(timestamp, nonce, enc), signature),
    decrypt,
    encrypt,
    encryptReply(xml, timestamp, nonce) {
      const { encrypt: enc, msgSignature: sig } = encrypt(xml, timestamp, nonce);
      return buildWxXml({
        Encrypt: enc,
        MsgSignature: sig,
        TimeStamp: /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : timestamp,
        Nonce: nonce,
      });
    },
  };
}
