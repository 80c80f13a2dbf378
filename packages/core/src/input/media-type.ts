/** The image types the Responses API takes as input. */
export type InputImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/**
 * Tells an image's type from its first bytes (PNG signature, JPEG SOI marker, `GIF87a`/`GIF89a`,
 * RIFF `WEBP`), or `null` for anything else.
 *
 * @example
 * import { readFile } from 'node:fs/promises';
 * import { imageType } from './media-type.js';
 * imageType(await readFile('chart.png')); // 'image/png'
 */
export function imageType(bytes: Uint8Array): InputImageType | null {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d) {
    return 'image/png';
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  const head = latin1(b, 0, 12);
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'image/gif';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/**
 * A short name for what other bytes look like, for error messages: `a PDF`, `a BMP image`,
 * `a TIFF image`, `a HEIC image`, `an SVG image`, or `an unknown format`.
 *
 * @example
 * import { describeBytes } from './media-type.js';
 * describeBytes(Buffer.from('%PDF-1.7')); // 'a PDF'
 */
export function describeBytes(bytes: Uint8Array): string {
  const head = latin1(bytes, 0, 64);
  if (bytes.length === 0) return 'empty';
  if (head.startsWith('%PDF-')) return 'a PDF';
  if (head.startsWith('BM')) return 'a BMP image';
  if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return 'a TIFF image';
  if (/^....ftyp(heic|heix|mif1|avif)/s.test(head))
    return head.includes('avif') ? 'an AVIF image' : 'a HEIC image';
  if (/^\s*(<\?xml[\s\S]*)?<svg/i.test(head)) return 'an SVG image';
  return 'an unknown format';
}

/** Tells whether bytes start like a PDF (`%PDF-`). */
export function isPdf(bytes: Uint8Array): boolean {
  return latin1(bytes, 0, 5) === '%PDF-';
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < Math.min(end, bytes.length); i++) out += String.fromCharCode(bytes[i]!);
  return out;
}
