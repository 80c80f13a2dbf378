import { deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The CRC-32 table of the polynomial PNG uses (0xEDB88320, reflected). */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32 of bytes, as PNG chunks carry it (ISO 3309 / ITU-T V.42, the same as zlib's `crc32`).
 *
 * @example
 * import { crc32 } from './png.js';
 * crc32(Buffer.from('IEND')); // 0xae426082
 */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Pixels to encode: `channels` bytes per pixel (3 = RGB, 4 = RGBA), rows top to bottom. */
export interface RasterImage {
  width: number;
  height: number;
  channels: 3 | 4;
  /** `width * height * channels` bytes. */
  pixels: Uint8Array;
}

/**
 * Encodes pixels as a PNG (8 bits per channel, colour type 2 or 6, no interlace): the signature,
 * `IHDR`, one `IDAT` holding the zlib stream of the filtered rows (filter type 1, "Sub", on every
 * row) and `IEND`, each chunk with its CRC-32 (PNG specification, ISO/IEC 15948).
 *
 * @throws {RangeError} when the pixel buffer does not match the size.
 * @example
 * import { encodePng } from './png.js';
 * const png = encodePng({ width: 1, height: 1, channels: 3, pixels: new Uint8Array([255, 0, 0]) });
 */
export function encodePng(image: RasterImage): Buffer {
  const { width, height, channels, pixels } = image;
  if (pixels.length !== width * height * channels) {
    throw new RangeError(`encodePng: expected ${width * height * channels} bytes, got ${pixels.length}.`);
  }
  const stride = width * channels;
  const filtered = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    filtered[row] = 1; // Sub: each byte minus the byte of the pixel to its left.
    for (let x = 0; x < stride; x++) {
      const value = pixels[y * stride + x]!;
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0;
      filtered[row + 1 + x] = (value - left) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = channels === 4 ? 6 : 2; // colour type: RGBA or RGB
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method 0
  header[12] = 0; // no interlace
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(filtered, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
