/**
 * What an image's own header says of it, read without decoding a pixel: its size, and whether its
 * structure holds together. A photo is forwarded to a leader's phone, which decodes it whole, so a small
 * file that declares 20,000 × 20,000 pixels (a decompression bomb) or garbage behind a JPEG's first three
 * bytes is refused before it is kept.
 */

/** A photo from a phone is 12–50 megapixels; shrunk by the web page, under 3. */
export const MAX_IMAGE_PIXELS = 40_000_000;
export const MAX_IMAGE_SIDE = 10_000;

export type ImageCheck =
  | { ok: true; width: number; height: number }
  | { ok: false; reason: 'malformed' }
  | { ok: false; reason: 'too_many_pixels'; width: number; height: number };

const malformed: ImageCheck = { ok: false, reason: 'malformed' };

function sized(width: number, height: number): ImageCheck {
  if (width <= 0 || height <= 0) return malformed;
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS)
    return { ok: false, reason: 'too_many_pixels', width, height };
  return { ok: true, width, height };
}

let crcTable: Uint32Array | null = null;
function crc32(bytes: Buffer): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** PNG: the IHDR chunk first with a matching checksum, and the IEND chunk last. */
function png(b: Buffer): ImageCheck {
  if (b.length < 8 + 25 + 12) return malformed;
  if (b.readUInt32BE(8) !== 13 || b.toString('latin1', 12, 16) !== 'IHDR') return malformed;
  if (crc32(b.subarray(12, 29)) !== b.readUInt32BE(29)) return malformed;
  const end = b.subarray(b.length - 12);
  if (end.readUInt32BE(0) !== 0 || end.toString('latin1', 4, 8) !== 'IEND') return malformed;
  return sized(b.readUInt32BE(16), b.readUInt32BE(20));
}

/**
 * JPEG: marker segments of consistent lengths from the start to the scan, a frame header (SOFn) before
 * it, and an end-of-image marker after it. The size is the frame header's.
 */
function jpeg(b: Buffer): ImageCheck {
  let i = 2;
  let frame: { width: number; height: number } | null = null;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return malformed;
    const marker = b[i + 1]!;
    // Fill bytes before a marker are allowed.
    if (marker === 0xff) {
      i++;
      continue;
    }
    // Markers without a length: TEM and the restart markers never come before the scan; SOI or EOI here is broken.
    if (marker === 0x00 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) return malformed;
    const length = b.readUInt16BE(i + 2);
    if (length < 2 || i + 2 + length > b.length) return malformed;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (length < 8 || frame) return malformed;
      frame = { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    }
    if (marker === 0xda) {
      if (!frame) return malformed;
      const scan = i + 2 + length;
      // The compressed data ends at the end-of-image marker (a camera may append its own bytes after it).
      if (b.lastIndexOf(Buffer.from([0xff, 0xd9])) < scan) return malformed;
      return sized(frame.width, frame.height);
    }
    i += 2 + length;
  }
  return malformed;
}

/** GIF: the logical screen's size, and the trailer byte last. */
function gif(b: Buffer): ImageCheck {
  if (b.length < 14 || b[b.length - 1] !== 0x3b) return malformed;
  return sized(b.readUInt16LE(6), b.readUInt16LE(8));
}

/** WebP: a RIFF container whose length is the file's, and a first chunk that is one of the three image kinds. */
function webp(b: Buffer): ImageCheck {
  if (b.length < 30) return malformed;
  const riff = b.readUInt32LE(4);
  // RIFF pads an odd payload with one byte.
  if (riff + 8 !== b.length && riff + 9 !== b.length) return malformed;
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8 ') {
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return malformed;
    return sized(b.readUInt16LE(26) & 0x3fff, b.readUInt16LE(28) & 0x3fff);
  }
  if (chunk === 'VP8L') {
    if (b[20] !== 0x2f) return malformed;
    const bits = b.readUInt32LE(21);
    return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') return sized(b.readUIntLE(24, 3) + 1, b.readUIntLE(27, 3) + 1);
  return malformed;
}

/** Checks bytes already sniffed as `mime` (one of the four image kinds; anything else is malformed). */
export function checkImage(bytes: Buffer, mime: string): ImageCheck {
  switch (mime) {
    case 'image/png':
      return png(bytes);
    case 'image/jpeg':
      return jpeg(bytes);
    case 'image/gif':
      return gif(bytes);
    case 'image/webp':
      return webp(bytes);
    default:
      return malformed;
  }
}
