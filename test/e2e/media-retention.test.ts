import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, settle, TelegramUser } from '../support/harness.js';
import { jpegBytes, type MediaHarness, startMediaHarness } from '../support/media-harness.js';

const DAY = 86_400_000;

describe('retention of photos (LINLI_MEDIA_RETENTION_DAYS)', () => {
  let h: MediaHarness;
  beforeAll(async () => {
    h = await startMediaHarness({ media: { retentionDays: 30 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the tick deletes the files of requests finished longer ago than the retention; open ones keep theirs', async () => {
    const leader = new TelegramUser(h, 6003, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
    const a = new TelegramUser(h, 5401, '杨志强');
    await a.say('/start 483920');
    await a.expect(/绑定成功/);
    const b = new TelegramUser(h, 5402, '王志强');
    await b.say('/start 251551');
    await b.expect(/绑定成功/);

    const send = async (user: TelegramUser, bytes: Buffer, caption: string) => {
      const fileId = h.telegram.addFile(bytes, 'image/jpeg');
      const update = user.messageUpdate('');
      const message = update.message as Record<string, unknown>;
      delete message.text;
      message.photo = [{ file_id: fileId, file_unique_id: fileId, width: 800, height: 600, file_size: bytes.length }];
      message.caption = caption;
      const r0 = user.inbox().length;
      await user.sendUpdate(update);
      return Number(/#(\d+)/.exec((await user.expect(/已收到，编号 #\d+/, r0)).text)![1]);
    };
    const finished = await send(a, jpegBytes(3100), '俺家门口的路灯坏了，晚上看不见');
    const open = await send(b, jpegBytes(3200), '俺家的自来水管冻裂了，漏了一地');
    await a.say(`撤回 #${finished}`);
    await a.expect(new RegExp(`#${finished}.*撤回`));
    await settle(h);
    expect(h.media.size()).toBe(2);

    // A day later nothing goes; past the retention the withdrawn request's photo does.
    expect((await h.app.linli.tick(new Date(h.clock.now().getTime() + DAY))).media).toBe(0);
    const later = await h.app.linli.tick(new Date(h.clock.now().getTime() + 31 * DAY));
    expect(later.media).toBe(1);
    expect(h.media.size()).toBe(1);

    const gone = await adminApi<{ attachments: { state: string; download: string | null; id: number }[] }>(
      h,
      'GET',
      `/api/v1/requests/${finished}`,
    );
    expect(gone.body.attachments).toMatchObject([{ state: 'deleted', download: null }]);
    expect(
      (await adminApi(h, 'GET', `/api/v1/requests/${finished}/attachments/${gone.body.attachments[0]!.id}`)).status,
    ).toBe(410);
    const kept = await adminApi<{ attachments: { state: string }[] }>(h, 'GET', `/api/v1/requests/${open}`);
    expect(kept.body.attachments).toMatchObject([{ state: 'stored' }]);
  });
});
