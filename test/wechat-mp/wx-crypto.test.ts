import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { createWxCrypto, sha1Sorted, WxCryptoError } from '../../bots/wechat-common/wx-crypto.js';
import { buildWxXml, parseWxXml, WxXmlError } from '../../bots/wechat-common/wx-xml.js';
import { wechatEncrypt } from './mp-harness.js';

// WeChat's published WXBizMsgCrypt sample (the same vector ships with the 公众号 and 企业微信 samples).
const SAMPLE = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiverId: 'wx5823bf96d3bd56c7',
};
const VERIFY = {
  msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  plain: '1616140317555161061',
};
const PUSH = {
  msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
  timestamp: '1409659813',
  nonce: '1372623149',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
};

describe('WXBizMsgCrypt against WeChat’s published sample', () => {
  const crypto = createWxCrypto(SAMPLE);

  it('verifies the sample URL-verification msg_signature and decrypts its echostr', () => {
    expect(crypto.msgSignature(VERIFY.timestamp, VERIFY.nonce, VERIFY.echostr)).toBe(VERIFY.msgSignature);
    expect(crypto.verifyMsg(VERIFY.msgSignature, VERIFY.timestamp, VERIFY.nonce, VERIFY.echostr)).toBe(true);
    expect(crypto.decrypt(VERIFY.echostr)).toEqual({ xml: VERIFY.plain, receiverId: SAMPLE.receiverId });
  });

  it('verifies and decrypts the sample push to a text message for the sample AppID', () => {
    expect(crypto.verifyMsg(PUSH.msgSignature, PUSH.timestamp, PUSH.nonce, PUSH.encrypt)).toBe(true);
    const { xml, receiverId } = crypto.decrypt(PUSH.encrypt);
    expect(receiverId).toBe(SAMPLE.receiverId);
    const doc = parseWxXml(xml);
    expect(doc.ToUserName).toBe('wx5823bf96d3bd56c7');
    expect(doc.MsgType).toBe('text');
    expect(typeof doc.Content).toBe('string');
    expect(doc.MsgId).toMatch(/^\d+$/);
  });

  it('refuses a wrong signature, a changed ciphertext and a message for another AppID', () => {
    expect(crypto.verifyMsg(PUSH.msgSignature, PUSH.timestamp, '1', PUSH.encrypt)).toBe(false);
    expect(crypto.verifyMsg(undefined, PUSH.timestamp, PUSH.nonce, PUSH.encrypt)).toBe(false);
    expect(crypto.verifyMsg(PUSH.msgSignature.slice(1), PUSH.timestamp, PUSH.nonce, PUSH.encrypt)).toBe(false);
    const other = createWxCrypto({ ...SAMPLE, receiverId: 'wxanotherapp0000' });
    expect(() => other.decrypt(PUSH.encrypt)).toThrow(expect.objectContaining({ code: 'receiver_mismatch' }));
    // CBC has no integrity of its own: the msg_signature over the ciphertext is what catches a change.
    const tampered = `${PUSH.encrypt.slice(0, 10)}A${PUSH.encrypt.slice(11)}`;
    expect(crypto.verifyMsg(PUSH.msgSignature, PUSH.timestamp, PUSH.nonce, tampered)).toBe(false);
    const lastBlockChanged = `${PUSH.encrypt.slice(0, -30)}${'A'.repeat(28)}==`;
    expect(() => crypto.decrypt(lastBlockChanged)).toThrow(WxCryptoError);
    expect(() => crypto.decrypt('not base64!')).toThrow(expect.objectContaining({ code: 'bad_ciphertext' }));
    expect(() => crypto.decrypt('AAAA')).toThrow(expect.objectContaining({ code: 'bad_ciphertext' }));
  });

  it('encrypts a reply (Chinese counts in bytes) that decrypts back and carries the right msg_signature', () => {
    const reply =
      '<xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx582测试一下中文的情况，消息长度是按字节来算的396d3bd56c7]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId></xml>';
    const out = crypto.encrypt(reply, PUSH.timestamp, PUSH.nonce);
    expect(out.msgSignature).toBe(sha1Sorted([SAMPLE.token, PUSH.timestamp, PUSH.nonce, out.encrypt]));
    expect(Buffer.from(out.encrypt, 'base64').length % 32).toBe(0);
    expect(crypto.decrypt(out.encrypt).xml).toBe(reply);

    const wrapped = parseWxXml(crypto.encryptReply(reply, PUSH.timestamp, PUSH.nonce));
    expect(wrapped.TimeStamp).toBe(PUSH.timestamp);
    expect(wrapped.Nonce).toBe(PUSH.nonce);
    expect(
      crypto.verifyMsg(wrapped.MsgSignature as string, PUSH.timestamp, PUSH.nonce, wrapped.Encrypt as string),
    ).toBe(true);
    expect(crypto.decrypt(wrapped.Encrypt as string).xml).toBe(reply);
  });

  it('the test helper encrypts exactly as WeChat did: the sample re-encrypted with its own random bytes is byte-identical', () => {
    const key = Buffer.from(`${SAMPLE.encodingAesKey}=`, 'base64');
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    const plain = Buffer.concat([decipher.update(Buffer.from(PUSH.encrypt, 'base64')), decipher.final()]);
    const { xml } = crypto.decrypt(PUSH.encrypt);
    expect(wechatEncrypt(SAMPLE.encodingAesKey, SAMPLE.receiverId, xml, plain.subarray(0, 16))).toBe(PUSH.encrypt);
    expect(crypto.encrypt(xml, PUSH.timestamp, PUSH.nonce, plain.subarray(0, 16))).toEqual({
      encrypt: PUSH.encrypt,
      msgSignature: PUSH.msgSignature,
    });
  });

  it('pads a plaintext that fills whole 32-byte blocks with one more block (PKCS#7 to 32)', () => {
    const receiverId = 'x'.repeat(12); // 16 + 4 + 0 + 12 = 32 bytes
    const c = createWxCrypto({ ...SAMPLE, receiverId });
    const out = c.encrypt('', '1', '2', Buffer.alloc(16, 7));
    expect(Buffer.from(out.encrypt, 'base64').length).toBe(64);
    expect(c.decrypt(out.encrypt)).toEqual({ xml: '', receiverId });
  });

  it('computes the plain `signature` of URL verification as sha1 of the sorted token, timestamp and nonce', () => {
    const sig = crypto.plainSignature('1409659589', '263014780');
    expect(sig).toBe(sha1Sorted(['263014780', 'QDG6eK', '1409659589']));
    expect(crypto.verifyPlain(sig, '1409659589', '263014780')).toBe(true);
    expect(crypto.verifyPlain(sig.toUpperCase(), '1409659589', '263014780')).toBe(true);
    expect(crypto.verifyPlain(sig, '1409659590', '263014780')).toBe(false);
    expect(crypto.verifyPlain(sig, undefined, '263014780')).toBe(false);
  });

  it('rejects an EncodingAESKey that is not 43 base64 characters', () => {
    expect(() => createWxCrypto({ ...SAMPLE, encodingAesKey: 'short' })).toThrow(
      expect.objectContaining({ code: 'bad_aes_key' }),
    );
    const plainOnly = createWxCrypto({ token: 't', receiverId: 'a' });
    expect(plainOnly.canEncrypt).toBe(false);
    expect(() => plainOnly.decrypt(PUSH.encrypt)).toThrow(WxCryptoError);
  });
});

describe('WeChat XML', () => {
  it('parses a push keeping a 64-bit MsgId exact and CDATA text verbatim', () => {
    const doc = parseWxXml(`<xml><ToUserName><![CDATA[gh_123]]></ToUserName>
<FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>1700000000</CreateTime>
<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[路灯 <坏了> & 不亮]]></Content>
<MsgId>23456789012345678901</MsgId></xml>`);
    expect(doc).toMatchObject({
      ToUserName: 'gh_123',
      CreateTime: '1700000000',
      Content: '路灯 <坏了> & 不亮',
      MsgId: '23456789012345678901',
    });
  });

  it('builds replies with CDATA strings (a "]]>" inside survives) and bare numbers', () => {
    const xml = buildWxXml({ ToUserName: 'o1', CreateTime: 1700000000, MsgType: 'text', Content: 'a]]>b' });
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[o1]]></ToUserName><CreateTime>1700000000</CreateTime>' +
        '<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>',
    );
    expect(parseWxXml(xml).Content).toBe('a]]>b');
  });

  it('refuses a DTD, a document without <xml> and broken XML', () => {
    expect(() => parseWxXml('<!DOCTYPE x [<!ENTITY a "b">]><xml><A>&a;</A></xml>')).toThrow(WxXmlError);
    expect(() => parseWxXml('<root><A>1</A></root>')).toThrow(WxXmlError);
    expect(() => parseWxXml('<xml><A>1</B></xml>')).toThrow(WxXmlError);
    expect(() => parseWxXml('')).toThrow(WxXmlError);
  });
});
