import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatLinkEntries } from '../../src/data/inspection.repository.js';
import {
  adminApi,
  type ApiRequest,
  type Harness,
  settle,
  startHarness,
  TelegramUser,
  waitFor,
} from '../support/harness.js';

let h: Harness;
let resident: TelegramUser;
let leader: TelegramUser;
let ref: number;

beforeAll(async () => {
  h = await startHarness({ pumps: 'manual' });
  resident = new TelegramUser(h, 8001);
  leader = new TelegramUser(h, 8002);
  await resident.say('/start 483920');
  await leader.say('/start 700303');
  await leader.expect(/绑定成功/);
  await resident.expect(/绑定成功/);
  await resident.say('自来水管子漏水了');
  ref = Number(/#(\d+)/.exec((await resident.expect(/已收到/)).text)![1]);
  await leader.expect(/新诉求/);
});
afterAll(async () => {
  await h?.close();
});

/** The request as the admin API shows it: status, assignee and the length of its ledger. */
async function snapshot() {
  const r = await adminApi<ApiRequest>(h, 'GET', `/api/v1/requests/${ref}`);
  expect(r.status).toBe(200);
  return { status: r.body.status, assignee: r.body.assignee?.code ?? null, events: r.body.events.length };
}

describe('who may do what', () => {
  it('refuses a resident using a leader command, and nothing changes', async () => {
    const before = await snapshot();
    expect(before).toMatchObject({ status: 'assigned', assignee: 'l-03' });
    const n = resident.inbox().length;
    await resident.say(`办结 #${ref} 我自己修好了`);
    await resident.expect(/只有组长和村干部能用/, n);
    await resident.press(`acc:${ref}`);
    await settle(h);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a stranger, and nothing changes', async () => {
    const before = await snapshot();
    const stranger = new TelegramUser(h, 8003);
    await stranger.say(`办结 #${ref}`);
    await stranger.expect(/绑定码/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a leader of another group', async () => {
    const before = await snapshot();
    const other = new TelegramUser(h, 8004);
    await other.say('/start 700305');
    await other.expect(/绑定成功/);
    await other.say(`接单 #${ref}`);
    await other.expect(/不是您的/);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an illegal move, saying what is possible now', async () => {
    const n = leader.inbox().length;
    await leader.say(`办结 #${ref} 好了`);
    await leader.expect(new RegExp(`#${ref} 还没接单，请先 接单 #${ref}，或 转派 #${ref} / 上报 #${ref}`), n);
    await leader.say('接单 #999999');
    await leader.expect(/没有找到诉求 #999999/, n);
  });

  it('transfers to another member, who gets the card, and escalates to the secretary', async () => {
    const deputy = new TelegramUser(h, 8005);
    await deputy.say('/start 700403');
    await deputy.expect(/绑定成功/);
    const n = leader.inbox().length;
    await leader.press(`trf:${ref}`);
    await leader.expect(/转给谁/, n);
    // The buttons name people (郭桂兰, the group's deputy), never their codes; their data carry the row.
    const calls = h.telegram.calls.filter(
      (c) => c.method === 'sendMessage' && c.status === 200 && String(c.body.chat_id) === String(leader.id),
    );
    const markup = calls.at(-1)!.body.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] };
    const deputyButton = markup.inline_keyboard.flat().find((b) => b.text.includes('郭桂兰'))!;
    expect(deputyButton.text).not.toMatch(/d-03/);
    expect(deputyButton.callback_data).toMatch(new RegExp(`^trf:${ref}:~\\d+$`));
    await leader.press(deputyButton.callback_data);
    await deputy.expect(new RegExp(`新诉求 #${ref}`));
    await resident.expect(new RegExp(`#${ref} 已转给郭桂兰负责`));
    await deputy.say(`上报 #${ref}`);
    await resident.expect(new RegExp(`#${ref} 已上报村里`));
    const after = await snapshot();
    expect(after.status).toBe('escalated');
    // The old leader no longer holds it.
    const m = leader.inbox().length;
    await leader.say(`接单 #${ref}`);
    await leader.expect(/不是您的/, m);
  });
});

describe('group chats', () => {
  it('lets the group leader link a group chat with 绑定群, and refuses a resident', async () => {
    const room = { id: -100777, type: 'supergroup' as const };
    await resident.say('/linkgroup g3', room);
    await resident.expect(/只有组长和村干部能用/);
    await leader.say('/linkgroup g3', room); // in Telegram groups the bot only reads commands and @mentions
    await waitFor(
      () => h.telegram.sentTo(room.id).find((m) => /本群已关联第三互助组/.test(m.text)),
      'the room to be linked',
    );
    const links = await chatLinkEntries(h.database.db);
    expect(links).toMatchObject([
      { platform: 'telegram', chatId: String(room.id), village: 'xiaoyingdian', group: 'g3', linkedBy: 'l-03' },
    ]);
  });
});
