import { describe, expect, it } from 'vitest';
import { checkImage } from '../../src/domain/image.js';
import { judgeMedia } from '../../src/domain/media.js';
import { jpegBytes, pngBytes } from '../support/media-harness.js';

function gif(width: number, height: number): Buffer {
  const b = Buffer.alloc(40, 0);
  b.write('GIF89a', 0, 'latin1');
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  b[b.length - 1] = 0x3b;
  return b;
}

function webpLossless(width: number, height: number): Buffer {
  const b = Buffer.alloc(40, 0);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(b.length - 8, 4);
  b.write('WEBPVP8L', 8, 'latin1');
  b.writeUInt32LE(b.length - 20, 16);
  b[20] = 0x2f;
  b.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 21);
  return b;
}

describe('image headers', () => {
  it('reads the size of each kind and refuses more than a photo has', () => {
    expect(checkImage(jpegBytes(500, 4000, 3000), 'image/jpeg')).toEqual({ ok: true, width: 4000, height: 3000 });
    expect(checkImage(pngBytes(1600, 1200), 'image/png')).toEqual({ ok: true, width: 1600, height: 1200 });
    expect(checkImage(gif(320, 240), 'image/gif')).toEqual({ ok: true, width: 320, height: 240 });
    expect(checkImage(webpLossless(800, 600), 'image/webp')).toEqual({ ok: true, width: 800, height: 600 });
    expect(checkImage(pngBytes(20_000, 20_000), 'image/png')).toMatchObject({ ok: false, reason: 'too_many_pixels' });
    expect(checkImage(pngBytes(10_001, 10), 'image/png')).toMatchObject({ ok: false, reason: 'too_many_pixels' });
    expect(checkImage(jpegBytes(500, 8000, 6000), 'image/jpeg')).toMatchObject({
      ok: false,
      reason: 'too_many_pixels',
    });
    expect(checkImage(gif(12_000, 10), 'image/gif')).toMatchObject({ ok: false, reason: 'too_many_pixels' });
  });

  it('refuses what only starts like an image', () => {
    const garbage = Buffer.alloc(500, 0x41);
    garbage.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(checkImage(garbage, 'image/jpeg')).toEqual({ ok: false, reason: 'malformed' });
    // Cut before its end marker, or a frame header missing before the scan.
    expect(checkImage(jpegBytes(500).subarray(0, 400), 'image/jpeg')).toEqual({ ok: false, reason: 'malformed' });
    const png = pngBytes(100, 100);
    png.writeUInt8(png.readUInt8(20) ^ 1, 20); // the IHDR checksum no longer holds
    expect(checkImage(png, 'image/png')).toEqual({ ok: false, reason: 'malformed' });
    expect(checkImage(pngBytes(100, 100).subarray(0, 40), 'image/png')).toEqual({ ok: false, reason: 'malformed' });
    expect(checkImage(gif(10, 10).subarray(0, 30), 'image/gif')).toEqual({ ok: false, reason: 'malformed' });
    expect(checkImage(webpLossless(10, 10).subarray(0, 36), 'image/webp')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('judges a photo from any channel by its header: a bomb is too large, garbage is not media', () => {
    expect(judgeMedia(pngBytes(20_000, 20_000), 'photo', 1_000_000)).toEqual({ ok: false, reason: 'too_large' });
    const garbage = Buffer.alloc(500, 0x41);
    garbage.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(judgeMedia(garbage, 'file', 1_000_000)).toEqual({ ok: false, reason: 'not_media' });
    expect(judgeMedia(jpegBytes(500), 'photo', 1_000_000)).toEqual({ ok: true, mime: 'image/jpeg' });
  });
});
