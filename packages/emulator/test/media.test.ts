import { deflateSync, crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseDataUrl } from '../src/media/data-url.js';
import { imageInfo } from '../src/media/image-info.js';
import { pdfInfo } from '../src/media/pdf-info.js';
import { crc32, encodePng } from '../src/media/png.js';
import { decodePng as readPng } from '../src/media/png-decode.js';
import { makePdf } from './make-pdf.js';
import { decodePng } from './png-decode.js';

describe('media helpers', () => {
  it('computes the same CRC-32 as zlib', () => {
    const bytes = Buffer.from('IHDR and some more bytes \u00ff', 'latin1');
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
  });

  it('encodes pixels a PNG decoder gives back exactly', () => {
    const pixels = Uint8Array.from({ length: 5 * 3 * 4 }, (_, i) => (i * 37) % 256);
    const decoded = decodePng(encodePng({ width: 5, height: 3, channels: 4, pixels }));
    expect([decoded.width, decoded.height, decoded.colorType]).toEqual([5, 3, 6]);
    expect([...decoded.pixels]).toEqual([...pixels]);
  });

  it('reads back the pixels of PNGs whose rows use each of the five filters, grey made RGB', () => {
    const width = 4;
    const bpp = 2; // grey + alpha
    const rows = Array.from({ length: 5 }, (_, y) =>
      Uint8Array.from({ length: width * bpp }, (_, x) => (y * 53 + x * 29 + ((x * y) % 7)) % 256),
    );
    const filtered = rows.flatMap((row, y) => {
      const up = y > 0 ? rows[y - 1]! : new Uint8Array(row.length);
      const out = row.map((v, x) => {
        const a = x >= bpp ? row[x - bpp]! : 0;
        const b = up[x]!;
        const c = x >= bpp ? up[x - bpp]! : 0;
        const p = a + b - c;
        const paeth =
          Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
            ? a
            : Math.abs(p - b) <= Math.abs(p - c)
              ? b
              : c;
        return (v - [0, a, b, (a + b) >> 1, paeth][y]!) & 0xff;
      });
      return [y, ...out];
    });
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const out = Buffer.alloc(body.length + 8);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(zlibCrc32(body), body.length + 4);
      return out;
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(rows.length, 4);
    header[8] = 8;
    header[9] = 4;
    const png = Buffer.concat([
      Buffer.from('89504e470d0a1a0a', 'hex'),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.from(filtered))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    const image = readPng(png);
    expect(image).toMatchObject({ width, height: 5, channels: 4 });
    const expected = rows.flatMap((row) =>
      Array.from({ length: width }, (_, x) => [
        row[x * 2]!,
        row[x * 2]!,
        row[x * 2]!,
        row[x * 2 + 1]!,
      ]).flat(),
    );
    expect([...image!.pixels]).toEqual(expected);
    header[8] = 16;
    expect(readPng(Buffer.concat([png.subarray(0, 8), chunk('IHDR', header), png.subarray(33)]))).toBeNull();
    expect(readPng(Buffer.from('GIF89a', 'latin1'))).toBeNull();
  });

  it('reads the size of GIF and WebP images and refuses other bytes', () => {
    const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([20, 0, 10, 0])]);
    expect(imageInfo(gif)).toEqual({ mime: 'image/gif', width: 20, height: 10 });
    const vp8l = Buffer.alloc(30);
    vp8l.write('RIFF', 0, 'latin1');
    vp8l.write('WEBPVP8L', 8, 'latin1');
    vp8l[20] = 0x2f;
    vp8l.writeUInt32LE((7 - 1) | ((9 - 1) << 14), 21);
    expect(imageInfo(vp8l)).toEqual({ mime: 'image/webp', width: 7, height: 9 });
    expect(imageInfo(Buffer.from('BM not a bitmap'))).toBeNull();
  });

  it('reads the pages and text of an uncompressed PDF, with escaped parentheses', () => {
    expect(pdfInfo(makePdf(['Total (net): 5'], { compress: false }))).toEqual({
      pages: 1,
      text: 'Total (net): 5',
    });
    expect(pdfInfo(Buffer.from('not a pdf'))).toBeNull();
  });

  it('parses base64 data URLs and says what is wrong with others', () => {
    expect(parseDataUrl('data:Image/PNG;base64,aGk=')).toEqual({
      ok: true,
      mime: 'image/png',
      bytes: Buffer.from('hi'),
    });
    expect(parseDataUrl('data:text/plain,hi')).toMatchObject({ ok: false, problem: 'not_base64' });
    expect(parseDataUrl('https://x.test')).toMatchObject({ ok: false, problem: 'not_data_url' });
  });
});
