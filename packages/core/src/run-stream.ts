import { EventEmitter } from 'eventemitter3';
import type { EmitFn, RunEvent, RunEventListeners, RunEventType } from './events.js';
import type { RunResult } from './run-result.js';

type Producer = (emit: EmitFn) => Promise<RunResult>;

/**
 * A run in progress: an eventemitter3 emitter of typed {@link RunEvent}s (`on('text_delta', …)`),
 * an async iterator over the same events, and the final {@link RunResult} as `result`.
 * The run starts when you first iterate it or read `result`; attach listeners before that.
 * Events are buffered for the iterator only once iteration has begun.
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
export class RunStream extends EventEmitter<RunEventListeners> implements AsyncIterable<RunEvent> {
  #producer: Producer;
  #result: Promise<RunResult> | undefined;
  #buffer: RunEvent[] | undefined;
  #wake: (() => void) | undefined;
  #ended = false;

  constructor(producer: Producer) {
    super();
    this.#producer = producer;
  }

  /**
   * The run's result. Rejects with the error that stopped the run (a `TurnkitError`, whose
   * `partial` holds what was produced). Reading it starts the run.
   */
  get result(): Promise<RunResult> {
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

  #dispatch(event: RunEvent): void {
    this.#buffer?.push(event);
    this.#wake?.();
    this.emit(event.type, event as never);
  }

  /** Iterates the run's events; throws the run's error after the `run_failed` event. */
  async *[Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    if (this.#buffer) throw new Error('A RunStream can be iterated only once.');
    this.#buffer = [];
    const result = this.result;
    const buffer = this.#buffer;
    for (;;) {
      while (buffer.length > 0) yield buffer.shift()!;
      if (this.#ended) break;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
    await result;
  }
}
