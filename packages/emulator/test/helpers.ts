import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import type { Emulator } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** The real recordings vendored in the repository (`fixtures/recordings`, with their license and source). */
export const RECORDINGS = process.env.TURNKIT_RECORDINGS ?? resolve(here, '../../../fixtures/recordings');

/** An official client pointed at the emulator, with fast retries. */
export function clientFor(emu: Emulator, options: { maxRetries?: number } = {}): OpenAI {
  return new OpenAI({ baseURL: emu.url, apiKey: 'test', maxRetries: options.maxRetries ?? 0 });
}

/** One parsed SSE frame. */
export interface Frame {
  event: string | null;
  data: string;
  lines: string[];
}

/**
 * A minimal WHATWG-style SSE decoder: feed it any byte chunks, get frames back. Handles `\n`,
 * `\r\n` and `\r` line ends, `:` comments and multi-line `data`.
 */
export function createSseDecoder(): { feed(bytes: Uint8Array): Frame[]; end(): Frame[] } {
  const decoder = new TextDecoder();
  let buffer = '';
  let lines: string[] = [];
  const take = (final: boolean): Frame[] => {
    const frames: Frame[] = [];
    for (;;) {
      const match = /\r\n|\n|\r/.exec(buffer);
      if (!match || (match[0] === '\r' && match.index === buffer.length - 1 && !final)) break;
      const line = buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (lines.length > 0) frames.push(toFrame(lines));
        lines = [];
      } else if (!line.startsWith(':')) {
        lines.push(line);
      }
    }
    return frames;
  };
  return {
    feed(bytes) {
      buffer += decoder.decode(bytes, { stream: true });
      return take(false);
    },
    end() {
      buffer += decoder.decode();
      const frames = take(true);
      if (buffer !== '') lines.push(buffer);
      if (lines.length > 0) frames.push(toFrame(lines));
      return frames;
    },
  };
}

function toFrame(lines: string[]): Frame {
  let event: string | null = null;
  const data: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    if (field === 'data') data.push(value);
  }
  return { event, data: data.join('\n'), lines };
}

/** Reads a whole fetch body as SSE frames, feeding the decoder chunk by chunk as they arrive. */
export async function readFrames(response: Response): Promise<{ frames: Frame[]; text: string }> {
  const decoder = createSseDecoder();
  const frames: Frame[] = [];
  const bytes: Uint8Array[] = [];
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    bytes.push(chunk);
    frames.push(...decoder.feed(chunk));
  }
  frames.push(...decoder.end());
  return { frames, text: Buffer.concat(bytes).toString('utf8') };
}

/** Parsed `data` of every frame. */
export function eventsOf(
  frames: Frame[],
): Array<Record<string, unknown> & { type: string; sequence_number: number }> {
  return frames.map((f) => JSON.parse(f.data));
}

/** POSTs JSON to the emulator with fetch. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** JSON read from a raw answer, loosely typed for assertions. */
export type AnyJson = any;

/** Reads a fetch answer's JSON body. */
export function jsonOf(res: Response): Promise<AnyJson> {
  return res.json();
}
