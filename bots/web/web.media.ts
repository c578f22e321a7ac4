import { createHmac } from 'node:crypto';
import { sameSecret } from '../../src/domain/constant-time.js';
import { z } from 'zod';
import type { ChannelContext } from '../../src/channels/adapter.js';
import type { OutAttachment } from '../../src/channels/channel.port.js';
import type { Budget, HttpRequest, HttpRoute } from '../../src/channels/http.js';
import { AppError } from '../../src/domain/errors.js';
import { checkImage, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from '../../src/domain/image.js';
import { isImageMime, MEDIA_KEY, sniffMime } from '../../src/domain/media.js';
import { sessionOf, SLOT, webUserId } from './web.session.js';

/**
 * The page shrinks a photo with a canvas before it uploads (a phone's 4 MB photo becomes a few hundred
 * KB), so the server takes only what a shrunk photo can weigh.
 */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/** Uploads per client address: a village on one public address still sends far fewer photos. */
export const uploadBudget: Budget = { max: 30, perMs: 60_000 };
/** Photos fetched by the page per client address (a history of photos reloads them all). */
export const mediaBudget: Budget = { max: 600, perMs: 60_000 };

const SIG = /^[A-Za-z0-9_-]{43}$/;

/**
 * Ties a stored key to one web user: an upload is named in a message only by the page that uploaded it,
 * and a photo is shown only to the page it was sent to, though the key itself is just the bytes' hash.
 */
export function mediaSignature(secret: string, userId: string, key: string): string {
  return createHmac('sha256', secret).update(`media\0${userId}\0${key}`).digest('base64url');
}

export function validSignature(secret: string, userId: string, key: string, sig: string): boolean {
  if (!SIG.test(sig) || !MEDIA_KEY.test(key)) return false;
  return sameSecret(mediaSignature(secret, userId, key), sig);
}

/** The page's view of an attachment the bot sends: where to load it (this user's signed address). */
export interface PageAttachment {
  kind: OutAttachment['kind'];
  url: string;
  mime: string;
}

/** The page adds its own slot to the address: the signature holds only for the web user it was sent to. */
export function pageAttachments(secret: string, userId: string, list: OutAttachment[] | undefined): PageAttachment[] {
  return (list ?? []).map((a) => ({
    kind: a.kind,
    mime: a.mime,
    url: `/chat/media?${new URLSearchParams({ key: a.mediaKey, sig: mediaSignature(secret, userId, a.mediaKey) })}`,
  }));
}

const upload = z.object({
  mime: z.string().max(100),
  data: z
    .string()
    .min(1)
    .max(Math.ceil(MAX_UPLOAD_BYTES / 3) * 4 + 4),
});

function userOf(req: Pick<HttpRequest, 'headers' | 'query'>, secret: string): string {
  const session = sessionOf(req.headers, secret);
  if (!session) throw new AppError('web.no_session');
  const slot = req.query.slot && SLOT.test(req.query.slot) ? req.query.slot : 'me';
  return webUserId(session, slot);
}

/** `POST /chat/upload` (a shrunk photo as base64 JSON) and `GET /chat/media` (a photo or voice note sent to this page). */
export function mediaRoutes(deps: { sessionSecret: string; ctx: ChannelContext }): HttpRoute[] {
  const { sessionSecret: secret } = deps;
  return [
    {
      method: 'POST',
      path: '/chat/upload',
      bodyLimit: Math.ceil(MAX_UPLOAD_BYTES / 3) * 4 + 1024,
      rateLimit: uploadBudget,
      // Only a bound identity uploads: an anonymous page has nothing to report yet, and its bytes would answer to nobody.
      guard: async (req) => {
        if (!(await deps.ctx.directory.whoIs('web', userOf(req, secret))))
          throw new AppError('web.not_bound', 'bind with a card code before uploading');
      },
      async handler(req) {
        const userId = userOf(req, secret);
        const keeper = deps.ctx.uploads;
        if (!keeper) throw new AppError('media.unsupported', 'this service keeps no photos');
        const parsed = upload.safeParse(req.body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const field = String(issue.path[0] ?? 'body');
          if (field === 'data' && issue.code === 'too_big')
            throw new AppError('media.too_large', `data: at most ${MAX_UPLOAD_BYTES} bytes`);
          throw new AppError('validation.failed', `${field}: ${issue.message}`, {
            fields: [{ field, message: issue.message }],
          });
        }
        const bytes = Buffer.from(parsed.data.data, 'base64');
        if (bytes.length > MAX_UPLOAD_BYTES)
          throw new AppError('media.too_large', `data: at most ${MAX_UPLOAD_BYTES} bytes`);
        // What the bytes are, not what the page says they are.
        const mime = sniffMime(bytes);
        if (!isImageMime(mime)) throw new AppError('media.unsupported', 'data: not a JPEG, PNG, WebP or GIF image');
        const image = checkImage(bytes, mime!);
        if (!image.ok && image.reason === 'too_many_pixels') {
          throw new AppError(
            'media.too_large',
            `data: ${image.width}×${image.height} pixels, at most ${MAX_IMAGE_SIDE} a side and ${MAX_IMAGE_PIXELS} in all`,
          );
        }
        if (!image.ok) throw new AppError('media.unsupported', 'data: not a whole JPEG, PNG, WebP or GIF image');
        const kept = await keeper.keep(userId, bytes, mime!);
        if (!kept.ok)
          throw new AppError(
            'media.budget_exceeded',
            kept.over === 'identity'
              ? "data: this chat's upload budget is used up for today"
              : "data: the service's upload budget is used up for today",
          );
        const { key } = kept;
        return { body: { key, sig: mediaSignature(secret, userId, key), size: bytes.length, mime } };
      },
    },
    {
      method: 'GET',
      path: '/chat/media',
      rateLimit: mediaBudget,
      async handler(req) {
        const userId = userOf(req, secret);
        const key = req.query.key ?? '';
        if (!validSignature(secret, userId, key, req.query.sig ?? ''))
          throw new AppError('route.not_found', 'no such photo');
        const stored = await deps.ctx.media?.get(key);
        if (!stored) throw new AppError('route.not_found', 'no such photo');
        return {
          headers: {
            'content-type': stored.mime,
            'cache-control': 'private, max-age=86400',
            'x-content-type-options': 'nosniff',
            'content-security-policy': "default-src 'none'; sandbox",
          },
          body: stored.bytes,
        };
      },
    },
  ];
}
