import type { Friendship } from 'wechaty';
import * as types from 'wechaty-puppet/types';
import type { Ingest } from '../../src/channels/adapter.js';
import { isValidBindCodeShape } from '../../src/domain/binding.js';
import { normalizeText, parseCommand } from '../../src/domain/commands.js';
import type { Log } from '../../src/log.js';

/** `绑定 483920`, `483920`, or `我是三组的 483920`: the binding code from a friend request's greeting. */
export function codeInGreeting(hello: string): string | null {
  const cmd = parseCommand(hello);
  if (cmd.type === 'bind' && cmd.code && isValidBindCodeShape(cmd.code)) return cmd.code;
  const digits = /(?<![0-9A-Za-z])(\d{4,16})(?![0-9A-Za-z])/.exec(normalizeText(hello));
  return digits?.[1] ?? null;
}

/**
 * A friend request carrying a code is accepted and the code is bound through the normal path, as if
 * the person had typed `绑定 <code>` (with its throttling of wrong codes). The code is not checked
 * here: accepting only valid codes would let anyone test codes without the throttle. Requests without
 * a code are left for a person to decide.
 */
export async function handleFriendship(f: Friendship, ingest: Ingest, now: Date, log: Log): Promise<void> {
  if (f.type() !== types.Friendship.Receive) return;
  const code = codeInGreeting(f.hello() ?? '');
  if (!code) {
    log.info({ friendshipId: f.id }, 'wechat friend request without a binding code left pending');
    return;
  }
  await f.accept();
  const contact = f.contact();
  log.info({ friendshipId: f.id, contactId: contact.id }, 'wechat friend request with a binding code accepted');
  await ingest({
    platform: 'wechat',
    messageId: `friendship:${f.id}`,
    userId: contact.id,
    chatId: contact.id,
    chatType: 'private',
    displayName: contact.name() || null,
    language: null,
    text: `绑定 ${code}`,
    action: null,
    unsupported: null,
    source: null,
    receivedAt: now.toISOString(),
  });
}
