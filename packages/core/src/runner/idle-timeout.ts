/** What {@link idleReader} reports when the source sent nothing for `idleMs`. */
export class StreamIdle extends Error {
  constructor(readonly idleMs: number) {
    super(`The stream sent nothing for ${idleMs} ms.`);
  }
}

const STALLED = Symbol('stalled');

/** How often per idle period the watch of an `openai` stream looks whether a step came. */
const LOOKS_PER_PERIOD = 4;

/** A source read one step at a time, watched for silence. */
export interface StreamReader<T> {
  /** The next step of the source; `{ done: true }` when it stalled (then `stalled` is true). */
  next(): Promise<IteratorResult<T>>;
  /** Whether the source sent nothing for `idleMs`; it was then cancelled. */
  readonly stalled: boolean;
  /**
   * Stops watching. `abandon`: the caller leaves before the end, so the source is closed as
   * `for await` would close it (not after a stall: it was cancelled then); the promise of that,
   * or `undefined` when there is nothing to wait for.
   */
  stop(abandon: boolean): Promise<void> | undefined;
}

/** The SDK's streams can be aborted; a stall then ends the step in flight without a race. */
const abortable = (source: unknown): boolean =>
  typeof (source as { controller?: { abort?: unknown } }).controller?.abort === 'function';

/**
 * Reads `source` one step at a time, and cancels it when it yields nothing for `idleMs`
 * milliseconds (`0` turns the check off). Time the consumer spends between two events does not
 * count. On a stall the source is cancelled without waiting for it: an `openai` stream's
 * `controller` is aborted, which closes its connection and ends the step in flight.
 *
 * For an `openai` stream a step costs one increment: a timer looks at the count four times per
 * `idleMs` and reads the clock only then, so a stall is reported after between `idleMs` and
 * 1.25 × `idleMs` of silence (never before `idleMs`). Another source's steps race a timer.
 *
 * @example
 * ```ts
 * import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
 * import { idleReader, StreamIdle } from './idle-timeout.js';
 * declare const stream: AsyncIterable<ResponseStreamEvent>;
 * declare function handle(event: ResponseStreamEvent): void;
 * const reader = idleReader(stream, 30_000);
 * for (let step = await reader.next(); !step.done; step = await reader.next()) handle(step.value);
 * if (reader.stalled) throw new StreamIdle(30_000);
 * ```
 */
export function idleReader<T>(source: AsyncIterable<T>, idleMs: number): StreamReader<T> {
  const iterator = source[Symbol.asyncIterator]();
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stall = (): void => {
    stalled = true;
    timer = undefined;
    cancel(source, iterator);
  };
  const stop = (abandon: boolean): Promise<void> | undefined => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!abandon || stalled || !iterator.return) return undefined;
    return Promise.resolve(iterator.return()).then(() => {});
  };
  if (idleMs <= 0) {
    return {
      next: () => iterator.next(),
      stalled: false,
      stop,
    };
  }
  if (abortable(source)) {
    // Steps are counted, not timed: a clock read per event costs more than everything else the
    // watch does. Each look at the count that finds it moved restarts the quiet time from then;
    // the step came before that look, so the silence measured is never longer than the real one.
    const every = Math.max(1, Math.ceil(idleMs / LOOKS_PER_PERIOD));
    let steps = 0;
    let seen = 0;
    let quietSince = performance.now();
    const look = (): void => {
      const now = performance.now();
      if (steps !== seen) {
        seen = steps;
        quietSince = now;
      } else if (now - quietSince >= idleMs) {
        stall();
        return;
      }
      timer = unref(setTimeout(look, every));
    };
    timer = unref(setTimeout(look, every));
    return {
      next: () => {
        steps++;
        return iterator.next();
      },
      get stalled() {
        return stalled;
      },
      stop,
    };
  }
  let wake: ((step: IteratorResult<T> | typeof STALLED) => void) | undefined;
  timer = unref(setTimeout(() => wake?.(STALLED), idleMs));
  const done: IteratorResult<T> = { done: true, value: undefined };
  return {
    next: async () => {
      timer?.refresh();
      const step = await new Promise<IteratorResult<T> | typeof STALLED>((resolve, reject) => {
        wake = resolve;
        iterator.next().then(resolve, reject);
      });
      wake = undefined;
      if (step !== STALLED) return step;
      stall();
      return done;
    },
    get stalled() {
      return stalled;
    },
    stop,
  };
}

function unref(timer: ReturnType<typeof setTimeout>): ReturnType<typeof setTimeout> {
  timer.unref();
  return timer;
}

function cancel<T>(source: AsyncIterable<T>, iterator: AsyncIterator<T>): void {
  (source as { controller?: { abort?: () => void } }).controller?.abort?.();
  iterator.return?.()?.catch(() => {});
}
