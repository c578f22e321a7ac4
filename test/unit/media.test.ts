import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attachmentsOf, mapTelegramUpdate } from '../../bots/telegram/telegram.mapper.js';
import { createFileMediaStore, createMemoryMediaStore } from '../../src/data/media.store.js';
import { cleanAttachments, judgeMedia, sniffMime } from '../../src/domain/media.js';
import { jpegBytes, oggBytes } from '../support/media-harness.js';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 3)]);

describe('what bytes are (sniffMime) and whether they are kept (judgeMedia)', () => {
  it('names photos and voice notes by their first bytes, whatever they claim', () => {
    expect(sniffMime(jpegBytes(100))).toBe('image/jpeg');
    expect(sniffMime(png)).toBe('image/png');
    expect(sniffMime(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffMime(oggBytes(100))).toBe('audio/ogg');
    expect(sniffMime(Buffer.from('#!AMR\n....'))).toBe('audio/amr');
    expect(sniffMime(Buffer.from('\x02#!SILK_V3', 'latin1'))).toBe('audio/silk');
    expect(sniffMime(Buffer.from('<html><script>'))).toBeNull();
    expect(sniffMime(Buffer.from('MZ\x90\0', 'latin1'))).toBeNull();
  });

  it('refuses empty, oversized, unknown bytes and a voice note as a photo', () => {
    expect(judgeMedia(Buffer.alloc(0), 'photo', 1000)).toEqual({ ok: false, reason: 'empty' });
    expect(judgeMedia(jpegBytes(2000), 'photo', 1000)).toEqual({ ok: false, reason: 'too_large' });
    expect(judgeMedia(Buffer.from('#!/bin/sh'), 'file', 1000)).toEqual({ ok: false, reason: 'not_media' });
    expect(judgeMedia(oggBytes(100), 'photo', 1000)).toEqual({ ok: false, reason: 'not_media' });
    expect(judgeMedia(jpegBytes(100), 'voice', 1000)).toEqual({ ok: false, reason: 'not_media' });
    expect(judgeMedia(jpegBytes(100), 'photo', 1000)).toEqual({ ok: true, mime: 'image/jpeg' });
    expect(judgeMedia(oggBytes(100), 'voice', 1000)).toEqual({ ok: true, mime: 'audio/ogg' });
  });
});

describe('media stores', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-media-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, make] of [
    ['file', () => createFileMediaStore(dir)],
    ['memory', () => createMemoryMediaStore()],
  ] as const) {
    it(`${name}: put, get and delete by a key made of the bytes; the same bytes give the same key`, async () => {
      const store = make();
      const key = await store.put(png, 'image/png');
      expect(key).toMatch(/^[0-9a-f]{64}\.png$/);
      expect(await store.put(png, 'image/png')).toBe(key);
      const got = await store.get(key);
      expect(got?.bytes.equals(png)).toBe(true);
      expect(got?.mime).toBe('image/png');
      await store.delete(key);
      expect(await store.get(key)).toBeNull();
    });
  }

  it("file: a key that is not the store's shape is never a path", async () => {
    const store = createFileMediaStore(dir);
    expect(await store.get('../../etc/passwd')).toBeNull();
    await store.delete('../outside');
    await store.put(jpegBytes(300), 'image/jpeg');
    expect(readdirSync(dir).every((d) => /^[0-9a-f]{2}$/.test(d))).toBe(true);
  });
});

describe('attachments from a stored payload', () => {
  it('drops what is malformed and keeps at most ten', () => {
    const good = {
      kind: 'photo',
      platformId: 'abc',
      mime: 'image/jpeg',
      size: 10,
      durationSec: null,
      recognition: null,
      fileName: null,
    };
    expect(cleanAttachments([good, { kind: 'video', platformId: 'x' }, { kind: 'photo' }, null, 'x'])).toEqual([good]);
    expect(cleanAttachments(Array(20).fill(good))).toHaveLength(10);
    expect(cleanAttachments({ not: 'a list' })).toEqual([]);
    expect(cleanAttachments([{ ...good, size: -5, durationSec: 'long' }])[0]).toMatchObject({
      size: null,
      durationSec: null,
    });
  });
});

describe('Telegram mapper', () => {
  const from = { id: 7, is_bot: false, first_name: 'A' };
  const chat = { id: 7, type: 'private' };
  it('takes the largest photo size and the caption as text', () => {
    const mapped = mapTelegramUpdate(
      {
        update_id: 1,
        message: {
          message_id: 1,
          date: 0,
          from,
          chat,
          caption: '院墙裂了',
          photo: [
            { file_id: 'small', file_unique_id: 's', width: 90, height: 90 },
            { file_id: 'big', file_unique_id: 'b', width: 1280, height: 960, file_size: 99 },
          ],
        },
      } as never,
      null,
      new Date(0),
    );
    expect(mapped?.message).toMatchObject({
      text: '院墙裂了',
      unsupported: null,
      attachments: [{ kind: 'photo', platformId: 'big', size: 99 }],
    });
  });

  it('a voice note, an image sent as a file, a document; a sticker stays unsupported', () => {
    expect(attachmentsOf({ voice: { file_id: 'v', duration: 7, mime_type: 'audio/ogg' } })).toMatchObject([
      { kind: 'voice', durationSec: 7 },
    ]);
    expect(attachmentsOf({ document: { file_id: 'd', mime_type: 'image/png', file_name: 'a.png' } })).toMatchObject([
      { kind: 'photo', fileName: 'a.png' },
    ]);
    expect(attachmentsOf({ document: { file_id: 'd', mime_type: 'application/pdf' } })).toMatchObject([
      { kind: 'file' },
    ]);
    const sticker = mapTelegramUpdate(
      { update_id: 2, message: { message_id: 2, date: 0, from, chat, sticker: { file_id: 's' } } } as never,
      null,
      new Date(0),
    );
    expect(sticker?.message).toMatchObject({ unsupported: 'sticker', text: null });
    expect(sticker?.message.attachments).toBeUndefined();
  });
});
