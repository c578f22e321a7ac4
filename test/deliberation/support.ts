import { expect } from 'vitest';
import { inboundEntries } from '../../src/data/inspection.repository.js';
import { atLocal } from '../../src/domain/local-time.js';
import { adminApi, demoRoster, type Harness, settle, TelegramUser, waitFor } from '../support/harness.js';

/** Village time on a hand-set clock: 10:00 is outside quiet hours, so nothing waits for the morning. */
export const at = (m: number, d: number, h = 10, min = 0) => atLocal('Asia/Shanghai', 2026, m, d, h, min);

export function settableClock(start: Date) {
  return {
    t: start.getTime(),
    now() {
      return new Date(this.t);
    },
    set(d: Date) {
      this.t = d.getTime();
    },
  };
}

const roster = demoRoster() as { households: { code: string; group: string; bindCode: string }[] };
export const cardOf = (household: string): string => roster.households.find((x) => x.code === household)!.bindCode;
export const householdsOf = (group: string): string[] =>
  roster.households.filter((x) => x.group === group).map((x) => x.code);

export async function bound(h: Harness, id: number, code: string, name = `用户${id}`): Promise<TelegramUser> {
  const u = new TelegramUser(h, id, name);
  const res = await u.say(`/start ${code}`);
  expect(res.status).toBe(200);
  await u.expect(/绑定成功/);
  return u;
}

/** A Telegram group chat linked to a mutual-aid group by the secretary (`绑定群 g1` sent in it). */
export async function linkedGroupChat(
  h: Harness,
  secretary: TelegramUser,
  chatId: number,
  group: string,
): Promise<void> {
  // In Telegram groups the bot reads only slash commands and @mentions.
  await secretary.say(`/linkgroup ${group}`, { id: chatId, type: 'group' });
  await waitFor(
    () => h.telegram.sentTo(chatId).some((m) => /本群已关联/.test(m.text)),
    `group chat ${chatId} to be linked`,
  );
}

/** A button pressed under a message in a group chat (Telegram sends the group's chat with the callback). */
export function pressInGroup(u: TelegramUser, chatId: number, data: string): Promise<Response> {
  return u.sendUpdate({
    update_id: Math.floor(Math.random() * 1e9),
    callback_query: {
      id: `cq-${u.id}-${data}`,
      from: { id: u.id, is_bot: false, first_name: u.firstName, language_code: 'zh-hans' },
      chat_instance: 'g',
      data,
      message: { message_id: 1, date: 0, chat: { id: chatId, type: 'group', title: '互助组群' }, text: 'notice' },
    },
  });
}

export interface ApiDeliberation {
  id: number;
  ref: string;
  status: string;
  options: string[];
  tally: Record<string, number>;
  voted: number;
  inPerson: number;
  electorate: number;
  quorumMet: boolean;
  result: 'passed' | 'rejected' | null;
  closesAt: string;
  sourceRef: number | null;
  evaluation: Record<string, number>;
  stages: { move: string; status: string; notes: string | null; actor: { kind: string } }[];
}

export async function deliberation(h: Harness, id: number): Promise<ApiDeliberation> {
  const r = await adminApi<ApiDeliberation>(h, 'GET', `/api/v1/deliberations/${id}`);
  expect(r.status).toBe(200);
  return r.body;
}

/**
 * Sends and waits until the service handled it and sent what is due. A hand-set clock moves one second
 * first: the outbox keeps Telegram's 30 messages a second on the service's clock, so a clock that never
 * moves would hold the 31st message forever.
 */
export async function act(h: Harness, send: () => Promise<Response>): Promise<void> {
  const clock = h.clock as Harness['clock'] & { set?: (d: Date) => void };
  clock.set?.(new Date(clock.now().getTime() + 1000));
  expect((await send()).status).toBe(200);
  try {
    await settle(h);
  } catch (err) {
    // What the worker kept failing on, so a stuck test says why.
    const stuck = (await inboundEntries(h.database.db, { pending: true })).map((m) => m.lastError);
    throw new Error(`${String(err)}; pending inbound errors: ${JSON.stringify(stuck)}`, { cause: err });
  }
}
