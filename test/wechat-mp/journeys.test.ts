import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramUser, waitFor } from '../support/harness.js';
import { jpegBytes } from '../support/media-harness.js';
import { type MpHarness, MpUser, passiveReply, startMpHarness } from './mp-harness.js';

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
// A JPEG whose header holds together, enough for the media store to take it as an image.
const JPEG = jpegBytes(613);

describe('residents on the Official Account', () => {
  let h: MpHarness;
  let leader: TelegramUser;
  beforeAll(async () => {
    h = await startMpHarness({ aes: true });
    leader = new TelegramUser(h, 7103, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates the custom menu from the texts at startup, and a second instance leaves it as it is', async () => {
    await waitFor(() => h.mp.menuCreates > 0, 'the menu to be created');
    const names = JSON.stringify(h.mp.menu);
    for (const name of ['报事', '我的诉求', '说事日', '帮助']) expect(names).toContain(name);
    await h.addInstance();
    await waitFor(
      () => h.mp.calls.filter((c) => c.path === '/cgi-bin/menu/get').length >= 2,
      'the second instance to read the menu',
    );
    expect(h.mp.menuCreates).toBe(1);
  });

  it("the secretary gets a card's QR code; a newcomer scanning it follows and is bound, and the code works once only", async () => {
    const qr = await h.api('/api/v1/channels/wechat-mp/binding-qr', {
      body: { village: 'xiaoyingdian', code: 'h-0301', days: 7 },
    });
    expect(qr.status).toBe(200);
    expect(qr.body).toMatchObject({ code: 'h-0301', kind: 'household' });
    expect(qr.body.qr.imageUrl).toMatch(/^https:\/\/mp\.weixin\.qq\.com\/cgi-bin\/showqrcode\?ticket=/);
    const made = h.mp.qrCodes.at(-1)!;
    expect(made).toMatchObject({ action: 'QR_STR_SCENE', expire: 7 * 86_400 });

    const newcomer = new MpUser(h, 'aes');
    const answer = await newcomer.event('subscribe', `qrscene_${made.scene}`);
    expect(answer.body).toBe('success');
    await newcomer.expect(/绑定成功/);

    // Someone else scanning the same printed code later gets nowhere: the token was spent.
    const other = new MpUser(h, 'aes');
    await other.event('subscribe', `qrscene_${made.scene}`);
    await other.expect(/绑定码不对/);
    expect(other.inbox().some((m) => /绑定成功/.test(m))).toBe(false);
  });

  it("a follower scanning a member card's QR code (SCAN) is bound as that member", async () => {
    const follower = new MpUser(h, 'aes');
    await follower.say('你好');
    await follower.expect(/绑定码/);
    const qr = await h.api('/api/v1/channels/wechat-mp/binding-qr', {
      body: { village: 'xiaoyingdian', code: 'l-01', permanent: true },
    });
    expect(qr.status).toBe(200);
    expect(h.mp.qrCodes.at(-1)).toMatchObject({ action: 'QR_LIMIT_STR_SCENE', expire: null });
    await follower.event('SCAN', h.mp.qrCodes.at(-1)!.scene);
    await follower.expect(/绑定成功！.*村民的诉求会派到这里/s);
  });

  it('answers a QR request for an unknown card 404 and a bad body 400 naming the field', async () => {
    const unknown = await h.api('/api/v1/channels/wechat-mp/binding-qr', {
      body: { village: 'xiaoyingdian', code: 'h-9999' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('card.not_found');
    const bad = await h.api('/api/v1/channels/wechat-mp/binding-qr', {
      body: { village: 'xiaoyingdian', code: 'h-0301', days: 90 },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('days');
  });

  it("menu: 我的诉求 lists the resident's requests; 报事 and 说事日 answer at once with a passive reply", async () => {
    const resident = new MpUser(h, 'aes');
    await resident.say('绑定 483920');
    await resident.expect(/绑定成功/);
    await resident.say('家门口的下水道堵了');
    const ref = refIn(await resident.expect(/已收到，编号 #\d+/));
    const n = resident.inbox().length;
    await resident.event('CLICK', 'LINLI_MINE');
    await resident.expect(new RegExp(`您的诉求：[\\s\\S]*#${ref}`), n);

    const report = passiveReply(h, await resident.event('CLICK', 'LINLI_REPORT'), 'aes');
    expect(report).toMatch(/直接发文字或按住说话/);
    const sayDay = passiveReply(h, await resident.event('CLICK', 'LINLI_SAYDAY'), 'aes');
    expect(sayDay).toMatch(/以“说事”开头/);
  });

  it("a voice message with WeChat's Recognition becomes a request with those words", async () => {
    const resident = new MpUser(h, 'aes');
    await resident.say('绑定 483920');
    await resident.expect(/绑定成功/);
    h.mp.addMedia('VOICE_MEDIA_1', Buffer.from('#!AMR\n' + 'x'.repeat(200)), 'audio/amr');
    const l0 = leader.inbox().length;
    await resident.voice('VOICE_MEDIA_1', '俺家厨房的电线冒火花了');
    const ref = refIn(await resident.expect(/已收到，编号 #\d+/));
    await leader.expect(new RegExp(`#${ref}`), l0);
    const request = await h.api(`/api/v1/requests/${ref}`);
    expect(request.body.text).toContain('俺家厨房的电线冒火花了');
    await waitFor(
      () => h.mp.calls.some((c) => c.path === '/cgi-bin/media/get'),
      'the voice to be fetched with media/get',
    );
  });

  it('a photo is named by its MediaId and fetched through media/get for the request it follows', async () => {
    const resident = new MpUser(h, 'aes');
    await resident.say('绑定 483920');
    await resident.expect(/绑定成功/);
    await resident.say('村委会门口的台阶塌了一块');
    const ref = refIn(await resident.expect(/已收到，编号 #\d+/));
    h.mp.addMedia('PHOTO_MEDIA_1', JPEG, 'image/jpeg');
    const before = h.mp.calls.filter((c) => c.path === '/cgi-bin/media/get').length;
    await resident.image('PHOTO_MEDIA_1');
    await waitFor(
      () => h.mp.calls.filter((c) => c.path === '/cgi-bin/media/get').length > before,
      'the photo to be fetched',
    );
    const request = await waitFor(async () => {
      const r = await h.api(`/api/v1/requests/${ref}`);
      return (r.body.attachments as unknown[] | undefined)?.length ? r : null;
    }, 'the photo to join the request');
    expect(request.body.attachments[0]).toMatchObject({ kind: 'photo', platform: 'wechat-mp' });
  });
});
