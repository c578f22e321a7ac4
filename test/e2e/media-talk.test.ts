import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, TelegramUser, waitFor } from '../support/harness.js';
import { jpegBytes, type MediaHarness, startMediaHarness } from '../support/media-harness.js';

// Demo village: households of group g3 and their leader l-03 (吴永红).
const LEADER_CODE = '700303';
const MINUTE = 60_000;
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

interface ApiRequestWithMedia {
  ref: number;
  attachments: { id: number; kind: string }[];
}

function photoUpdate(user: TelegramUser, fileId: string, size: number): Record<string, unknown> {
  const update = user.messageUpdate('');
  const message = update.message as Record<string, unknown>;
  delete message.text;
  message.photo = [{ file_id: fileId, file_unique_id: `u${fileId}`, width: 1280, height: 960, file_size: size }];
  return update;
}

async function bound(h: MediaHarness, id: number, code: string, name: string): Promise<TelegramUser> {
  const user = new TelegramUser(h, id, name);
  await user.say(`/start ${code}`);
  await user.expect(/绑定成功/);
  return user;
}

/** Reports a matter, answering the bot's questions (same as a neighbour's? when? where?) until it is filed. */
async function report(user: TelegramUser, text: string): Promise<number> {
  let since = user.inbox().length;
  await user.say(text);
  for (let i = 0; i < 4; i++) {
    const reply = await user.expect(/已收到，编号 #\d+|说的那个|什么时候|在哪|哪里/, since);
    if (/已收到/.test(reply.text)) return refIn(reply.text);
    since = user.inbox().length;
    await user.say(/说的那个/.test(reply.text) ? '2' : /什么时候/.test(reply.text) ? '明天上午' : '俺家门口');
  }
  throw new Error(`${text} was not filed`);
}

/** The labels of the buttons under the last message to this chat that had buttons. */
function buttonLabels(h: MediaHarness, chatId: number): string[] {
  const call = h.telegram.calls
    .filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chatId) && c.body.reply_markup)
    .at(-1);
  const keyboard =
    (call?.body.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? [];
  return keyboard.flat().map((b) => b.text);
}

describe('a photo without words joins the request the person was talking about', () => {
  let h: MediaHarness;
  let leader: TelegramUser;
  const advance = (ms: number) => {
    (h.clock as unknown as { offsetMs: number }).offsetMs += ms;
  };
  const attachmentsOf = async (ref: number) =>
    (await adminApi<ApiRequestWithMedia>(h, 'GET', `/api/v1/requests/${ref}`)).body.attachments;

  beforeAll(async () => {
    h = await startMediaHarness({ pumps: 'manual' });
    leader = await bound(h, 6003, LEADER_CODE, '吴组长');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('after the leader asked about the street lamp, the photo joins the lamp request, not the newer corn-harvest one', async () => {
    const resident = await bound(h, 5401, '483920', '杨志强');
    const lamp = await report(resident, '村口的路灯坏了，晚上黑得看不见路');
    advance(15 * MINUTE);
    const corn = await report(resident, '明天上午想请人帮忙收玉米，家里老人腿脚不便');
    expect(corn).toBeGreaterThan(lamp);
    // Both reports are out of the window by now; then the leader asks about the lamp.
    advance(40 * MINUTE);
    const r2 = resident.inbox().length;
    await leader.say(`接单 #${lamp}`);
    await leader.say(`备注 #${lamp} 请拍张照片，看看是哪一盏灯`);
    await resident.expect(new RegExp(`#${lamp} 有新进展`), r2);

    const fileId = h.telegram.addFile(jpegBytes(5100), 'image/jpeg');
    const l0 = leader.inbox().length;
    await resident.sendUpdate(photoUpdate(resident, fileId, 5100));
    await resident.expect(new RegExp(`附在 #${lamp} 上`), r2);
    await leader.expect(new RegExp(`#${lamp} 居民补充了照片`), l0);
    await waitFor(() => h.telegram.mediaTo(leader.id).some((m) => m.fileId === fileId), 'the leader to get the photo');
    expect((await attachmentsOf(lamp)).map((a) => a.kind)).toEqual(['photo']);
    expect(await attachmentsOf(corn)).toEqual([]);
  });

  it('after the person wrote about the yard wall (their reason for 不满意), a photo joins it although a newer request is open', async () => {
    const resident = await bound(h, 5402, '251551', '王志强');
    const lamp = await report(resident, '俺家院墙裂了一道大缝，怕塌了');
    const r0 = resident.inbox().length;
    await leader.say(`接单 #${lamp}`);
    await leader.say(`办结 #${lamp} 换了灯泡`);
    await resident.expect(new RegExp(`#${lamp} 已由吴永红办结`), r0);
    advance(15 * MINUTE);
    const corn = await report(resident, '后天下午想请人帮忙把麦子拉到粮站');
    advance(40 * MINUTE);
    const r2 = resident.inbox().length;
    await resident.say(`评价 #${lamp} 3`);
    await resident.expect(/哪里没办好/, r2);
    await resident.say('墙缝还在，一点没补');
    await resident.expect(/已转告村党支部书记/, r2);

    const fileId = h.telegram.addFile(jpegBytes(5200), 'image/jpeg');
    await resident.sendUpdate(photoUpdate(resident, fileId, 5200));
    await resident.expect(new RegExp(`附在 #${lamp} 上`), r2);
    expect((await attachmentsOf(lamp)).map((a) => a.kind)).toEqual(['photo']);
    expect(await attachmentsOf(corn)).toEqual([]);
  });

  it('two requests talked about just now: buttons name each, and the pressed one gets the photo; nothing is filed before', async () => {
    const resident = await bound(h, 5403, '675064', '李桂兰');
    const lamp = await report(resident, '俺家门口的下水道堵了，污水漫到路上');
    advance(12 * MINUTE);
    const corn = await report(resident, '下周一想请人帮忙去镇上办低保手续');

    const fileId = h.telegram.addFile(jpegBytes(5300), 'image/jpeg');
    const r2 = resident.inbox().length;
    await resident.sendUpdate(photoUpdate(resident, fileId, 5300));
    const ask = await resident.expect(/哪件事/, r2);
    expect(ask.text).toContain(`#${lamp} 报修`);
    expect(ask.text).toContain(`#${corn} 帮办代办`);
    const lampButton = ask.buttons.find((b) => b.startsWith(`att:${lamp}:`));
    expect(lampButton).toBeDefined();
    expect(ask.buttons.some((b) => b.startsWith(`att:${corn}:`))).toBe(true);
    const labels = buttonLabels(h, resident.id);
    expect(labels.some((l) => l.includes(`#${lamp}`) && l.includes('报修') && l.includes('下水道'))).toBe(true);
    expect(labels.some((l) => l.includes(`#${corn}`) && l.includes('帮办代办'))).toBe(true);
    // Kept, and on neither request until the person says which.
    expect(await attachmentsOf(lamp)).toEqual([]);
    expect(await attachmentsOf(corn)).toEqual([]);

    const l0 = leader.inbox().length;
    await resident.press(lampButton!);
    await resident.expect(new RegExp(`附在 #${lamp} 上`), r2);
    await leader.expect(new RegExp(`#${lamp} 居民补充了照片`), l0);
    expect((await attachmentsOf(lamp)).map((a) => a.kind)).toEqual(['photo']);
    expect(await attachmentsOf(corn)).toEqual([]);
    // Pressed again (or the other one): it is already filed.
    const r3 = resident.inbox().length;
    await resident.press(ask.buttons.find((b) => b.startsWith(`att:${corn}:`))!);
    await resident.expect(/已经附上了/, r3);
    expect(await attachmentsOf(corn)).toEqual([]);
  });

  it('nothing talked about lately but a request still open: asks, and "a new matter" keeps the photo for the words that follow', async () => {
    const resident = await bound(h, 5404, '171115', '刘满仓');
    const lamp = await report(resident, '俺家屋顶漏雨了，下雨就往屋里滴');
    advance(45 * MINUTE);
    const fileId = h.telegram.addFile(jpegBytes(5400), 'image/jpeg');
    const r1 = resident.inbox().length;
    await resident.sendUpdate(photoUpdate(resident, fileId, 5400));
    const ask = await resident.expect(/哪件事/, r1);
    expect(ask.buttons.some((b) => b.startsWith(`att:${lamp}:`))).toBe(true);
    const fresh = ask.buttons.find((b) => b.startsWith('att:new:'));
    expect(fresh).toBeDefined();
    await resident.press(fresh!);
    await resident.expect(/照片收到了.*说说是什么事/s, r1);
    await resident.say('三组水渠边的护栏断了，小孩容易掉下去');
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r1)).text);
    expect(ref).not.toBe(lamp);
    expect((await attachmentsOf(ref)).map((a) => a.kind)).toEqual(['photo']);
    expect(await attachmentsOf(lamp)).toEqual([]);
  });
});
