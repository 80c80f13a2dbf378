import type { JsonObject, ResponseObject, WireItem } from '../wire/wire-types.js';

/**
 * What the emulator keeps for a stored response: the Response object and its input context (the
 * previous responses' inputs and outputs plus this request's input, each item with an id). The
 * context a later `previous_response_id` continues from is `inputContext` + `response.output`.
 */
export interface StoredResponse {
  response: ResponseObject;
  inputContext: WireItem[];
}

/**
 * The in-memory store behind `GET`/`DELETE /responses/{id}`, `input_items` and
 * `previous_response_id`. Only responses created with `store` not `false` go in it.
 *
 * @example
 * import type { ResponseObject } from '../wire/wire-types.js';
 * import { ResponseStore } from './store.js';
 * declare const response: ResponseObject; // a completed response
 * const store = new ResponseStore();
 * store.put({ response, inputContext: [] });
 * store.get(response.id)?.response.status; // 'completed'
 */
export class ResponseStore {
  readonly #records = new Map<string, StoredResponse>();
  readonly #withheld = new Map<string, Record<string, JsonObject>>();

  /** Stores or replaces a record under its response id. */
  put(record: StoredResponse): void {
    this.#records.set(record.response.id, record);
  }

  /** Returns the record of a stored response, or `undefined`. */
  get(id: string): StoredResponse | undefined {
    return this.#records.get(id);
  }

  /** Deletes a stored response; returns whether it existed. */
  delete(id: string): boolean {
    return this.#records.delete(id);
  }

  /** Forgets every stored response. */
  clear(): void {
    this.#records.clear();
    this.#withheld.clear();
  }

  /**
   * Keeps the includable fields a response left out of its output items (by item id, then by
   * `include` value), so `GET /responses/{id}?include=…` can show them.
   */
  withhold(fields: ReadonlyMap<string, Record<string, JsonObject>>): void {
    for (const [id, kept] of fields) this.#withheld.set(id, kept);
  }

  /** The includable fields an output item was stored without, or `undefined`. */
  withheld(itemId: string): Record<string, JsonObject> | undefined {
    return this.#withheld.get(itemId);
  }

  /** The stored Response objects, oldest first. */
  responses(): ResponseObject[] {
    return [...this.#records.values()].map((r) => r.response);
  }

  /**
   * Finds an item by id in any stored response's input context or output (for `item_reference`).
   *
   * @example
   * import type { ResponseStore } from './store.js';
   * declare const store: ResponseStore;
   * store.findItem('fc_123')?.type; // 'function_call'
   */
  findItem(id: string): WireItem | undefined {
    for (const record of [...this.#records.values()].reverse()) {
      const found =
        record.response.output.find((item) => item.id === id) ??
        record.inputContext.find((item) => item.id === id);
      if (found) return found;
    }
    return undefined;
  }
}

/**
 * Returns the full model context a stored response leaves behind: its input context followed by
 * its output.
 *
 * @example
 * import { contextAfter, type ResponseStore } from './store.js';
 * declare const store: ResponseStore;
 * const id = 'resp_123'; // a stored response
 * const context = contextAfter(store.get(id)!);
 */
export function contextAfter(record: StoredResponse): WireItem[] {
  return [...record.inputContext, ...record.response.output];
}
