/**
 * A log that keeps only its newest `limit` entries, oldest first, and counts the ones it dropped,
 * so an emulator left running does not grow with every request. `emulator.requests` and
 * `emulator.responses` are two of them.
 *
 * @example
 * const log = new BoundedLog<string>(2);
 * log.push('a'); log.push('b'); log.push('c');
 * log.entries; // ['b', 'c']
 * log.dropped; // 1
 */
export class BoundedLog<T> {
  /** The entries kept, oldest first. */
  readonly entries: T[] = [];
  #dropped = 0;

  /** @param limit how many entries to keep: a whole number ≥ 0, or `Infinity`. */
  constructor(readonly limit: number) {}

  /** How many entries were dropped to stay within the limit since the log was created or cleared. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Appends an entry, dropping the oldest one when the log is full. */
  push(entry: T): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) {
      this.entries.shift();
      this.#dropped++;
    }
  }

  /** Replaces the newest entry that `matches` with `next`; does nothing when none does (e.g. dropped). */
  replaceLast(matches: (entry: T) => boolean, next: T): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (matches(this.entries[i]!)) {
        this.entries[i] = next;
        return;
      }
    }
  }

  /** Forgets every entry and resets the dropped count. */
  clear(): void {
    this.entries.length = 0;
    this.#dropped = 0;
  }
}
