/** What stands in for a secret. */
export const REDACTED = '[redacted]';

/**
 * Id prefixes of the Responses API and its neighbours: responses, items (messages, function
 * calls and outputs, reasoning, compaction, MCP, code interpreter, image generation, computer
 * use, web search …), call ids, containers and their files, request ids.
 */
const ID_PREFIXES =
  'resp|msg|fc|fco|rs|cmp|mcpl|mcpr|mcp|ci|ig|igp|ctc|cu|cuo|ws|fs|lsh|sr|call|cntr|cfile|req|conv|item';
/** A whole string that is an id: `prefix_` and at least 8 letters or digits. */
const WHOLE_ID = new RegExp(`^(${ID_PREFIXES})_([A-Za-z0-9]{8,})$`);
/** An id inside text (an error message that names a response, a citation …). */
const ID_IN_TEXT = new RegExp(`\\b(${ID_PREFIXES})_([A-Za-z0-9]{16,})\\b`, 'g');
/** File ids of OpenAI (`file-…`) and Azure (`assistant-…`). */
const FILE_ID_IN_TEXT = /\b(file|assistant)-([A-Za-z0-9]{10,})\b/g;
/** Keys whose string values are secrets wherever they appear. */
const SECRET_KEY =
  /^(api[-_]?key|authorization|password|passwd|secret|client[-_]?secret|access[-_]?token|refresh[-_]?token|id[-_]?token|token|bearer)$/i;
/** Keys whose string values identify an end user or a cache partition of the caller. */
const IDENTITY_KEY = /^(user|safety_identifier|prompt_cache_key)$/;
/** Secrets that can turn up in any text: API keys and bearer tokens. */
const SECRET_IN_TEXT = [/\bsk-[A-Za-z0-9_-]{16,}/g, /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g];

/**
 * Scrubs recorded Responses API traffic by rule, with one id map for a whole recording session
 * so that a response, an item or a call keeps one placeholder everywhere it appears (a later
 * response that chains to it, a function call output that answers it):
 *
 * - **ids**: every `resp_…`, `msg_…`, `fc_…`, `call_…`, `rs_…`, `cntr_…`, `cfile_…` (and the other
 *   prefixes of the API), whole or inside text, and `file-…` / `assistant-…` file ids, become the
 *   same prefix and a counter of the same length (`resp_000…0001`);
 * - **secrets**: the string values of keys such as `api_key`, `authorization`, `token`, `password`,
 *   every value of a `headers` object (hosted MCP tools), and `sk-…` keys or `Bearer …` tokens in
 *   any text, become `"[redacted]"`; URLs lose their user info and query values;
 * - **identity**: `user`, `safety_identifier` and `prompt_cache_key` become `"[redacted]"`.
 *
 * Everything else (text, arguments, encrypted reasoning, sequence numbers, timestamps, usage) is
 * kept, so that the emulator replays the exchange as it happened.
 *
 * @example
 * ```ts
 * import { Scrubber } from '@turnkit/cli';
 * const scrubber = new Scrubber();
 * scrubber.scrub({ id: 'resp_68af4030…', user: 'ann@example.com' }); // { id: 'resp_000…0001', user: '[redacted]' }
 * ```
 */
export class Scrubber {
  readonly #ids = new Map<string, string>();
  #next = 1;

  /** The placeholder of an id (the same for the same id, every time). */
  id(prefix: string, separator: string, body: string): string {
    const key = `${prefix}${separator}${body}`;
    let placeholder = this.#ids.get(key);
    if (!placeholder) {
      const counter = String(this.#next++);
      placeholder = `${prefix}${separator}${counter.padStart(Math.max(body.length, counter.length), '0')}`;
      this.#ids.set(key, placeholder);
    }
    return placeholder;
  }

  #text(text: string): string {
    const whole = WHOLE_ID.exec(text);
    if (whole) return this.id(whole[1]!, '_', whole[2]!);
    let out = text
      .replace(ID_IN_TEXT, (_m, prefix: string, body: string) => this.id(prefix, '_', body))
      .replace(FILE_ID_IN_TEXT, (_m, prefix: string, body: string) => this.id(prefix, '-', body));
    for (const pattern of SECRET_IN_TEXT) out = out.replace(pattern, REDACTED);
    if (/^https?:\/\/[^\s]+$/.test(out)) out = redactUrl(out);
    return out;
  }

  /** A scrubbed copy of a JSON value. */
  scrub(value: unknown, key?: string): unknown {
    if (typeof value === 'string') {
      if (key !== undefined && (SECRET_KEY.test(key) || IDENTITY_KEY.test(key))) return REDACTED;
      return this.#text(value);
    }
    if (Array.isArray(value)) return value.map((item) => this.scrub(item));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [name, inner] of Object.entries(value)) {
        if (name === 'headers' && inner && typeof inner === 'object' && !Array.isArray(inner)) {
          out[name] = Object.fromEntries(Object.keys(inner).map((header) => [header, REDACTED]));
        } else out[name] = this.scrub(inner, name);
      }
      return out;
    }
    return value;
  }
}

/** A URL without user info, with every query value but `api-version` redacted. */
function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (!url.username && !url.password && url.search === '') return text;
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) {
    if (name.toLowerCase() !== 'api-version') url.searchParams.set(name, REDACTED);
  }
  return url.toString();
}
