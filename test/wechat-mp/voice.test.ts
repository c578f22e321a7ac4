import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiTranscriber } from '../../src/classify/openai.transcriber.js';
import { type FakeOpenAi, startFakeOpenAi } from '../support/fake-openai.js';
import { ADMIN_TOKEN, TelegramUser, waitFor } from '../support/harness.js';
import { pitchHz, readWav } from '../support/wav.js';
import { type MpHarness, MpUser, startMpHarness } from './mp-harness.js';

const refIn = (text: string) => Number(/#(\d+)/.exec(text)![1]);
/** Three seconds of a 440 Hz tone, AMR-NB 12.2 kbit/s as WeChat's media/get serves it (made by test/fixtures/make-voice-amr.c with opencore-amr). */
const AMR = readFileSync(new URL('../fixtures/voice-440hz-3s.amr', import.meta.url));

describe("voice on the Official Account without WeChat's Recognition, transcribed by an OpenAI-compatible server", () => {
  let h: MpHarness;
  let ai: FakeOpenAi;
  let leader: TelegramUser;
  beforeAll(async () => {
    ai = await startFakeOpenAi();
    h = await startMpHarness({
      media: { transcriber: createOpenAiTranscriber({ apiKey: 'sk-test', baseURL: ai.baseURL, model: 'whisper-1' }) },
    });
    leader = new TelegramUser(h, 7203, '吴组长');
    await leader.say('/start 700303');
    await leader.expect(/绑定成功/);
  });
  afterAll(async () => {
    await h?.close();
    await ai?.close();
  });

  it('the AMR from media/get reaches the server as 16 kHz WAV it can decode, and its words become the request with the voice kept', async () => {
    ai.transcribeWith({ type: 'text', text: '俺家门口的路灯不亮了' });
    const resident = new MpUser(h);
    await resident.say('绑定 483920');
    await resident.expect(/绑定成功/);
    h.mp.addMedia('VOICE_AMR_1', AMR, 'audio/amr');
    const l0 = leader.inbox().length;
    await resident.voice('VOICE_AMR_1', null);
    const ref = refIn(await resident.expect(/已收到，编号 #\d+/));

    expect(ai.transcriptions).toHaveLength(1);
    const sent = ai.transcriptions[0]!;
    expect(sent.fileName).toMatch(/\.wav$/);
    const wav = readWav(sent.bytes);
    expect(wav).toMatchObject({ format: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 });
    expect(wav.seconds).toBeGreaterThan(2.9);
    expect(wav.seconds).toBeLessThan(3.1);
    // The decoded sound is the tone that was recorded, not noise or silence.
    expect(pitchHz(wav)).toBeGreaterThan(420);
    expect(pitchHz(wav)).toBeLessThan(460);

    const card = await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(card.text).toContain('路灯不亮了');
    expect(card.text).toContain('（语音转写）');
    const request = await h.api(`/api/v1/requests/${ref}`);
    expect(request.body.text).toBe('俺家门口的路灯不亮了（语音转写）');
    expect(request.body.attachments[0]).toMatchObject({
      kind: 'voice',
      mime: 'audio/amr',
      state: 'stored',
      transcript: '俺家门口的路灯不亮了',
    });
    // The voice itself stays with the request, as it was recorded.
    const download = await fetch(`${h.url}${request.body.attachments[0].download}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(Buffer.from(await download.arrayBuffer()).equals(AMR)).toBe(true);
  });

  it('when the server is down, the AMR voice still becomes a request and the leader is told to listen', async () => {
    ai.transcribeWith({ type: 'status', status: 503 });
    const resident = new MpUser(h);
    await resident.say('绑定 251551');
    await resident.expect(/绑定成功/);
    h.mp.addMedia('VOICE_AMR_2', AMR, 'audio/amr');
    const l0 = leader.inbox().length;
    await resident.voice('VOICE_AMR_2', null);
    const ref = refIn(await resident.expect(/已收到，编号 #\d+/));
    const card = await leader.expect(new RegExp(`新诉求 #${ref}`), l0);
    expect(card.text).toContain('请收听');
    await waitFor(() => (ai.transcriptions.length >= 2 ? true : null), 'the server to have been asked');
  });
});
