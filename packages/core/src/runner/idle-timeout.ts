/** Thrown by {@link withIdleTimeout} when the source sent nothing for `idleMs`. */
export class StreamIdle extends Error {
  constructor(readonly idleMs: number) {
    super(`The stream sent nothing for ${idleMs} ms.`);
  }
}

const STALLED = Symbol('stalled');

/**
 * Iterates `source`, throwing {@link StreamIdle} when it yields nothing for `idleMs` milliseconds
 * (`0` turns the check off). Time the consumer spends between two events does not count. On a
 * stall the source is cancelled without waiting for it: an `openai` stream's `controller` is
 * aborted, which closes its connection.
 *
 * @example
 * ```ts
 * import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
 * import { withIdleTimeout } from './idle-timeout.js';
 * declare const stream: AsyncIterable<ResponseStreamEvent>;
 * declare function handle(event: ResponseStreamEvent): void;
 * for await (const event of withIdleTimeout(stream, 30_000)) handle(event);
 * ```
 */
export async function* withIdleTimeout<T>(source: AsyncIterable<T>, idleMs: number): AsyncGenerator<T> {
  if (idleMs <= 0) {
    yield* source;
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  let wake: ((step: IteratorResult<T> | typeof STALLED) => void) | undefined;
  const timer = setTimeout(() => wake?.(STALLED), idleMs);
  timer.unref();
  let settled = false;
  try {
    for (;;) {
      timer.refresh();
      const step = await new Promise<IteratorResult<T> | typeof STALLED>((resolve, reject) => {
        wake = resolve;
        iterator.next().then(resolve, reject);
      });
      wake = undefined;
      if (step === STALLED) {
        settled = true;
        cancel(source, iterator);
        throw new StreamIdle(idleMs);
      }
      if (step.done) {
        settled = true;
        return;
      }
      yield step.value;
    }
  } catch (error) {
    settled = true;
    throw error;
  } finally {
    clearTimeout(timer);
    // The consumer left early: close the source as `for await` would have.
    if (!settled) await iterator.return?.();
  }
}

function cancel<T>(source: AsyncIterable<T>, iterator: AsyncIterator<T>): void {
  (source as { controller?: { abort?: () => void } }).controller?.abort?.();
  iterator.return?.()?.catch(() => {});
}
