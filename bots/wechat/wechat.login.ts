import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { ChannelState } from '../../src/channels/adapter.js';

/** What an operator needs to log the bot in: the state and, while waiting for a scan, the QR payload. */
export interface WechatLogin {
  state: ChannelState;
  qr: string | null;
}

/** The QR code in the terminal, so `npm start` on a server is enough to log in; the link is a fallback. */
export async function printQrToTerminal(qr: string): Promise<void> {
  const art = await QRCode.toString(qr, { type: 'terminal', small: true });
  process.stdout.write(`\n微信登录：请用机器人的微信扫码 / WeChat login: scan with the bot's WeChat account\n${art}\n`
    + `  https://wechaty.js.org/qrcode/${encodeURIComponent(qr)}\n`);
}

const loginView = z.object({
  state: z.string(),
  qr: z.string().nullable().describe('the QR payload while waiting for a scan'),
  png: z.string().nullable().describe('the same QR code as a data: URL to show in an <img>'),
});

export function wechatLoginRoute(admin: FastifyInstance, login: () => WechatLogin): void {
  admin.withTypeProvider<ZodTypeProvider>().get('/api/v1/wechat/login', {
    schema: {
      summary: 'WeChat login state and QR code to scan',
      security: [{ bearer: [] }],
      response: { 200: loginView },
    },
  }, async (_req, reply) => {
    const { state, qr } = login();
    // The QR code is a login credential for a few minutes: no cache may keep it.
    reply.header('cache-control', 'no-store');
    return { state, qr, png: qr ? await QRCode.toDataURL(qr, { margin: 2, width: 320 }) : null };
  });
}
