/** Longest delta the emulator sends, in code points. */
export const MAX_CHUNK_LENGTH = 16;

/**
 * Splits text into the deltas a streamed message sends: one chunk per word with its leading
 * whitespace (`"Hello"`, `" world"`), long words cut at 16 code points. Joining the chunks gives
 * the text back exactly; the empty string gives no chunks.
 *
 * @example
 * import { splitText } from './chunking.js';
 * splitText('Hello big world'); // ['Hello', ' big', ' world']
 */
export function splitText(text: string): string[] {
  return limitLength(text.match(/\s*\S+|\s+/gu) ?? []);
}

/**
 * Splits function-call arguments (JSON text) into deltas: string literals and the punctuation
 * between them, long pieces cut at 16 code points. Lossless for any input, valid JSON or not.
 *
 * @example
 * import { splitJson } from './chunking.js';
 * splitJson('{"city":"Paris"}'); // ['{', '"city"', ':', '"Paris"', '}']
 */
export function splitJson(json: string): string[] {
  const pieces = json.match(/"(?:[^"\\]|\\.)*"|[^"]+|"/gu) ?? [];
  return limitLength(pieces.join('') === json ? pieces : [json]);
}

function limitLength(pieces: string[]): string[] {
  const out: string[] = [];
  for (const piece of pieces) {
    const points = Array.from(piece);
    for (let i = 0; i < points.length; i += MAX_CHUNK_LENGTH) {
      out.push(points.slice(i, i + MAX_CHUNK_LENGTH).join(''));
    }
  }
  return out;
}
