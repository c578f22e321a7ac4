/**
 * Voice notes to words through an OpenAI-compatible `audio/transcriptions` endpoint (OpenAI's own, or a
 * self-hosted whisper / FunASR / SenseVoice server speaking the same API). Telegram's Ogg/Opus goes as it is;
 * WeChat's AMR and SILK are decoded to WAV first (voice.decode.ts), since no such server reads them.
 */
import OpenAI, { toFile } from 'openai';
import { extensionOf, type Transcriber } from '../domain/media.js';
import { transcribable } from './voice.decode.js';

export interface OpenAiTranscriberOptions {
  apiKey: string;
  baseURL?: string;
  /** e.g. whisper-1 or gpt-4o-mini-transcribe (LINLI_TRANSCRIBE_MODEL). */
  model: string;
  timeoutMs?: number;
  /** A hint that improves recognition of short village speech. */
  language?: string;
}

export function createOpenAiTranscriber(opts: OpenAiTranscriberOptions): Transcriber {
  const client = new OpenAI({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    timeout: opts.timeoutMs ?? 30_000,
    maxRetries: 1,
  });
  return {
    async transcribe(original) {
      const audio = await transcribable(original);
      const file = await toFile(audio.bytes, audio.fileName ?? `voice.${extensionOf(audio.mime)}`, {
        type: audio.mime,
      });
      const result = await client.audio.transcriptions.create({
        file,
        model: opts.model,
        response_format: 'json',
        ...(opts.language ? { language: opts.language } : {}),
      });
      const text = typeof result === 'string' ? result : result.text;
      return text?.trim() ? text.trim() : null;
    },
  };
}
