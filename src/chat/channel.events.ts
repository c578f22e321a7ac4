import type { ChannelState } from '../channels/adapter.js';
import type { Platform } from '../channels/channel.port.js';
import type { Db } from '../data/database.js';
import { enqueue } from '../data/outbox.repository.js';
import { secretaryAddresses } from '../data/people.repository.js';
import type { Clock } from '../domain/clock.js';
import type { Log } from '../log.js';
import { type Texts, textsFor } from '../texts/index.js';

type OutageText = 'wechatDown' | 'wechatBack';

/** Channels whose account can be signed out under the service (WeChat, from the phone): the outage is news. */
const outageTexts: Partial<Record<Platform, { down: OutageText; back: OutageText }>> = {
  wechat: { down: 'wechatDown', back: 'wechatBack' },
};

/**
 * A channel went down or came back: the village secretaries hear it on the other platforms they have a
 * confirmed account on, in one transaction. Returns how many secretaries were told.
 */
export async function tellSecretaries(
  db: Db,
  about: Platform,
  build: (t: Texts) => string,
  now: Date,
): Promise<number> {
  return db.transaction(async (tx) => {
    const elsewhere = (await secretaryAddresses(tx)).filter((s) => s.platform !== about);
    for (const s of elsewhere)
      await enqueue(tx, { platform: s.platform, address: s.address }, { text: build(textsFor(s.language)) }, now);
    return new Set(elsewhere.map((s) => s.memberId)).size;
  });
}

export interface ChannelEventDeps {
  /** Tells the secretaries one of the outage texts about a platform; returns how many were told. */
  tell(about: Platform, what: OutageText): Promise<number>;
  log: Log;
}

/**
 * What the core makes of the states adapters report. A logged-in account that is logged out is an
 * outage: the secretaries are told once, however often the adapter reports it, and told again when it
 * is logged in again. Anything else (starting, a QR code before the first login, the service's own
 * shutdown, which reports `stopped`) is not news.
 */
export function channelEventsWith(deps: ChannelEventDeps): (platform: Platform, state: ChannelState) => void {
  const last = new Map<Platform, ChannelState>();
  const down = new Set<Platform>();
  const tell = (platform: Platform, what: OutageText) => {
    deps
      .tell(platform, what)
      .then((n) => deps.log.info({ secretaries: n, what, channel: platform }, 'secretaries told about the channel'))
      .catch((err) =>
        deps.log.error({ err: String(err), channel: platform }, 'telling the secretaries about the channel failed'),
      );
  };
  return (platform, state) => {
    const previous = last.get(platform);
    last.set(platform, state);
    deps.log.info({ channel: platform, state, previous: previous ?? null }, 'channel state');
    const texts = outageTexts[platform];
    if (!texts) return;
    if (state === 'logged_out' && previous === 'logged_in' && !down.has(platform)) {
      down.add(platform);
      tell(platform, texts.down);
    } else if (state === 'logged_in' && down.has(platform)) {
      down.delete(platform);
      tell(platform, texts.back);
    }
  };
}

/** The app's handler of channel states: outage notices are queued in the outbox, and `queued` wakes it. */
export function channelEvents(
  db: Db,
  clock: Clock,
  log: Log,
  queued: () => void,
): (platform: Platform, state: ChannelState) => void {
  return channelEventsWith({
    log,
    tell: async (about, what) => {
      const n = await tellSecretaries(db, about, (t) => t.channels[what], clock.now());
      if (n > 0) queued();
      return n;
    },
  });
}
