import { readFileSync } from 'node:fs';
import { encode as encodeSilk } from 'silk-wasm';
import { describe, expect, it } from 'vitest';
import { transcribable } from '../../src/classify/voice.decode.js';
import { pitchHz, readWav } from '../support/wav.js';

const AMR = readFileSync(new URL('../fixtures/voice-440hz-3s.amr', import.meta.url));

describe('voice formats a transcription server cannot read are decoded to WAV', () => {
  it('AMR-NB 8 kHz → 16 kHz mono 16-bit WAV of the same length and pitch', async () => {
    const out = await transcribable({ bytes: AMR, mime: 'audio/amr', fileName: 'VOICE_1.amr' });
    expect(out).toMatchObject({ mime: 'audio/wav', fileName: 'VOICE_1.wav' });
    const wav = readWav(out.bytes);
    expect(wav).toMatchObject({ format: 1, channels: 1, sampleRate: 16_000, bitsPerSample: 16 });
    expect(wav.seconds).toBeCloseTo(3, 1);
    expect(pitchHz(wav)).toBeGreaterThan(420);
    expect(pitchHz(wav)).toBeLessThan(460);
  });

  it('SILK as personal WeChat sends it (with and without the leading 0x02) → WAV with the same tone', async () => {
    const fromAmr = await transcribable({ bytes: AMR, mime: 'audio/amr', fileName: null });
    const silk = Buffer.from((await encodeSilk(fromAmr.bytes, 0)).data);
    expect(silk.subarray(1, 10).toString('latin1')).toBe('#!SILK_V3');
    for (const bytes of [silk, silk.subarray(1)]) {
      const wav = readWav((await transcribable({ bytes, mime: 'audio/silk', fileName: null })).bytes);
      expect(wav.sampleRate).toBe(16_000);
      expect(wav.seconds).toBeCloseTo(3, 1);
      expect(pitchHz(wav)).toBeGreaterThan(420);
      expect(pitchHz(wav)).toBeLessThan(460);
    }
  });

  it('what the servers take goes unchanged; what nothing decodes (speex, broken SILK, an empty AMR) is an error, not a guess', async () => {
    const ogg = { bytes: Buffer.from('OggS\0\x02rest'), mime: 'audio/ogg', fileName: 'a.oga' };
    expect(await transcribable(ogg)).toBe(ogg);
    await expect(
      transcribable({ bytes: Buffer.from('Speex   x'), mime: 'audio/speex', fileName: null }),
    ).rejects.toThrow(/no decoder/);
    await expect(
      transcribable({
        bytes: Buffer.from(`\x02#!SILK_V3${'x'.repeat(100)}`, 'latin1'),
        mime: 'audio/silk',
        fileName: null,
      }),
    ).rejects.toThrow();
    await expect(transcribable({ bytes: Buffer.from('#!AMR\n'), mime: 'audio/amr', fileName: null })).rejects.toThrow();
  });
});
