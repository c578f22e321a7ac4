/**
 * WeChat's voice formats to something a transcription server takes. OpenAI-compatible
 * `audio/transcriptions` endpoints (OpenAI, whisper.cpp, FunASR / SenseVoice servers) read wav, mp3, ogg,
 * m4a and webm, never AMR (the Official Account's and WeCom's `media/get`) nor SILK (personal WeChat
 * through wechaty): those are decoded here, in WebAssembly (no native binary, nothing fetched at install),
 * to 16 kHz mono 16-bit WAV, the rate speech models are trained on. The original bytes stay with the
 * request; only the words come from this copy.
 */
import decodeAmr from '@audio/decode-amr';
import { decode as decodeSilk } from 'silk-wasm';

export interface Audio {
  bytes: Buffer;
  mime: string;
  fileName: string | null;
}

/** The rate the WAV is written at. */
export const TRANSCRIBE_RATE = 16_000;

/** Longest voice note decoded: WeChat's own limit is 60 s; beyond this a hostile file only costs memory. */
const MAX_SECONDS = 180;

/** Formats the endpoints take as they are. */
const TAKEN = new Set(['audio/ogg', 'audio/mpeg', 'audio/mp4', 'audio/wav', 'video/mp4', 'audio/webm']);

/** Whether `transcribable` has to decode this kind (false: sent as it is). */
export const needsDecoding = (mime: string): boolean => !TAKEN.has(mime.toLowerCase());

/**
 * The audio as the endpoint can read it: unchanged when it already can, otherwise decoded to WAV. Throws
 * for a format nothing here decodes (speex) or bytes that do not decode; the caller then leaves the voice
 * note for the leader to listen to.
 */
export async function transcribable(audio: Audio): Promise<Audio> {
  const mime = audio.mime.toLowerCase();
  if (!needsDecoding(mime)) return audio;
  const base = (audio.fileName ?? 'voice').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  if (mime === 'audio/amr') {
    const { channelData, sampleRate } = await decodeAmr(new Uint8Array(audio.bytes));
    const samples = channelData[0];
    if (!samples || samples.length === 0) throw new VoiceDecodeError('amr decoded to nothing');
    return { bytes: wav(resample(samples, sampleRate, TRANSCRIBE_RATE)), mime: 'audio/wav', fileName: `${base}.wav` };
  }
  if (mime === 'audio/silk') {
    // The decoder wants WeChat's form, a 0x02 byte before `#!SILK_V3`; Skype's plain form lacks it.
    const bytes = audio.bytes[0] === 0x02 ? audio.bytes : Buffer.concat([Buffer.from([0x02]), audio.bytes]);
    const pcm = await decodeSilk(bytes, TRANSCRIBE_RATE);
    if (pcm.data.length < 2) throw new VoiceDecodeError('silk decoded to nothing');
    const ints = new Int16Array(pcm.data.buffer, pcm.data.byteOffset, Math.floor(pcm.data.length / 2));
    return { bytes: wav(ints.slice(0, MAX_SECONDS * TRANSCRIBE_RATE)), mime: 'audio/wav', fileName: `${base}.wav` };
  }
  throw new VoiceDecodeError(`no decoder for ${mime.slice(0, 40)}`);
}

export class VoiceDecodeError extends Error {
  override name = 'VoiceDecodeError';
}

/** Float samples at `from` Hz → 16-bit samples at `to` Hz (linear interpolation; AMR-NB's 8 kHz holds nothing above 4 kHz to alias). */
export function resample(samples: Float32Array, from: number, to: number): Int16Array {
  const length = Math.min(Math.floor((samples.length * to) / from), MAX_SECONDS * to);
  const out = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    const at = (i * from) / to;
    const j = Math.floor(at);
    const a = samples[j] ?? 0;
    const b = samples[j + 1] ?? a;
    const v = a + (b - a) * (at - j);
    out[i] = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
  }
  return out;
}

/** A canonical 44-byte-header PCM WAV, mono, 16-bit, at TRANSCRIBE_RATE. */
export function wav(samples: Int16Array): Buffer {
  const data = samples.length * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8, 'latin1');
  b.write('fmt ', 12, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(TRANSCRIBE_RATE, 24);
  b.writeUInt32LE(TRANSCRIBE_RATE * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(data, 40);
  for (let i = 0; i < samples.length; i++) b.writeInt16LE(samples[i]!, 44 + i * 2);
  return b;
}
