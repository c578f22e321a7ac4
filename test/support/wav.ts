/** Reads what a transcription server was sent, as a server would: the WAV header, then the samples. */
export interface WavInfo {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  seconds: number;
  samples: Int16Array;
}

export function readWav(b: Buffer): WavInfo {
  if (b.subarray(0, 4).toString('latin1') !== 'RIFF' || b.subarray(8, 12).toString('latin1') !== 'WAVE')
    throw new Error('not a RIFF/WAVE file');
  if (b.readUInt32LE(4) !== b.length - 8) throw new Error('RIFF length does not match the file');
  let at = 12;
  let fmt: Omit<WavInfo, 'seconds' | 'samples'> | null = null;
  while (at + 8 <= b.length) {
    const id = b.subarray(at, at + 4).toString('latin1');
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ')
      fmt = {
        format: b.readUInt16LE(at + 8),
        channels: b.readUInt16LE(at + 10),
        sampleRate: b.readUInt32LE(at + 12),
        bitsPerSample: b.readUInt16LE(at + 22),
      };
    if (id === 'data') {
      if (!fmt) throw new Error('data before fmt');
      const data = b.subarray(at + 8, at + 8 + size);
      const samples = new Int16Array(data.length / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(i * 2);
      return { ...fmt, seconds: samples.length / fmt.channels / fmt.sampleRate, samples };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/** The tone's pitch, from how often the wave crosses zero (enough for a pure test tone). */
export function pitchHz(w: WavInfo): number {
  let crossings = 0;
  for (let i = 1; i < w.samples.length; i++) if (w.samples[i - 1]! < 0 !== w.samples[i]! < 0) crossings++;
  return crossings / 2 / w.seconds;
}
