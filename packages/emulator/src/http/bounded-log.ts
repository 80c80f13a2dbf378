/**
 * A log that keeps only its newest `limit` entries, oldest first, and counts the ones it dropped,
 * so an emulator left running does not grow with every request. `emulator.requests` and
 * `emulator.responses` are two of them.
 *
 * @example
 * import { BoundedLog } from './bounded-log.js';
 * const log = new BoundedLog<string>(2);
 * log.push('a'); log.push('b'); log.push('c');
 * log.entries; // ['b', 'c']
 * log.dropped; // 1
 */
export class BoundedLog<T> {
  // The entries from `#start` on are the ones kept; the dropped ones before it are cut off in one
  // go once there are as many as the limit (a shift per push would move every entry each time).
  readonly #items: T[] = [];
  #start = 0;
  #dropped = 0;

  /** @param limit how many entries to keep: a whole number ≥ 0, or `Infinity`. */
  constructor(readonly limit: number) {}

  /** The entries kept, oldest first. */
  get entries(): T[] {
    if (this.#start > 0) {
      this.#items.splice(0, this.#start);
      this.#start = 0;
    }
    return this.#items;
  }

  /** How many entries were dropped to stay within the limit since the log was created or cleared. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Appends an entry, dropping the oldest one when the log is full. */
  push(entry: T): void {
    this.#items.push(entry);
    if (this.#items.length - this.#start > this.limit) {
      this.#items[this.#start] = undefined as T;
      this.#start++;
      this.#dropped++;
      if (this.#start >= Math.max(this.limit, 64)) {
        this.#items.splice(0, this.#start);
        this.#start = 0;
      }
    }
  }

  /** Replaces the newest entry that `matches` with `next`; does nothing when none does (e.g. dropped). */
  replaceLast(matches: (entry: T) => boolean, next: T): void {
    for (let i = this.#items.length - 1; i >= this.#start; i--) {
      if (matches(this.#items[i]!)) {
        this.#items[i] = next;
        return;
      }
    }
  }

  /** Forgets every entry and resets the dropped count. */
  clear(): void {
    this.#items.length = 0;
    this.#start = 0;
    this.#dropped = 0;
  }
}
