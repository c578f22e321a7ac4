import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { configuredChannels } from '../../src/compose.js';
import { silentLog } from '../../src/log.js';

const mp = {
  WECHAT_MP_APP_ID: 'wx0123456789abcdef',
  WECHAT_MP_APP_SECRET: 'fakeSecret0123456789abcdef012345',
  WECHAT_MP_TOKEN: 'linliToken',
};
const clock = { now: () => new Date() };

describe('Official Account configuration', () => {
  it("turns the channel on with AppID, AppSecret and Token; the API root defaults to WeChat's", () => {
    const config = loadConfig({ ...mp, WEB_CHAT: 'false' });
    expect(config.WECHAT_MP_API_ROOT).toBe('https://api.weixin.qq.com');
    expect(configuredChannels(config, clock, silentLog).map((c) => c.platform)).toEqual(['wechat-mp']);
    expect(configuredChannels(loadConfig({ WEB_CHAT: 'false' }), clock, silentLog)).toEqual([]);
  });

  it('names every missing companion variable, and a bad AppID or EncodingAESKey', () => {
    const missing = (() => {
      try {
        loadConfig({ WECHAT_MP_APP_ID: mp.WECHAT_MP_APP_ID });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(missing).toBeInstanceOf(ConfigError);
    expect(missing.variables).toEqual(expect.arrayContaining(['WECHAT_MP_APP_SECRET', 'WECHAT_MP_TOKEN']));
    expect(() => loadConfig({ ...mp, WECHAT_MP_APP_ID: 'gh_123' })).toThrow(/WECHAT_MP_APP_ID/);
    expect(() => loadConfig({ ...mp, WECHAT_MP_AES_KEY: 'tooShort' })).toThrow(
      /WECHAT_MP_AES_KEY: the EncodingAESKey is 43/,
    );
    expect(loadConfig({ ...mp, WECHAT_MP_AES_KEY: 'a'.repeat(43) }).WECHAT_MP_AES_KEY).toHaveLength(43);
  });

  it('takes safe mode by default with an EncodingAESKey, plaintext without; compatible only when chosen, never without a key', () => {
    const key = { WECHAT_MP_AES_KEY: 'a'.repeat(43) };
    expect(loadConfig({ ...mp, ...key }).WECHAT_MP_MODE).toBe('safe');
    expect(loadConfig({ ...mp }).WECHAT_MP_MODE).toBe('plain');
    expect(loadConfig({ ...mp, ...key, WECHAT_MP_MODE: 'compatible' }).WECHAT_MP_MODE).toBe('compatible');
    expect(loadConfig({ ...mp, ...key, WECHAT_MP_MODE: 'plain' }).WECHAT_MP_MODE).toBe('plain');
    expect(() => loadConfig({ ...mp, WECHAT_MP_MODE: 'safe' })).toThrow(
      /WECHAT_MP_AES_KEY: is required with WECHAT_MP_MODE=safe/,
    );
    expect(() => loadConfig({ ...mp, WECHAT_MP_MODE: 'compatible' })).toThrow(/WECHAT_MP_AES_KEY/);
    expect(() => loadConfig({ ...mp, ...key, WECHAT_MP_MODE: 'encrypted' })).toThrow(/WECHAT_MP_MODE/);
  });
});
