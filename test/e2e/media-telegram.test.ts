import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminApi, settle, TelegramUser, waitFor } from '../support/harness.js';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';
import { jpegBytes, type MediaHarness, oggBytes, startMediaHarness } from '../support/media-harness.js';
import { createOpenAiTranscriber } from '../../src/classify/openai.transcriber.js';

// Demo village: households of group g3 and their leader l-03 (吴永红).
const LEADER_CODE = '700303';
const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);

interface ApiAttachment {
  id: number;
  kind: string;
  mime: string | null;
  state: string;
  refusal: string | null;
  transcript: string | null;
  download: string | null;
}
interface ApiRequestWithMedia {
  ref: number;
  text: string;
  summary: string;
  attachments: ApiAttachment[];
}

/** A Telegram message with a photo, as the Bot API delivers it: several sizes, the caption beside them. */
function photoUpdate(user: TelegramUser, fileId: string, size: number, caption?: string): Record<string, unknown> {
  const update = user.messageUpdate('');
  const message = update.message as Record<string, unknown>;
  delete message.text;
  message.photo = [
    { file_id: 'thumb-not-served', file_unique_id: 't', width: 90, height: 68, file_size: 1200 },
    { file_id: fileId, file_unique_id: 'b', width: 1280, height: 960, file_size: size },
  ];
  if (caption) message.caption = caption;
  return update;
}

function voiceUpdate(user: TelegramUser, fileId: string, size: number, duration = 6): Record<string, unknown> {
  const update = user.messageUpdate('');
  const message = update.message as Record<string, unknown>;
  delete message.text;
  message.voice = { file_id: fileId, file_unique_id: 'v', duration, mime_type: 'audio/ogg', file_size: size };
  return update;
}

async function bound(h: MediaHarness, id: number, code: string, name: string): Promise<TelegramUser> {
  const user = new TelegramUser(h, id, name);
  await user.say(`/start ${code}`);
  await user.expect(/绑定成功/);
  return user;
}

describe('photos on Telegram', () => {
  let h: MediaHarness;
  let leader: TelegramUser;
  beforeAll(async () => {
    h = await startMediaHarness({ media: { maxBytes: 200_000 } });
    leader = await bound(h, 6003, LEADER_CODE, '吴组长');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a photo with the caption 院墙裂了 becomes a request with the photo; the leader gets the photo with the task card', async () => {
    const resident = await bound(h, 5101, '483920', '杨志强');
    const photo = jpegBytes(5000);
    const fileId = h.telegram.addFile(photo, 'image/jpeg');
    const r0 = resident.inbox().length;
    const l0 = leader.inbox().length;
    await resident.sendUpdate(photoUpdate(resident, fileId, photo.length, '院墙裂了'));
    let reply = await resident.expect(/已收到，编号 #\d+|在哪|哪里|位置/, r0);
    if (!/已收到/.test(reply.text)) {
      // The bot may ask where: the photo waits with the words for the answer.
      await resident.say('俺家东边的院墙');
      reply = await resident.expect(/已收到，编号 #\d+/, r0);
    }
    const ref = refIn(reply.text);
    const card = await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(card.text).toContain('院墙裂了');
    // The largest size was fetched, and goes to the leader by Telegram's own file id (no upload), before the card.
    expect(h.telegram.downloads).toContain(`photos/${fileId}.jpg`);
    const media = h.telegram.mediaTo(leader.id);
    expect(media).toContainEqual({ method: 'sendPhoto', fileId, upload: null });
    const photoAt = h.telegram.calls.findIndex(
      (c) => c.method === 'sendPhoto' && String(c.body.chat_id) === String(leader.id),
    );
    const cardAt = h.telegram.calls.findIndex(
      (c) => c.method === 'sendMessage' && String(c.body.text).includes(`新诉求 #${ref}`),
    );
    expect(photoAt).toBeLessThan(cardAt);

    const got = await adminApi<ApiRequestWithMedia>(h, 'GET', `/api/v1/requests/${ref}`);
    expect(got.status).toBe(200);
    expect(got.body.attachments).toHaveLength(1);
    const [a] = got.body.attachments;
    expect(a).toMatchObject({ kind: 'photo', mime: 'image/jpeg', state: 'stored' });
    const download = await fetch(`${h.url}${a!.download}`, {
      headers: { authorization: 'Bearer test-admin-token-0123456789' },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await download.arrayBuffer()).equals(photo)).toBe(true);
    expect((await fetch(`${h.url}${a!.download}`)).status).toBe(401);
    expect((await adminApi(h, 'GET', `/api/v1/requests/${ref}/attachments/999999`)).status).toBe(404);
    expect((await adminApi(h, 'GET', `/api/v1/requests/${ref}/attachments/abc`)).status).toBe(400);
  });

  it("a photo without a caption right after the person's own report joins it, and reaches the leader", async () => {
    const resident = await bound(h, 5102, '251551', '王志强');
    const r0 = resident.inbox().length;
    const l0 = leader.inbox().length;
    await resident.say('村口的路灯坏了，晚上黑得看不见路');
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);
    await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    const photo = jpegBytes(6000);
    const fileId = h.telegram.addFile(photo, 'image/jpeg');
    await resident.sendUpdate(photoUpdate(resident, fileId, photo.length));
    await resident.expect(new RegExp(`附在 #${ref} 上`), r0);
    await leader.expect(new RegExp(`#${ref} 居民补充了照片`), l0);
    await waitFor(
      () => h.telegram.mediaTo(leader.id).some((m) => m.fileId === fileId),
      'the leader to get the added photo',
    );
    const got = await adminApi<ApiRequestWithMedia>(h, 'GET', `/api/v1/requests/${ref}`);
    expect(got.body.attachments.map((x) => x.kind)).toEqual(['photo']);
  });

  it('a photo on its own is kept until the words come, and then goes with the request', async () => {
    const resident = await bound(h, 5103, '675064', '李桂兰');
    const r0 = resident.inbox().length;
    const fileId = h.telegram.addFile(jpegBytes(7000), 'image/jpeg');
    await resident.sendUpdate(photoUpdate(resident, fileId, 7000));
    await resident.expect(/照片收到了.*说说是什么事/s, r0);
    await resident.say('三组水渠边的护栏断了，小孩容易掉下去');
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);
    await waitFor(
      () => h.telegram.mediaTo(leader.id).some((m) => m.fileId === fileId),
      'the leader to get the photo with the card',
    );
    const got = await adminApi<ApiRequestWithMedia>(h, 'GET', `/api/v1/requests/${ref}`);
    expect(got.body.attachments).toHaveLength(1);
  });

  it('a download that fails is tried again: the message is kept and handled with its photo', async () => {
    const resident = await bound(h, 5104, '171115', '刘满仓');
    const r0 = resident.inbox().length;
    const fileId = h.telegram.addFile(jpegBytes(8000), 'image/jpeg');
    h.telegram.failNextDownloads(1);
    await resident.sendUpdate(photoUpdate(resident, fileId, 8000, '俺家门口的下水道堵了，污水漫到路上'));
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);
    const got = await adminApi<ApiRequestWithMedia>(h, 'GET', `/api/v1/requests/${ref}`);
    expect(got.body.attachments.map((x) => x.state)).toEqual(['stored']);
    expect(h.telegram.downloads.filter((p) => p.includes(fileId))).toHaveLength(1);
  });

  it('an oversized photo and a file that only claims to be one are refused politely, and a sticker is still unreadable', async () => {
    const resident = await bound(h, 5105, '214402', '张红霞');
    const r0 = resident.inbox().length;
    const big = h.telegram.addFile(jpegBytes(300_000), 'image/jpeg');
    await resident.sendUpdate(photoUpdate(resident, big, 300_000));
    await resident.expect(/文件太大了/, r0);

    const fake = Buffer.from('#!/bin/sh\nrm -rf /\n'.repeat(50));
    const fakeId = h.telegram.addFile(fake, 'image/png', 'png');
    const update = resident.messageUpdate('');
    const message = update.message as Record<string, unknown>;
    delete message.text;
    message.document = {
      file_id: fakeId,
      file_unique_id: 'd',
      mime_type: 'image/png',
      file_name: 'photo.png',
      file_size: fake.length,
    };
    await resident.sendUpdate(update);
    await resident.expect(/文件打不开/, r0);

    const sticker = resident.messageUpdate('');
    delete (sticker.message as Record<string, unknown>).text;
    (sticker.message as Record<string, unknown>).sticker = {
      file_id: 's',
      file_unique_id: 's',
      type: 'regular',
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
    };
    await resident.sendUpdate(sticker);
    await resident.expect(/暂时只能看懂文字消息/, r0);
    await settle(h);
    expect(h.media.size()).toBeGreaterThan(0);
  });
});

describe('voice notes on Telegram, transcribed by an OpenAI-compatible server', () => {
  let h: MediaHarness;
  let ai: FakeOpenAi;
  let leader: TelegramUser;
  beforeAll(async () => {
    ai = await startFakeOpenAi();
    h = await startMediaHarness({
      media: { transcriber: createOpenAiTranscriber({ apiKey: 'sk-test', baseURL: ai.baseURL, model: 'whisper-1' }) },
    });
    leader = await bound(h, 6003, LEADER_CODE, '吴组长');
  });
  afterAll(async () => {
    await h?.close();
    await ai?.close();
  });

  it('the words become the request, marked as a voice transcript, and the leader gets the voice with the card', async () => {
    ai.transcribeWith({ type: 'text', text: '俺家的壁挂炉坏了，不出热水' });
    const resident = await bound(h, 5201, '483920', '杨志强');
    const voice = oggBytes(3000);
    const fileId = h.telegram.addFile(voice, 'audio/ogg', 'oga');
    const r0 = resident.inbox().length;
    await resident.sendUpdate(voiceUpdate(resident, fileId, voice.length));
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);
    expect(ai.transcriptions).toHaveLength(1);
    expect(ai.transcriptions[0]!.model).toBe('whisper-1');
    expect(ai.transcriptions[0]!.bytes.equals(voice)).toBe(true);
    const card = await leader.expect(new RegExp(`新诉求 #${ref}`));
    expect(card.text).toContain('壁挂炉坏了');
    expect(card.text).toContain('（语音转写）');
    await waitFor(
      () => h.telegram.mediaTo(leader.id).some((m) => m.method === 'sendVoice' && m.fileId === fileId),
      'the leader to get the voice',
    );
    const got = await adminApi<ApiRequestWithMedia>(h, 'GET', `/api/v1/requests/${ref}`);
    expect(got.body.text).toBe('俺家的壁挂炉坏了，不出热水（语音转写）');
    expect(got.body.attachments[0]).toMatchObject({
      kind: 'voice',
      transcript: '俺家的壁挂炉坏了，不出热水',
      state: 'stored',
    });
  });

  it('when the server fails, the voice still becomes a request and the leader is told to listen', async () => {
    ai.transcribeWith({ type: 'status', status: 500 });
    const resident = await bound(h, 5202, '251551', '王志强');
    const fileId = h.telegram.addFile(oggBytes(3500), 'audio/ogg', 'oga');
    const r0 = resident.inbox().length;
    await resident.sendUpdate(voiceUpdate(resident, fileId, 3500, 9));
    await resident.expect(/语音收到了.*原样交给组长/s, r0);
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);
    const card = await leader.expect(new RegExp(`新诉求 #${ref}`));
    expect(card.text).toContain('请收听');
  });
});

describe('voice notes on Telegram without a transcription key', () => {
  let h: MediaHarness;
  let leader: TelegramUser;
  beforeAll(async () => {
    h = await startMediaHarness();
    leader = await bound(h, 6003, LEADER_CODE, '吴组长');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the voice is attached to a new request as it is, and the leader is told to listen', async () => {
    const resident = await bound(h, 5301, '675064', '李桂兰');
    const fileId = h.telegram.addFile(oggBytes(4000), 'audio/ogg', 'oga');
    const r0 = resident.inbox().length;
    const l0 = leader.inbox().length;
    await resident.sendUpdate(voiceUpdate(resident, fileId, 4000, 12));
    await resident.expect(/语音收到了/, r0);
    const ref = refIn((await resident.expect(/已收到，编号 #\d+/, r0)).text);
    const card = await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(card.text).toMatch(/语音诉求，请收听/);
    expect(card.text).toContain('12 秒');
    await waitFor(
      () => h.telegram.mediaTo(leader.id).some((m) => m.method === 'sendVoice' && m.fileId === fileId),
      'the leader to get the voice',
    );
    const got = await adminApi<ApiRequestWithMedia>(h, 'GET', `/api/v1/requests/${ref}`);
    expect(got.body.attachments[0]).toMatchObject({ kind: 'voice', transcript: null, state: 'stored' });
  });
});
