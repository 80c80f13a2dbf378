import { type RequestItemSize, RequestTooLargeError } from '../run-errors/run-errors.js';

/** How many of the biggest items a {@link RequestTooLargeError} names. */
const NAMED = 3;

/** The remembered size of an object that JSON leaves out (its `toJSON` returns undefined). */
const OMITTED = -1;

/** How many of the envelope's objects are remembered in a list (past them, in a WeakMap). */
const ENVELOPE_OBJECTS = 8;

/** Strings shorter than this are measured each time; longer ones (instructions) once. */
const REMEMBERED_STRING = 256;

/**
 * Measures request bodies before they are sent. The objects of the envelope (the tools list, a
 * settings object) are serialized once per run: measured the first time they are sent and
 * remembered. So are the input items when they are `resent` (a stateless conversation sends its
 * whole history every turn): a turn then costs one measurement per new item. The loop never
 * changes an object it has sent.
 */
export class RequestSizer {
  /** The envelope's objects and their sizes, in turns: `[object, size, object, size, …]` (a handful). */
  #envelope: Array<object | number> = [];
  /** The sizes of the resent items (and of the envelope's objects past the handful). */
  #sizes: WeakMap<object, number> | undefined;
  readonly #resent: boolean;
  /** Sizes of the long strings seen (instructions). */
  #strings: Map<string, number> | undefined;

  constructor(
    readonly limitBytes: number,
    options: { resent?: boolean } = {},
  ) {
    this.#resent = options.resent ?? false;
  }

  /**
   * Throws when `body` would serialize to more than the limit; its `input` items are what the
   * error names. The size is exact: that of `JSON.stringify(body)` in UTF-8.
   * @throws {RequestTooLargeError} naming the size, the limit and the biggest items.
   */
  check(body: { input?: unknown } & Record<string, unknown>): void {
    // Most bodies are far under the limit: a bound that serializes nothing settles them.
    if (this.#bound(body) <= this.limitBytes) return;
    // `{` and `}`, each member `"key":value`, commas between the members.
    let bytes = 2;
    let members = 0;
    for (const key in body) {
      if (!Object.hasOwn(body, key)) continue;
      const value = body[key];
      const size =
        key === 'input' && Array.isArray(value) ? this.#listSize(value) : this.#valueSize(value, true);
      if (size === undefined) continue; // undefined, a function or a symbol: JSON leaves the member out
      bytes += jsonStringBytes(key) + 1 + size;
      members++;
    }
    if (members > 1) bytes += members - 1;
    if (bytes <= this.limitBytes) return;
    const input: unknown[] = Array.isArray(body.input) ? body.input : [];
    const largest: RequestItemSize[] = input
      .map((entry, index) => {
        const item = (typeof entry === 'object' && entry !== null ? entry : {}) as {
          type?: unknown;
          role?: unknown;
          call_id?: unknown;
          id?: unknown;
        };
        const type =
          typeof item.type === 'string' ? item.type : typeof item.role === 'string' ? 'message' : '?';
        const id =
          typeof item.call_id === 'string' ? item.call_id : typeof item.id === 'string' ? item.id : undefined;
        return { index, type, id, bytes: this.#valueSize(entry, false) ?? 4, item: entry as object };
      })
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, NAMED);
    throw new RequestTooLargeError(bytes, this.limitBytes, largest);
  }

  /**
   * At least the size {@link RequestSizer.check} counts, from lengths alone: a UTF-16 unit of a
   * string takes at most 6 bytes in JSON (`\\u0000`), a number at most 25. The envelope's objects
   * (and resent items already measured) count their remembered size; what it cannot bound without
   * serializing (an object with `toJSON`, or not a plain object) makes it `Infinity`.
   */
  #bound(body: Record<string, unknown>): number {
    let bytes = 2;
    for (const key in body) {
      if (!Object.hasOwn(body, key)) continue;
      const value = body[key];
      bytes += 6 * key.length + 4; // "key": and a comma
      if (key === 'input' && Array.isArray(value)) {
        bytes += 2;
        for (const item of value) {
          const known =
            this.#resent && typeof item === 'object' && item !== null ? this.#sizes?.get(item) : undefined;
          bytes += (known !== undefined && known !== OMITTED ? known : jsonBound(item, 0)) + 1;
        }
      } else if (typeof value === 'object' && value !== null) {
        bytes += this.#valueSize(value, true) ?? 0;
      } else {
        bytes += jsonBound(value, 0);
      }
    }
    return bytes;
  }

  /** `[…]` of the items; a hole or an undefined item counts as `null`. */
  #listSize(items: readonly unknown[]): number {
    let bytes = 2 + Math.max(0, items.length - 1);
    for (const item of items) bytes += (this.#resent ? this.#valueSize(item, false) : jsonBytes(item)) ?? 4;
    return bytes;
  }

  /**
   * The UTF-8 size of `JSON.stringify(value)`; `undefined` where JSON leaves a member out. An
   * object's is remembered: among the envelope's (`envelope`), or with the items'.
   */
  #valueSize(value: unknown, envelope: boolean): number | undefined {
    if (typeof value === 'string') return this.#stringSize(value);
    if (typeof value === 'boolean') return value ? 4 : 5;
    if (typeof value !== 'object' || value === null) return jsonBytes(value);
    const size = envelope ? this.#envelopeSize(value) : this.#sizes?.get(value);
    if (size !== undefined) return size === OMITTED ? undefined : size;
    const json: string | undefined = JSON.stringify(value); // undefined from a toJSON that returns it
    const measured = json === undefined ? OMITTED : byteLength(json);
    if (envelope && this.#envelope.length < 2 * ENVELOPE_OBJECTS) {
      // Copied as it grows: most bodies have one object (the tools), and a push (or a spread)
      // leaves room for 16.
      this.#envelope = this.#envelope.concat([value, measured]);
    } else {
      this.#sizes ??= new WeakMap();
      this.#sizes.set(value, measured);
    }
    return measured === OMITTED ? undefined : measured;
  }

  #envelopeSize(value: object): number | undefined {
    const envelope = this.#envelope;
    for (let i = 0; i < envelope.length; i += 2) if (envelope[i] === value) return envelope[i + 1] as number;
    return this.#sizes?.get(value);
  }

  #stringSize(text: string): number {
    if (text.length < REMEMBERED_STRING) return jsonStringBytes(text);
    this.#strings ??= new Map();
    let size = this.#strings.get(text);
    if (size === undefined) {
      size = jsonStringBytes(text);
      this.#strings.set(text, size);
    }
    return size;
  }
}

/**
 * The UTF-8 size of `JSON.stringify(text)`: its length and the quotes when every character is
 * printable ASCII that JSON does not escape (keys, ids, model names), else measured.
 */
function jsonStringBytes(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x22 || code === 0x5c) return byteLength(JSON.stringify(text));
  }
  return text.length + 2;
}

/** How deep {@link jsonBound} looks before it gives up (`Infinity`). */
const BOUND_DEPTH = 16;

/**
 * At least the UTF-8 size of `JSON.stringify(value)`, from lengths alone; `Infinity` for a value
 * it cannot bound without serializing it (one with `toJSON`, not a plain object or array, a
 * bigint, or nested deeper than {@link BOUND_DEPTH}).
 */
function jsonBound(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 6 * value.length + 2;
    case 'number':
      return 25;
    case 'boolean':
      return 5;
    case 'undefined':
    case 'function':
    case 'symbol':
      return 4; // left out, or null in a list
    case 'object': {
      if (value === null) return 4;
      if (depth >= BOUND_DEPTH) return Number.POSITIVE_INFINITY;
      if (Array.isArray(value)) {
        let bytes = 2;
        for (const entry of value) bytes += jsonBound(entry, depth + 1) + 1;
        return bytes;
      }
      const prototype = Object.getPrototypeOf(value);
      if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in value) {
        return Number.POSITIVE_INFINITY;
      }
      let bytes = 2;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        bytes += 6 * key.length + 4 + jsonBound((value as Record<string, unknown>)[key], depth + 1);
      }
      return bytes;
    }
    default:
      return Number.POSITIVE_INFINITY; // bigint: the exact count throws as JSON.stringify does
  }
}

/** The UTF-8 size of `JSON.stringify(value)`, not remembered; `undefined` where JSON writes nothing. */
function jsonBytes(value: unknown): number | undefined {
  const json: string | undefined = JSON.stringify(value);
  return json === undefined ? undefined : byteLength(json);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
