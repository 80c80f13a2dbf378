import { inflateSync } from 'node:zlib';
import type { RasterImage } from './png.js';

/** Bytes per pixel of the 8-bit colour types: grey, RGB, grey + alpha, RGBA (PNG §11.2.2). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * Reads the pixels of a PNG, as the image generation tool needs to edit an earlier image:
 * 8 bits per channel, colour type grey, RGB, grey + alpha or RGBA, not interlaced, rows filtered
 * with any of the five filter types (PNG specification, ISO/IEC 15948 §9). Grey becomes RGB.
 * Returns `null` for anything else (other bit depths, palettes, interlacing, damaged data): the
 * caller treats such an image as one it cannot edit.
 *
 * @example
 * import { decodePng } from './png-decode.js';
 * import { encodePng } from './png.js';
 * decodePng(encodePng({ width: 1, height: 1, channels: 3, pixels: new Uint8Array([9, 8, 7]) }))?.pixels; // [9, 8, 7]
 */
export function decodePng(bytes: Uint8Array): RasterImage | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 8 || buf.readUInt32BE(0) !== 0x89504e47 || buf.readUInt32BE(4) !== 0x0d0a1a0a) return null;
  let header: Buffer | null = null;
  const data: Buffer[] = [];
  for (let at = 8; at + 8 <= buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const body = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (header === null || header.length < 13 || header[8] !== 8 || header[12] !== 0) return null;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const sourceChannels = CHANNELS[header[9]!];
  if (sourceChannels === undefined || width === 0 || height === 0) return null;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(data));
  } catch {
    return null;
  }
  const stride = width * sourceChannels;
  if (raw.length < (stride + 1) * height) return null;
  const rows = unfilter(raw, stride, height, sourceChannels);
  if (rows === null) return null;
  const alpha = sourceChannels === 2 || sourceChannels === 4;
  const channels = alpha ? 4 : 3;
  const pixels = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const from = p * sourceChannels;
    const to = p * channels;
    const grey = sourceChannels < 3;
    pixels[to] = rows[from]!;
    pixels[to + 1] = rows[grey ? from : from + 1]!;
    pixels[to + 2] = rows[grey ? from : from + 2]!;
    if (alpha) pixels[to + 3] = rows[from + sourceChannels - 1]!;
  }
  return { width, height, channels, pixels };
}

/** Undoes the row filters (§9.2): None, Sub, Up, Average, Paeth; `null` on an unknown filter. */
function unfilter(raw: Buffer, stride: number, height: number, bpp: number): Uint8Array | null {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    if (filter > 4) return null;
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const upLeft = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) predictor = paeth(left, up, upLeft);
      out[y * stride + x] = (raw[y * (stride + 1) + 1 + x]! + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
