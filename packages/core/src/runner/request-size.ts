import { type RequestItemSize, RequestTooLargeError } from '../run-errors/run-errors.js';

/** How many of the biggest items a {@link RequestTooLargeError} names. */
const NAMED = 3;

/**
 * Measures request bodies before they are sent. Each input item is serialized once per run (an
 * item object is measured the first time it is sent and remembered), so a stateless conversation
 * that sends its whole history every turn costs one measurement per new item.
 */
export class RequestSizer {
  readonly #sizes = new WeakMap<object, number>();

  constructor(readonly limitBytes: number) {}

  /**
   * Throws when `body` would serialize to more than the limit; its `input` items are what the
   * error names.
   * @throws {RequestTooLargeError} naming the size, the limit and the biggest items.
   */
  check(body: { input?: unknown } & Record<string, unknown>): void {
    const input = Array.isArray(body.input) ? (body.input as object[]) : [];
    const { input: _input, ...rest } = body;
    // The body is `rest` with `"input":[…]` added: the envelope is counted exactly, the items apart.
    const envelope = byteLength(JSON.stringify(rest));
    let bytes = envelope + (envelope > 2 ? 1 : 0) + '"input":[]'.length + Math.max(0, input.length - 1);
    const sizes = input.map((item) => this.#size(item));
    for (const size of sizes) bytes += size;
    if (bytes <= this.limitBytes) return;
    const largest: RequestItemSize[] = sizes
      .map((size, index) => {
        const item = input[index] as { type?: unknown; role?: unknown; call_id?: unknown; id?: unknown };
        const type =
          typeof item.type === 'string' ? item.type : typeof item.role === 'string' ? 'message' : '?';
        const id =
          typeof item.call_id === 'string' ? item.call_id : typeof item.id === 'string' ? item.id : undefined;
        return { index, type, id, bytes: size, item };
      })
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, NAMED);
    throw new RequestTooLargeError(bytes, this.limitBytes, largest);
  }

  #size(item: object): number {
    let size = this.#sizes.get(item);
    if (size === undefined) {
      size = byteLength(JSON.stringify(item) ?? 'null');
      this.#sizes.set(item, size);
    }
    return size;
  }
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
