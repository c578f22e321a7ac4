import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, settle, TelegramUser } from '../support/harness.js';
import { jpegBytes, type MediaHarness, pngBytes, startMediaHarness } from '../support/media-harness.js';

interface ApiRequestWithMedia {
  ref: number;
  attachments: { state: string; refusal: string | null }[];
}

/** A Telegram photo message, as the Bot API delivers it, with the caption beside it. */
function photoUpdate(user: TelegramUser, fileId: string, size: number, caption?: string): Record<string, unknown> {
  const update = user.messageUpdate('');
  const message = update.message as Record<string, unknown>;
  delete message.text;
  message.photo = [{ file_id: fileId, file_unique_id: fileId, width: 1280, height: 960, file_size: size }];
  if (caption) message.caption = caption;
  return update;
}

describe('images from any channel are checked before a leader gets them', () => {
  let h: MediaHarness;
  let leader: TelegramUser;
  beforeAll(async () => {
    h = await startMediaHarness();
    leader = new TelegramUser(h, 6003, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
  });
  afterAll(async () => {
    await h?.close();
  });

  const send = async (user: TelegramUser, bytes: Buffer, mime: string, caption?: string) => {
    const fileId = h.telegram.addFile(bytes, mime, mime === 'image/png' ? 'png' : 'jpg');
    const r0 = user.inbox().length;
    await user.sendUpdate(photoUpdate(user, fileId, bytes.length, caption));
    return r0;
  };

  it('a tiny PNG declaring 20,000 × 20,000 pixels and a JPEG-looking file of garbage are refused with a word; no photo reaches the leader', async () => {
    const resident = new TelegramUser(h, 5201, '杨志强');
    await resident.say('/start 483920');
    await resident.expect(/绑定成功/);

    const r0 = await send(resident, pngBytes(20_000, 20_000), 'image/png');
    await resident.expect(/文件太大了/, r0);
    const garbage = Buffer.alloc(3000, 0x41);
    garbage.set([0xff, 0xd8, 0xff, 0xe1]);
    const r1 = await send(resident, garbage, 'image/jpeg');
    await resident.expect(/文件打不开/, r1);
    await settle(h);
    expect(h.telegram.mediaTo(leader.id)).toEqual([]);
    expect(h.media.size()).toBe(0);

    // A photo of a photo's size still goes through.
    const r2 = await send(resident, jpegBytes(6000, 4000, 3000), 'image/jpeg', '院墙裂了，快倒了');
    const ref = Number(/#(\d+)/.exec((await resident.expect(/已收到，编号 #\d+/, r2)).text)![1]);
    await settle(h);
    expect(h.telegram.mediaTo(leader.id).filter((m) => m.method === 'sendPhoto')).toHaveLength(1);
    const got = await adminApi<ApiRequestWithMedia>(h, 'GET', `/api/v1/requests/${ref}`);
    // The refused ones joined the report as refusals, without bytes.
    expect(got.body.attachments).toMatchObject([
      { state: 'refused', refusal: 'too_large' },
      { state: 'refused', refusal: 'not_media' },
      { state: 'stored', refusal: null },
    ]);
  });
});
