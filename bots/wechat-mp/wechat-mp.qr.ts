import type { BindingQr } from '../../src/channels/adapter.js';
import type { Clock } from '../../src/domain/clock.js';
import type { MpApi } from './wechat-mp.api.js';
import { BIND_SCENE_PREFIX } from './wechat-mp.mapper.js';

/** WeChat's longest temporary QR code: 30 days. */
export const MAX_TEMPORARY_QR_SEC = 30 * 24 * 3600;

/**
 * A parametric QR code (`qrcode/create`, a string scene) carrying a one-use binding token: scanning it
 * follows the account (`subscribe` with `qrscene_…`) or, for a follower, sends `SCAN` — both bind.
 * Temporary codes live at most 30 days; permanent ones (ttl null) count against the account's 100,000.
 */
export async function createBindingQr(
  api: MpApi,
  clock: Clock,
  token: string,
  ttlSec: number | null,
): Promise<BindingQr> {
  const scene = { scene: { scene_str: `${BIND_SCENE_PREFIX}${token}` } };
  const body =
    ttlSec === null
      ? { action_name: 'QR_LIMIT_STR_SCENE', action_info: scene }
      : {
          expire_seconds: Math.min(Math.max(60, Math.floor(ttlSec)), MAX_TEMPORARY_QR_SEC),
          action_name: 'QR_STR_SCENE',
          action_info: scene,
        };
  const got = await api.post<{ ticket: string; url: string; expire_seconds?: number }>('/cgi-bin/qrcode/create', body);
  return {
    url: got.url,
    imageUrl: `https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${encodeURIComponent(got.ticket)}`,
    expiresAt: got.expire_seconds ? new Date(clock.now().getTime() + got.expire_seconds * 1000) : null,
  };
}
