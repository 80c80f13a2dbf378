import { createHash } from 'node:crypto';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import { splitText } from './chunking.js';

/** The longest token the emulator cuts text into, in code points (its usage estimate counts 4 a token). */
const TOKEN_LENGTH = 4;

/**
 * Cuts text into the tokens its log probabilities are given for: each streamed delta (a word with
 * its leading whitespace, see `splitText`) cut into pieces of at most 4 code points, so the tokens
 * of a delta spell that delta and all the tokens spell the text.
 *
 * @example
 * import { tokenize } from './logprobs.js';
 * tokenize('Hello wonderful world'); // ['Hell', 'o', ' won', 'derf', 'ul', ' wor', 'ld']
 */
export function tokenize(text: string): string[] {
  return splitText(text).flatMap((delta) => {
    const points = Array.from(delta);
    const out: string[] = [];
    for (let i = 0; i < points.length; i += TOKEN_LENGTH)
      out.push(points.slice(i, i + TOKEN_LENGTH).join(''));
    return out;
  });
}

/**
 * The `logprobs` of an `output_text` part, in the shape of the API reference's
 * `ResponseOutputText.Logprob`: one `{token, bytes, logprob, top_logprobs}` per token of the text
 * (see {@link tokenize}), `bytes` the token's UTF-8 bytes. The values are made up but
 * deterministic (a hash of the token and its position), real-shaped and consistent: the sampled
 * token's log probability is between -0.6 and 0, and `top_logprobs` holds `top` entries (0–20)
 * in falling order, the sampled token first, then other tokens below it, their probabilities
 * summing to at most 1.
 *
 * @example
 * import { textLogprobs } from './logprobs.js';
 * textLogprobs('Hi', 2)[0]; // { token: 'Hi', bytes: [72, 105], logprob: -0.21, top_logprobs: [{ token: 'Hi', … }, { token: ' Hi', … }] }
 */
export function textLogprobs(text: string, top: number): JsonObject[] {
  return tokenize(text).map((token, position) => {
    const logprob = -round(0.0001 + unit(token, position, 0) * 0.6);
    const rest = 1 - Math.exp(logprob);
    const alternatives = [token, ...variants(token)].slice(0, top);
    return {
      token,
      bytes: utf8(token),
      logprob,
      top_logprobs: alternatives.map((alt, k) => ({
        token: alt,
        bytes: utf8(alt),
        // The others share what the sampled token leaves, halving (or less) at each rank.
        logprob: k === 0 ? logprob : round(Math.log(rest * 0.5 ** k * (0.5 + 0.5 * unit(alt, position, k)))),
      })),
    };
  });
}

/**
 * Fills the `logprobs` of every `output_text` part of the messages of an output (see
 * {@link textLogprobs}); other items are returned as they are. Used for
 * `include: ["message.output_text.logprobs"]`.
 *
 * @example
 * import { buildItems } from './index.js';
 * import { withTextLogprobs } from './logprobs.js';
 * const output = withTextLogprobs(buildItems([{ type: 'message', text: 'Hello' }]), 3);
 */
export function withTextLogprobs(output: readonly WireItem[], top: number): WireItem[] {
  return output.map((item) => {
    if (item.type !== 'message' || !Array.isArray(item.content)) return item;
    const content = (item.content as JsonObject[]).map((part) =>
      part.type === 'output_text' && typeof part.text === 'string'
        ? { ...part, logprobs: textLogprobs(part.text, top) }
        : part,
    );
    return { ...item, content };
  });
}

/**
 * The logprobs of one streamed delta in the shape of the API reference's
 * `ResponseTextDeltaEvent.Logprob` (`{token, logprob, top_logprobs: [{token, logprob}]}`): the
 * part's logprobs from `start` on whose tokens spell `delta`. Returns them and the index after them.
 *
 * @example
 * import { deltaLogprobs, textLogprobs } from './logprobs.js';
 * const all = textLogprobs('Hello world', 0); // the logprobs of the whole part
 * const { logprobs, next } = deltaLogprobs(all, 0, 'Hello'); // those of the first delta; `next` is where the second starts
 */
export function deltaLogprobs(
  all: readonly JsonObject[],
  start: number,
  delta: string,
): { logprobs: JsonObject[]; next: number } {
  const logprobs: JsonObject[] = [];
  let spelled = '';
  let i = start;
  while (i < all.length && spelled.length < delta.length) {
    const entry = all[i]!;
    spelled += String(entry.token);
    const tops = Array.isArray(entry.top_logprobs) ? (entry.top_logprobs as JsonObject[]) : [];
    logprobs.push({
      token: entry.token,
      logprob: entry.logprob,
      top_logprobs: tops.map((t) => ({ token: t.token, logprob: t.logprob })),
    });
    i++;
  }
  return { logprobs, next: i };
}

function variants(token: string): string[] {
  const bare = token.trim();
  const candidates = [
    token.startsWith(' ') ? bare : ` ${bare}`,
    bare.toLowerCase() === bare ? bare.toUpperCase() : bare.toLowerCase(),
    `${token}s`,
    `${token}.`,
    `${token},`,
    token.slice(0, -1),
    `${token}-`,
    `${token}'`,
    ` the`,
    ` a`,
    ` and`,
    ` of`,
    ` to`,
    ` in`,
    ` is`,
    '.',
    ',',
    '\n',
    ' I',
    ' it',
    ' that',
  ];
  const seen = new Set([token]);
  const out = candidates.filter((c) => c !== '' && !seen.has(c) && seen.add(c));
  for (let k = 0; out.length < 20; k++) if (!seen.has(` x${k}`)) out.push(` x${k}`);
  return out;
}

function unit(token: string, position: number, salt: number): number {
  const digest = createHash('sha256').update(`${position}:${salt}:${token}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function utf8(text: string): number[] {
  return [...Buffer.from(text, 'utf8')];
}
