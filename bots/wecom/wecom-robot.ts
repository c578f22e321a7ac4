/**
 * WeCom group robots (群机器人): a robot added to a village group chat — an internal group or an external one
 * with residents on WeChat — posts there through `cgi-bin/webhook/send?key=…`. A robot only sends: it hears
 * nothing. The outbox names it by its group (`group:12`); the key is asked of the core at the moment of
 * sending and lives only in that one request to WeCom, never in a log line, an error or the outbox.
 */
import type { ChannelAdapter, ChannelContext, ChannelState } from '../../src/channels/adapter.js';
import { type ChannelSender, type OutboundMessage, SendError } from '../../src/channels/channel.port.js';
import type { Log } from '../../src/log.js';

/** WeCom allows a robot 20 messages a minute: one every 3 s to each group. */
export const ROBOT_PER_MINUTE = 20;

export interface WecomRobotOptions {
  apiRoot: string;
  log: Log;
  /** Messages a minute to one robot (WeCom's limit is 20). */
  perMinute?: number;
  timeoutMs?: number;
}

interface Answer {
  errcode?: number;
  errmsg?: string;
}

/** 93000 a key WeCom does not know, 93004 a robot removed or disabled, 93008 a robot no longer in its group …: asking again will not help. */
const isDeadRobot = (code: number) => code >= 93000 && code < 94000;

export function createWecomRobotSender(
  apiRoot: string,
  keys: () => ChannelContext['robots'] | null,
  perMinute = ROBOT_PER_MINUTE,
  timeoutMs = 10_000,
): ChannelSender {
  const root = apiRoot.replace(/\/+$/, '');
  return {
    platform: 'wecom-robot',
    pacing: { perRecipientMs: Math.ceil(60_000 / perMinute), jitterMs: 0, perSecond: 20 },
    available: () => keys() != null,
    async send(address: string, message: OutboundMessage): Promise<void> {
      const store = keys();
      if (!store) throw new SendError('wecom-robot: not started', true, 1_000);
      const key = await store.keyOf(address);
      // Removed from the roster, or sealed under another admin token: only a new import brings it back.
      if (!key) throw new SendError(`wecom-robot ${address}: no readable robot key`, false);
      // A robot has no buttons and nobody can answer it in the group: the text alone.
      const body = { msgtype: 'text', text: { content: message.text } };
      let answer: Answer;
      try {
        const res = await fetch(`${root}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!res.ok) throw new SendError(`wecom-robot ${address}: HTTP ${res.status}`, true);
        answer = (await res.json()) as Answer;
      } catch (err) {
        if (err instanceof SendError) throw err;
        throw new SendError(
          `wecom-robot ${address}: ${(err as Error)?.name === 'TimeoutError' ? 'timed out' : 'network error'}`,
          true,
        );
      }
      const code = Number(answer.errcode ?? 0);
      if (code === 0) return;
      // errmsg may quote the request's URL, key and all: only the code leaves this function.
      if (isDeadRobot(code)) throw new SendError(`wecom-robot ${address}: errcode ${code}`, false);
      throw new SendError(`wecom-robot ${address}: errcode ${code}`, true);
    },
  };
}

/** The robots as a channel: a sender with no routes, running as soon as the app hands it the keys. */
export function createWecomRobotChannel(opts: WecomRobotOptions): ChannelAdapter {
  let ctx: ChannelContext | null = null;
  let state: ChannelState = 'stopped';
  return {
    platform: 'wecom-robot',
    sender: createWecomRobotSender(opts.apiRoot, () => ctx?.robots ?? null, opts.perMinute, opts.timeoutMs),
    state: () => state,
    routes(context) {
      ctx = context;
      return {};
    },
    async start(context) {
      ctx = context;
      state = 'running';
      context.stateChanged('wecom-robot', state);
    },
    async stop() {
      state = 'stopped';
    },
  };
}
