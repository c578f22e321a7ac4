import {
  type ChannelSender,
  type MediaReader,
  type OutAttachment,
  type OutboundMessage,
  type Pacing,
  SendError,
  type SendMeta,
} from '../../src/channels/channel.port.js';
import type { Clock } from '../../src/domain/clock.js';
import { WecomApiError, type WecomApi, WecomNetworkError } from './wecom.api.js';
import { messageBody, taskIdOf } from './wecom.card.js';

/** The recipient is no (longer a) member of the corp or out of the app's visible range: trying again will not help. */
const RECIPIENT_ERRCODES: ReadonlySet<number> = new Set([40003, 60111, 81013, 82001, 301002]);
/** Too many calls (45009 per app, 45033 at once): the whole channel waits a minute. */
const THROTTLE_ERRCODES: ReadonlySet<number> = new Set([45009, 45033]);
/** The app is set up wrongly (secret, corp id, trusted IP 60020): the operator must fix it; the messages wait. */
const SETUP_ERRCODES: ReadonlySet<number> = new Set([40001, 40013, 40056, 60020, 48002]);
export const SETUP_WAIT_MS = 5 * 60_000;

export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  if (err instanceof WecomApiError) {
    if (RECIPIENT_ERRCODES.has(err.errcode)) return new SendError(err.message, false);
    if (THROTTLE_ERRCODES.has(err.errcode)) return new SendError(err.message, true, 60_000);
    if (SETUP_ERRCODES.has(err.errcode)) return new SendError(err.message, true, SETUP_WAIT_MS);
    return new SendError(err.message, true);
  }
  if (err instanceof WecomNetworkError) return new SendError(err.message, true);
  return new SendError(`wecom: ${(err as Error)?.message ?? String(err)}`, true);
}

/** WeCom drops messages past 30 a minute from one app to one member: one every 2 s keeps under it. */
export const WECOM_PACING: Pacing = { perRecipientMs: 2_000, jitterMs: 0, perSecond: 20 };

export interface WecomSenderOptions {
  agentId: number;
  pacing?: Pacing;
  clock: Clock;
  /** Told whether WeCom took the last call, so the channel's state says when its setup is wrong. */
  onOutcome?: (ok: boolean, err: SendError | null) => void;
}

/** Neutral outbound → `cgi-bin/message/send` to one member (`touser` = their WeCom user id). */
export function createWecomSender(api: WecomApi, opts: WecomSenderOptions): ChannelSender {
  return {
    platform: 'wecom',
    pacing: opts.pacing ?? WECOM_PACING,
    async send(address: string, message: OutboundMessage, meta: SendMeta): Promise<void> {
      try {
        // The photos and voice notes first, then the card that says what they are about.
        for (const a of message.attachments ?? []) await sendAttachment(api, address, opts.agentId, a, meta.media);
        const answer = await api.post(
          '/cgi-bin/message/send',
          messageBody(address, opts.agentId, message, taskIdOf(meta.outboxId, opts.clock.now().getTime())),
        );
        // A single recipient WeCom cannot reach comes back with errcode 0 and the user named as invalid.
        if (typeof answer.invaliduser === 'string' && answer.invaliduser !== '') {
          throw new SendError('wecom message/send: the member cannot be reached (invaliduser)', false);
        }
        opts.onOutcome?.(true, null);
      } catch (err) {
        const e = toSendError(err);
        opts.onOutcome?.(false, e);
        throw e;
      }
    },
  };
}

/** WeCom takes JPG/PNG as images and AMR as voice (up to 2 MB, 60 s); anything else goes as a file. */
function mediaTypeOf(a: OutAttachment, mime: string): 'image' | 'voice' | 'file' {
  if (a.kind === 'photo' && (mime === 'image/jpeg' || mime === 'image/png')) return 'image';
  if (a.kind === 'voice' && mime === 'audio/amr' && (a.durationSec ?? 0) <= 60) return 'voice';
  return 'file';
}

const extension = (mime: string) =>
  mime
    .split('/')[1]
    ?.replace(/[^a-z0-9]/g, '')
    .slice(0, 5) || 'bin';

/** One attachment, uploaded from the store as temporary media and sent by its media_id. */
async function sendAttachment(
  api: WecomApi,
  touser: string,
  agentId: number,
  a: OutAttachment,
  media: MediaReader | undefined,
): Promise<void> {
  const stored = await media?.get(a.mediaKey);
  // Deleted by retention meanwhile: the card still goes, without it.
  if (!stored) return;
  const type = mediaTypeOf(a, stored.mime);
  const fileName = a.fileName ?? `${a.kind}-${a.id}.${extension(stored.mime)}`;
  const mediaId = await api.upload(type, { bytes: stored.bytes, mime: stored.mime, fileName });
  await api.post('/cgi-bin/message/send', { touser, msgtype: type, agentid: agentId, [type]: { media_id: mediaId } });
}
