import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cardOfCode, createBindingToken } from '../data/binding-tokens.repository.js';
import { channelTraffic } from '../data/ledger.repository.js';
import { heldCounts } from '../data/outbox.repository.js';
import { createPlatformTokenStore } from '../data/platform-tokens.repository.js';
import { AppError } from '../domain/errors.js';
import type { RouteContext } from './route.context.js';

const channelView = z.object({
  platform: z.string(),
  state: z.string(),
  lastInboundAt: z.string().nullable(),
  lastOutboundAt: z.string().nullable(),
  /** Messages queued and neither sent nor given up: a growing number means the channel is stuck. */
  backlog: z.number().int(),
  /** Messages the platform would not take until their person writes again (the Official Account's 48-hour window). */
  held: z.number().int(),
  /** The platform API token shared through the database (Official Account, WeCom): when fetched, until when it lives. */
  token: z.object({ fetchedAt: z.string(), expiresAt: z.string(), ageSec: z.number().int() }).nullable(),
});

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

const qrBody = z.strictObject({
  village: z.string().min(1).max(64),
  /** The household's or member's code in the roster (h-0301, l-03). */
  code: z.string().min(1).max(64),
  /** How long the QR code works, 1–30 days (WeChat's limit for a temporary code); omitted: 30. */
  days: z.number().int().min(1).max(30).optional(),
  /** A permanent code instead (it counts against the account's 100,000). */
  permanent: z.boolean().optional(),
});

/** For the secretary's operator: is each chat channel up, and is anything piling up in front of it? */
export function channelRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'db' | 'channels' | 'clock'>): void {
  const { db, channels, clock } = ctx;
  const tokens = createPlatformTokenStore(db, clock);
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/channels',
    {
      schema: {
        summary: 'Configured chat channels: state, last traffic, outbox backlog, held messages, API token age',
        security: [{ bearer: [] }],
        response: { 200: z.object({ channels: z.array(channelView) }) },
      },
    },
    async () => {
      const [traffic, held] = await Promise.all([channelTraffic(db), heldCounts(db)]);
      const now = clock.now().getTime();
      return {
        channels: await Promise.all(
          channels.map(async (c) => {
            const info = c.tokenKey ? await tokens.info(c.tokenKey) : null;
            return {
              platform: c.platform,
              state: c.state(),
              lastInboundAt: iso(traffic.lastInboundAt.get(c.platform)),
              lastOutboundAt: iso(traffic.lastOutboundAt.get(c.platform)),
              backlog: traffic.backlog.get(c.platform) ?? 0,
              held: held.get(c.platform) ?? 0,
              token: info
                ? {
                    fetchedAt: info.fetchedAt.toISOString(),
                    expiresAt: info.expiresAt.toISOString(),
                    ageSec: Math.max(0, Math.floor((now - info.fetchedAt.getTime()) / 1000)),
                  }
                : null,
            };
          }),
        ),
      };
    },
  );

  api.post(
    '/api/v1/channels/wechat-mp/binding-qr',
    {
      schema: {
        summary:
          "A card's Official Account QR code: scanning it follows the account and binds it to the household or member, once",
        security: [{ bearer: [] }],
        body: qrBody,
        response: {
          200: z.object({
            village: z.string(),
            code: z.string(),
            kind: z.enum(['household', 'member']),
            qr: z.object({ url: z.string(), imageUrl: z.string(), expiresAt: z.string().nullable() }),
          }),
        },
      },
    },
    async (req) => {
      const mp = channels.find((c) => c.platform === 'wechat-mp');
      if (!mp?.bindingQr)
        throw new AppError('channel.not_configured', 'the Official Account (WECHAT_MP_*) is not configured');
      const { village, code } = req.body;
      const holder = await cardOfCode(db, village, code);
      if (!holder)
        throw new AppError('card.not_found', 'no household or active member with this code in the village', {
          field: 'code',
        });
      const now = clock.now();
      const ttlSec = req.body.permanent ? null : (req.body.days ?? 30) * 86_400;
      // The token lives as long as its QR code; a permanent code's token until it is used.
      const token = await createBindingToken(
        db,
        holder,
        now,
        ttlSec === null ? null : new Date(now.getTime() + ttlSec * 1000),
      );
      const qr = await mp.bindingQr(token, ttlSec);
      return {
        village,
        code,
        kind: holder.kind,
        qr: { url: qr.url, imageUrl: qr.imageUrl, expiresAt: qr.expiresAt?.toISOString() ?? null },
      };
    },
  );

  api.post(
    '/api/v1/channels/wechat-mp/menu',
    {
      schema: {
        summary:
          "Writes the Official Account's custom menu now (报事 · 我的诉求 with 在网页里说 · 更多), e.g. after LINLI_PUBLIC_URL changed",
        security: [{ bearer: [] }],
        response: { 200: z.object({ outcome: z.enum(['created', 'unchanged', 'not_allowed']), menu: z.unknown() }) },
      },
    },
    async () => {
      const mp = channels.find((c) => c.platform === 'wechat-mp');
      if (!mp?.createMenu)
        throw new AppError('channel.not_configured', 'the Official Account (WECHAT_MP_*) is not configured');
      return mp.createMenu();
    },
  );
}
