import { inflateSync } from 'node:zlib';

/** What the emulator reads from a PDF: its page count and the text its pages draw. */
export interface PdfInfo {
  pages: number;
  /** The strings of the text operators (`Tj`, `TJ`, `'`, `"`) of every content stream, in file order. */
  text: string;
}

/**
 * Reads a PDF the way the emulator's default model needs it: counts the page objects
 * (`/Type /Page`) and collects the literal strings shown by the text operators of every content
 * stream (plain or `/FlateDecode`d). Enough for the small PDFs tests make; no fonts, no
 * encodings beyond Latin-1, no object streams. Returns `null` when the bytes do not start with
 * `%PDF-`.
 *
 * @example
 * import { readFile } from 'node:fs/promises';
 * import { pdfInfo } from './pdf-info.js';
 * const bytes = await readFile('hello.pdf');
 * pdfInfo(bytes); // { pages: 1, text: 'Hello from a PDF' }
 */
export function pdfInfo(bytes: Uint8Array): PdfInfo | null {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (raw.toString('latin1', 0, 5) !== '%PDF-') return null;
  const latin = raw.toString('latin1');
  const pages = (latin.match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
  const texts: string[] = [];
  const streams = /(<<(?:(?!>>\s*stream)[\s\S])*>>)\s*stream\r?\n/g;
  for (let m = streams.exec(latin); m; m = streams.exec(latin)) {
    const start = m.index + m[0].length;
    const end = latin.indexOf('endstream', start);
    if (end < 0) break;
    let content = raw.subarray(start, end);
    if (/\/FlateDecode/.test(m[1]!)) {
      try {
        content = inflateSync(content);
      } catch {
        continue;
      }
    }
    texts.push(...shownText(content.toString('latin1')));
    streams.lastIndex = end;
  }
  return { pages, text: texts.join(' ').replace(/\s+/g, ' ').trim() };
}

const STRING = /\((?:\\[\s\S]|[^\\)])*\)/g;

function shownText(content: string): string[] {
  const out: string[] = [];
  const ops = /(\((?:\\[\s\S]|[^\\)])*\))\s*(?:Tj|'|")|\[((?:\\[\s\S]|[^\]])*)\]\s*TJ/g;
  for (let m = ops.exec(content); m; m = ops.exec(content)) {
    if (m[1] !== undefined) out.push(pdfString(m[1]));
    else out.push((m[2]!.match(STRING) ?? []).map(pdfString).join(''));
  }
  return out;
}

function pdfString(literal: string): string {
  return literal.slice(1, -1).replace(/\\(\d{1,3}|[\s\S])/g, (_all, c: string) => {
    if (/^\d/.test(c)) return String.fromCharCode(Number.parseInt(c, 8));
    return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '\n': '' } as Record<string, string>)[c] ?? c;
  });
}
