import { EventEmitter } from 'eventemitter3';
import type { EmitFn, RunEvent, RunEventListeners, RunEventType } from './events.js';
import type { RunResult } from './run-result.js';

/**
 * What a {@link RunStream} runs: it reports events through `emit` and resolves to the run's result.
 *
 * @inline
 */
type Producer<Out> = (emit: EmitFn) => Promise<RunResult<Out>>;
type Listener<T extends RunEventType> = EventEmitter.EventListener<RunEventListeners, T>;
// biome-ignore lint/complexity/noBannedTypes: listeners of every event type share one wrapper map.
type AnyListener = Function;

/**
 * A run in progress: an eventemitter3 emitter of typed {@link RunEvent}s (`on('text_delta', …)`),
 * an async iterator over the same events, and the final {@link RunResult} as `result`.
 * The run starts when you first iterate it or read `result`; attach listeners before that.
 * Events are buffered for the iterator only once iteration has begun, and no longer once the
 * iterating loop has left (`break`, or a throw in its body: the run itself goes on).
 *
 * Listeners are isolated: one that throws does not keep the event from the listeners after it,
 * and never changes what the loop does with the stream. The run finishes its turn and then
 * rejects with a `ListenerError` (code `listener_failed`) carrying the partial result.
 *
 * @example
 * ```ts
 * const stream = agent.stream('What is the weather in Paris?');
 * for await (const event of stream) {
 *   if (event.type === 'text_delta') process.stdout.write(event.delta);
 * }
 * const result = await stream.result;
 * ```
 */
export class RunStream<Out = unknown>
  extends EventEmitter<RunEventListeners>
  implements AsyncIterable<RunEvent>
{
  #producer: Producer<Out>;
  #result: Promise<RunResult<Out>> | undefined;
  #buffer: RunEvent[] | undefined;
  #wake: (() => void) | undefined;
  #ended = false;
  #iterated = false;
  /** Each listener's guarded wrapper, and back. */
  readonly #guards = new WeakMap<AnyListener, AnyListener>();
  readonly #originals = new WeakMap<AnyListener, AnyListener>();
  /** What listeners threw during the event being dispatched. */
  #thrown: unknown[] | undefined;

  constructor(producer: Producer<Out>) {
    super();
    this.#producer = producer;
  }

  /**
   * The run's result. Rejects with the error that stopped the run (a `TurnkitError`, whose
   * `partial` holds what was produced). Reading it starts the run.
   */
  get result(): Promise<RunResult<Out>> {
    if (!this.#result) {
      const emit: EmitFn = Object.assign((event: RunEvent) => this.#dispatch(event), {
        wants: (type: RunEventType) => this.#buffer !== undefined || this.listenerCount(type) > 0,
      });
      this.#result = this.#producer(emit).finally(() => {
        this.#ended = true;
        this.#wake?.();
      });
      // The iterator reports the error too; a caller that only iterates must not see an unhandled rejection.
      this.#result.catch(() => {});
    }
    return this.#result;
  }

  /** Hands an event to the iterator and every listener; throws afterwards what a listener threw. */
  #dispatch(event: RunEvent): void {
    this.#buffer?.push(event);
    this.#wake?.();
    const thrown: unknown[] = [];
    const outer = this.#thrown;
    this.#thrown = thrown;
    try {
      this.emit(event.type, event as never);
    } finally {
      this.#thrown = outer;
    }
    if (thrown.length > 0) throw thrown[0];
  }

  /** The wrapper registered in place of `fn`: it calls `fn` and keeps what it throws. */
  #guard(fn: AnyListener): AnyListener {
    let guard = this.#guards.get(fn);
    if (!guard) {
      const thrownTo = () => this.#thrown;
      guard = function (this: unknown, ...args: unknown[]) {
        try {
          fn.apply(this, args);
        } catch (error) {
          const thrown = thrownTo();
          if (!thrown) throw error; // emitted by hand, outside a run: plain EventEmitter behaviour
          thrown.push(error);
        }
      };
      this.#guards.set(fn, guard);
      this.#originals.set(guard, fn);
    }
    return guard;
  }

  override on<T extends RunEventType>(event: T, fn: Listener<T>, context?: unknown): this {
    return super.on(event, this.#guard(fn) as Listener<T>, context);
  }

  /**
   * The same as `on`: `fn` runs for each event of that type. A throw does not keep the event from
   * the other listeners; the run finishes its turn and then rejects with a `ListenerError`.
   */
  override addListener<T extends RunEventType>(event: T, fn: Listener<T>, context?: unknown): this {
    return this.on(event, fn, context);
  }

  override once<T extends RunEventType>(event: T, fn: Listener<T>, context?: unknown): this {
    return super.once(event, this.#guard(fn) as Listener<T>, context);
  }

  override removeListener<T extends RunEventType>(
    event: T,
    fn?: Listener<T>,
    context?: unknown,
    once?: boolean,
  ): this {
    const guard = fn && (this.#guards.get(fn) as Listener<T> | undefined);
    return super.removeListener(event, guard ?? fn, context, once);
  }

  /** The same as `removeListener`: `fn` no longer runs for events of that type. */
  override off<T extends RunEventType>(event: T, fn?: Listener<T>, context?: unknown, once?: boolean): this {
    return this.removeListener(event, fn, context, once);
  }

  override listeners<T extends RunEventType>(event: T): Array<Listener<T>> {
    return super.listeners(event).map((guard) => (this.#originals.get(guard) ?? guard) as Listener<T>);
  }

  /**
   * Iterates the run's events; throws the run's error after the `run_failed` event. Leaving the
   * loop early stops the buffering, not the run (read `result` to wait for it).
   */
  [Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    let buffer: RunEvent[] | undefined;
    let read = 0;
    let done = false;
    let result: Promise<RunResult<Out>>;
    let waiting: Promise<void> | undefined;
    const stop = (): void => {
      done = true;
      if (this.#buffer === buffer) this.#buffer = undefined;
      this.#wake = undefined;
    };
    const wait = (): Promise<void> =>
      (waiting ??= new Promise<void>((resolve) => {
        this.#wake = resolve;
      }).then(() => {
        this.#wake = undefined;
        waiting = undefined;
      }));
    const finished: IteratorResult<RunEvent> = { done: true, value: undefined };
    const next = (): Promise<IteratorResult<RunEvent>> => {
      if (done) return Promise.resolve(finished);
      if (!buffer) {
        if (this.#iterated) {
          done = true;
          return Promise.reject(new Error('A RunStream can be iterated only once.'));
        }
        this.#iterated = true;
        buffer = [];
        this.#buffer = buffer;
        result = this.result;
      }
      if (read < buffer.length) {
        const value = buffer[read++]!;
        if (read === buffer.length) {
          buffer.length = 0;
          read = 0;
        }
        return Promise.resolve({ done: false, value });
      }
      if (this.#ended) {
        stop();
        return result.then(() => finished);
      }
      return wait().then(next);
    };
    const iterator: AsyncIterableIterator<RunEvent> = {
      next,
      return: (value?: unknown) => {
        if (!done) stop();
        return Promise.resolve({ done: true, value } as IteratorResult<RunEvent>);
      },
      throw: (error?: unknown) => {
        if (!done) stop();
        return Promise.reject(error);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
