import { EventEmitter } from 'eventemitter3';
import { ConfigurationError } from '../errors/input-errors.js';
import type { EmitFn, RunEvent, RunEventListeners, RunEventType } from './events.js';
import { isRunEventType, RUN_EVENT_TYPES } from './run-event-types.js';
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

const FINISHED: IteratorResult<RunEvent> = Object.freeze({ done: true, value: undefined });
const ignore = (): void => {};

/** A step of the iterator: an event or the end, or (at the end of a run) the promise of it. */
type Step = IteratorResult<RunEvent> | Promise<IteratorResult<RunEvent>>;
/** A caller of the iterator's next() waiting for its step. */
type Waiter = (step: Step) => void;

/**
 * Options of {@link RunStream.events}.
 *
 * @typeParam T - the event types iterated.
 * @example
 * ```ts
 * import type { RunEventsOptions } from '@turnkit/core';
 * const options: RunEventsOptions<'text_delta' | 'tool_call_finished'> = { types: ['text_delta', 'tool_call_finished'] };
 * ```
 */
export interface RunEventsOptions<T extends RunEventType = RunEventType> {
  /**
   * The event types to iterate (default: every type). Events of other types are not buffered for
   * the iterator, and not built at all when no listener or observer hears them either.
   */
  types?: readonly T[];
}

/** The set of `types`, checked; `undefined` for every type. @throws {ConfigurationError} */
function typeSet(options: RunEventsOptions | undefined): ReadonlySet<RunEventType> | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigurationError(
      'events',
      `stream.events() takes an options object such as { types: ['text_delta'] }, got ${describe(options)}.`,
    );
  }
  const types: unknown = options.types;
  if (types === undefined) return undefined;
  if (!Array.isArray(types)) {
    throw new ConfigurationError(
      'events.types',
      `\`types\` must be an array of event types such as ['text_delta', 'tool_call_finished'], got ${describe(types)}.`,
    );
  }
  for (const [index, type] of types.entries()) {
    if (!isRunEventType(type)) {
      throw new ConfigurationError(
        `events.types[${index}]`,
        `\`types[${index}]\` is ${describe(type)}, not an event type; use one of ${RUN_EVENT_TYPES.join(', ')}.`,
      );
    }
  }
  return new Set(types);
}

function describe(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : Array.isArray(value)
      ? 'an array'
      : String(value);
}

/**
 * A run in progress: an eventemitter3 emitter of typed {@link RunEvent}s (`on('text_delta', …)`),
 * an async iterator over the same events, and the final {@link RunResult} as `result`.
 * The run starts when you first iterate it or read `result`; attach listeners before that.
 * Events are buffered for the iterator only once iteration has begun, and no longer once the
 * iterating loop has left (`break`, or a throw in its body: the run itself goes on). To iterate
 * only some event types, and spare the run building the others, iterate {@link RunStream.events}.
 *
 * Listeners are isolated: one that throws does not keep the event from the listeners after it,
 * and never changes what the loop does with the stream. The run finishes its turn and then
 * rejects with a `ListenerError` (code `listener_failed`) carrying the partial result.
 *
 * @example
 * ```ts
 * import type { Agent } from '@turnkit/core';
 * declare const agent: Agent;
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
  /** What runs; dropped once started, so that a run in progress does not keep it. */
  #producer: Producer<Out> | undefined;
  #result: Promise<RunResult<Out>> | undefined;
  #buffer: RunEvent[] | undefined;
  /** The types the iterator buffers; `undefined` for every type. */
  #buffered: ReadonlySet<RunEventType> | undefined;
  #wake: (() => void) | undefined;
  #ended = false;
  #iterated = false;
  /** Each listener's guarded wrapper, and back. */
  #guards: WeakMap<AnyListener, AnyListener> | undefined;
  #originals: WeakMap<AnyListener, AnyListener> | undefined;
  /** What listeners threw during the event being dispatched. */
  #thrown: unknown[] | undefined;
  /** Whether a listener was ever added: until then no event type has one, and none is looked up. */
  #listened = false;

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
        wants: (type: RunEventType) =>
          (this.#buffer !== undefined && (this.#buffered === undefined || this.#buffered.has(type))) ||
          (this.#listened && this.listenerCount(type) > 0),
      });
      const producer = this.#producer!;
      this.#producer = undefined;
      this.#result = producer(emit).finally(() => {
        this.#ended = true;
        this.#wake?.();
      });
      // The iterator reports the error too; a caller that only iterates must not see an unhandled rejection.
      this.#result.catch(ignore);
    }
    return this.#result;
  }

  /** Hands an event to the iterator and every listener; throws afterwards what a listener threw. */
  #dispatch(event: RunEvent): void {
    if (this.#buffer !== undefined && (this.#buffered === undefined || this.#buffered.has(event.type))) {
      this.#buffer.push(event);
      this.#wake?.();
    }
    if (!this.#listened || this.listenerCount(event.type) === 0) return;
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
    this.#guards ??= new WeakMap();
    this.#originals ??= new WeakMap();
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
    this.#listened = true;
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
    this.#listened = true;
    return super.once(event, this.#guard(fn) as Listener<T>, context);
  }

  override removeListener<T extends RunEventType>(
    event: T,
    fn?: Listener<T>,
    context?: unknown,
    once?: boolean,
  ): this {
    const guard = fn && (this.#guards?.get(fn) as Listener<T> | undefined);
    return super.removeListener(event, guard ?? fn, context, once);
  }

  /** The same as `removeListener`: `fn` no longer runs for events of that type. */
  override off<T extends RunEventType>(event: T, fn?: Listener<T>, context?: unknown, once?: boolean): this {
    return this.removeListener(event, fn, context, once);
  }

  override listeners<T extends RunEventType>(event: T): Array<Listener<T>> {
    return super.listeners(event).map((guard) => (this.#originals?.get(guard) ?? guard) as Listener<T>);
  }

  /**
   * Iterates the run's events; throws the run's error after the `run_failed` event. Leaving the
   * loop early stops the buffering, not the run (read `result` to wait for it). The same as
   * {@link RunStream.events} without options.
   */
  [Symbol.asyncIterator](): AsyncIterator<RunEvent> {
    return new RunStream.#Iterator(this, undefined);
  }

  /**
   * Iterates the run's events of `types` only (default: every type), in order; throws the run's
   * error once the run has ended, whether or not `run_failed` is among the types. Events of the
   * other types are not buffered, and the run does not build them at all unless a listener or
   * an observer hears them: iterating only what is shown (text deltas, tool calls) costs less
   * than iterating everything. A stream is iterated once, by this or by `for await … of stream`;
   * leaving the loop early stops the buffering, not the run (read `result` to wait for it).
   *
   * @throws {ConfigurationError} (code `config_invalid`, `option` naming the field) for options
   *   that are not an object or `types` that are not an array of event types.
   * @example
   * ```ts
   * import type { Agent } from '@turnkit/core';
   * declare const agent: Agent;
   * const stream = agent.stream('What is the weather in Paris?');
   * for await (const event of stream.events({ types: ['text_delta', 'tool_call_started', 'tool_call_finished'] })) {
   *   if (event.type === 'text_delta') process.stdout.write(event.delta);
   *   else console.log(`\n${event.type}: ${event.name}`);
   * }
   * const result = await stream.result;
   * ```
   */
  events<T extends RunEventType = RunEventType>(
    options?: RunEventsOptions<T>,
  ): AsyncIterableIterator<Extract<RunEvent, { type: T }>> {
    return new RunStream.#Iterator(this, typeSet(options)) as AsyncIterableIterator<
      Extract<RunEvent, { type: T }>
    >;
  }

  /**
   * The iterator, written by hand rather than as an async generator: a step of a generator costs
   * several promises and microtask turns, and this one runs for every event of an iterated run.
   * A class, so that an iterated run keeps no closures alive while it waits.
   */
  static readonly #Iterator = class<O> implements AsyncIterableIterator<RunEvent> {
    readonly #stream: RunStream<O>;
    readonly #types: ReadonlySet<RunEventType> | undefined;
    #events: RunEvent[] | undefined;
    #read = 0;
    #done = false;
    #result: Promise<RunResult<O>> | undefined;
    /**
     * The first caller of next() waiting for an event, and the callers after it (only callers
     * that do not await each step before asking for the next make more than one).
     */
    #waiting: Waiter | undefined;
    #more: Waiter[] | undefined;
    /** What the stream calls when an event arrives or the run ends (made once). */
    #wakeUp: (() => void) | undefined;

    constructor(stream: RunStream<O>, types: ReadonlySet<RunEventType> | undefined) {
      this.#stream = stream;
      this.#types = types;
    }

    next(): Promise<IteratorResult<RunEvent>> {
      if (this.#done) return Promise.resolve(FINISHED);
      const stream = this.#stream;
      if (!this.#events) {
        if (stream.#iterated) {
          this.#done = true;
          return Promise.reject(new Error('A RunStream can be iterated only once.'));
        }
        stream.#iterated = true;
        this.#events = [];
        stream.#buffer = this.#events;
        stream.#buffered = this.#types;
        this.#result = stream.result;
      }
      if (!this.#waiting) {
        const step = this.#take();
        if (step) return Promise.resolve(step);
      }
      this.#wakeUp ??= () => this.#serve();
      stream.#wake = this.#wakeUp;
      return new Promise((resolve) => this.#wait(resolve));
    }

    #wait(waiter: Waiter): void {
      if (!this.#waiting) {
        this.#waiting = waiter;
      } else {
        this.#more ??= [];
        this.#more.push(waiter);
      }
    }

    /** The first waiting caller, removed from the line. */
    #nextWaiter(): Waiter | undefined {
      const first = this.#waiting;
      this.#waiting = this.#more?.shift();
      return first;
    }

    return(value?: unknown): Promise<IteratorResult<RunEvent>> {
      if (!this.#done) this.#stop();
      return Promise.resolve({ done: true, value } as IteratorResult<RunEvent>);
    }

    throw(error?: unknown): Promise<IteratorResult<RunEvent>> {
      if (!this.#done) this.#stop();
      return Promise.reject(error);
    }

    [Symbol.asyncIterator](): AsyncIterableIterator<RunEvent> {
      return this;
    }

    /**
     * The next step if there is one now: a buffered event, or the end of the run (a promise:
     * it rejects when the run failed). A waiting caller gets an event itself, not a promise of
     * it, which would cost its `await` two more turns of the microtask queue.
     */
    #take(): Step | undefined {
      if (this.#done) return FINISHED;
      const events = this.#events!;
      if (this.#read < events.length) {
        const value = events[this.#read++]!;
        if (this.#read === events.length) {
          events.length = 0;
          this.#read = 0;
        }
        return { done: false, value };
      }
      if (this.#stream.#ended) {
        this.#end();
        return this.#result!.then(() => FINISHED);
      }
      return undefined;
    }

    /** Answers the waiting callers as far as events (or the end) allow. */
    #serve(): void {
      const stream = this.#stream;
      stream.#wake = undefined;
      while (this.#waiting) {
        const step = this.#take();
        if (!step) break;
        this.#nextWaiter()!(step);
      }
      if (this.#waiting) stream.#wake = this.#wakeUp;
    }

    /** Stops the buffering (the run goes on, or is over). */
    #end(): void {
      this.#done = true;
      const stream = this.#stream;
      if (stream.#buffer === this.#events) {
        stream.#buffer = undefined;
        stream.#buffered = undefined;
      }
      if (stream.#wake === this.#wakeUp) stream.#wake = undefined;
    }

    /** Leaves early: stops the buffering, and callers still waiting get the end. */
    #stop(): void {
      this.#end();
      for (let waiter = this.#nextWaiter(); waiter; waiter = this.#nextWaiter()) waiter(FINISHED);
    }
  };
}
