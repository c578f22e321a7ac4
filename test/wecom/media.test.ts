import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramUser, waitFor } from '../support/harness.js';
import { jpegBytes } from '../support/media-harness.js';
import { startWecomHarness, type WecomHarness } from './wecom-harness.js';

let h: WecomHarness;
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
const rows = async (q: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> => {
  const result = (await h.database.db.execute(q)) as unknown;
  return Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows;
};

beforeAll(async () => {
  h = await startWecomHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('photos and WeCom', () => {
  it("a resident's photo reaches the leader on WeCom before the task card, uploaded as an image", async () => {
    const leader = h.member('WuYongHong');
    await leader.say('绑定 700303');
    await leader.expect(/绑定成功/);
    const resident = new TelegramUser(h, 5501, '杨志强');
    await resident.say('/start 483920');
    await resident.expect(/绑定成功/);
    const photo = jpegBytes(5000);
    const fileId = h.telegram.addFile(photo, 'image/jpeg');
    const update = resident.messageUpdate('');
    const message = update.message as Record<string, unknown>;
    delete message.text;
    message.photo = [{ file_id: fileId, file_unique_id: 'b', width: 1280, height: 960, file_size: photo.length }];
    message.caption = '俺家壁挂炉坏了，不出热水';
    const l0 = leader.inbox().length;
    await resident.sendUpdate(update);
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/)).text);

    const card = await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    const sent = leader.inbox().slice(l0);
    const image = sent.find((m) => m.msgtype === 'image');
    expect(image, 'an image message to the leader').toBeDefined();
    expect(sent.indexOf(image!)).toBeLessThan(sent.indexOf(card));
    const upload = h.wecom.uploads.get(image!.image!.media_id)!;
    expect(upload).toMatchObject({ type: 'image', mime: 'image/jpeg' });
    expect(upload.size).toBeGreaterThan(photo.length);
  });

  it('a photo a cadre sends in the app is fetched with media/get and kept', async () => {
    const leader = h.member('WuYongHong');
    h.wecom.media.set('WX-MEDIA-1', { bytes: jpegBytes(3000), mime: 'image/jpeg', fileName: 'WX-MEDIA-1.jpg' });
    await leader.sendImage('WX-MEDIA-1');
    const kept = await waitFor(
      async () => (await rows(sql`select platform_id, mime, size, state from attachments where platform = 'wecom'`))[0],
      'the photo to be kept',
    );
    expect(kept).toMatchObject({ platform_id: 'WX-MEDIA-1', mime: 'image/jpeg', size: 3000 });
    expect(h.wecom.calls.some((c) => c.path === '/cgi-bin/media/get' && c.status === 0)).toBe(true);
  });
});
