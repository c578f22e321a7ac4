import QRCode from 'qrcode';
import type { ChannelState } from '../../src/channels/adapter.js';
import type { HttpRoute } from '../../src/channels/http.js';

/** What an operator needs to log the bot in: the state and, while waiting for a scan, the QR payload. */
export interface WechatLogin {
  state: ChannelState;
  qr: string | null;
}

/** The QR code in the terminal, so `npm start` on a server is enough to log in; the link is a fallback. */
export async function printQrToTerminal(qr: string): Promise<void> {
  const art = await QRCode.toString(qr, { type: 'terminal', small: true });
  process.stdout.write(
    `\n微信登录：请用机器人的微信扫码 / WeChat login: scan with the bot's WeChat account\n${art}\n` +
      `  https://wechaty.js.org/qrcode/${encodeURIComponent(qr)}\n`,
  );
}

/** `{ state, qr, png }`: the QR payload while waiting for a scan, and the same code as a data: URL to show in an <img>. */
export function wechatLoginRoute(login: () => WechatLogin): HttpRoute {
  return {
    method: 'GET',
    path: '/api/v1/wechat/login',
    admin: true,
    summary: 'WeChat login state and QR code to scan',
    async handler() {
      const { state, qr } = login();
      const png = qr ? await QRCode.toDataURL(qr, { margin: 2, width: 320 }) : null;
      // The QR code is a login credential for a few minutes: no cache may keep it.
      return { headers: { 'cache-control': 'no-store' }, body: { state, qr, png } };
    },
  };
}
