import { EventEmitter } from 'eventemitter3';
import { ConfigurationError } from '../errors/input-errors.js';
import type { EmitFn, ListenerFailure, RunEvent, RunEventListeners, RunEventType } from './events.js';
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

/** A step of the iterator: an event or the end, or (at the end of a run) the promise of it. */
type Step = IteratorResult<RunEvent> | Promise<IteratorResult<RunEvent>>;
/** A caller of the iterator's next() waiting for its step. */
type Waiter = (step: Step) => void;

/** What a stream keeps for its listeners, made when the first one is added. */
interface Listening {
  /** Each listener's guarded wrapper, and back. */
  guards: WeakMap<AnyListener, AnyListener>;
  originals: WeakMap<AnyListener, AnyListener>;
  /** What listeners threw during the event being dispatched. */
  thrown: unknown[] | undefined;
}

/** Bits of a stream's state. */
const ITERATED = 1; // an iterator has begun (the one a stream allows)
const BUFFERING = 2; // and its loop has not left: events of its types go to it
const ENDED = 4; // the run's promise has settled

/** States of an iterator. */
const FRESH = 0; // next() never called
const ACTIVE = 1; // the stream's iterator: the stream keeps its events and waiting callers
const DONE = 2; // left, refused, or (the second of a stream) never began

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
  /** What runs, until it starts; then the run's result (so that a run in progress does not keep it). */
  #run: Producer<Out> | Promise<RunResult<Out>>;
  /** `ITERATED`, `BUFFERING`, `ENDED`. */
  #state = 0;
  /** The types the iterator takes; `undefined` for every type. */
  #types: ReadonlySet<RunEventType> | undefined;
  /** Events the iterator has not taken yet, from `#read` on; `undefined` when there are none. */
  #buffer: RunEvent[] | undefined;
  #read = 0;
  /**
   * The caller of the iterator's next() waiting for the next event (several, in order, only when
   * callers do not await each step before asking for the next). Only when `#buffer` is empty.
   */
  #waiting: Waiter | Waiter[] | undefined;
  /** `undefined` until a listener is added: until then no event type has one, and none is looked up. */
  #listening: Listening | undefined;
  /** The emit the run was given, once it has started: it keeps the first failure of the listeners. */
  #emit: (EmitFn & { failure: ListenerFailure | null }) | undefined;

  /**
   * A stream of the run `producer` performs once started: it gets the stream's `emit` and returns
   * the run's result. `agent.stream()` makes them; a test can drive one by hand. The emit never
   * throws: the first throw of a listener is kept in `emit.failure` (`null` until then).
   *
   * @throws {ConfigurationError} (code `config_invalid`, option `producer`) when `producer` is not
   *   a function. A producer that throws when it starts rejects `result` with what it threw.
   */
  constructor(producer: Producer<Out>) {
    super();
    if (typeof producer !== 'function') {
      throw new ConfigurationError(
        'producer',
        `new RunStream(producer) takes the function that runs, (emit) => Promise<RunResult>, got ${describe(producer)}.`,
      );
    }
    this.#run = producer;
  }

  /**
   * The run's result. Rejects with the error that stopped the run (a `TurnkitError`, whose
   * `partial` holds what was produced). Reading it starts the run.
   */
  get result(): Promise<RunResult<Out>> {
    const run = this.#run;
    if (typeof run !== 'function') return run;
    // Bound methods rather than closures: no context to keep beside them (the run keeps the first
    // two, the result the third). The emit never throws (`failure` says so): the run needs no guard.
    const emit = Object.assign(this.#dispatch.bind(this), {
      wants: this.#wants.bind(this),
      failure: null as ListenerFailure | null,
    });
    this.#emit = emit;
    const ended = this.#end.bind(this);
    let result: Promise<RunResult<Out>>;
    try {
      result = Promise.resolve(run(emit)); // the same promise, when it is one
    } catch (error) {
      result = Promise.reject(error);
    }
    this.#run = result;
    // Handles a failure too: a caller that only iterates, or drops the stream, sees no unhandled
    // rejection (the iterator, and `result` itself, report the error).
    result.then(ended, ended);
    return result;
  }

  /** Whether the iterator or a listener takes events of `type`. */
  #wants(type: RunEventType): boolean {
    return (
      ((this.#state & BUFFERING) !== 0 && (this.#types === undefined || this.#types.has(type))) ||
      (this.#listening !== undefined && this.listenerCount(type) > 0)
    );
  }

  /**
   * Hands an event to the iterator and every listener. Never throws: the first throw of a listener
   * is kept in the emit's `failure`, for the run to report once the turn in progress is done.
   */
  #dispatch(event: RunEvent): void {
    if ((this.#state & BUFFERING) !== 0 && (this.#types === undefined || this.#types.has(event.type))) {
      if (this.#waiting !== undefined) this.#nextWaiter()!({ done: false, value: event });
      else if (this.#buffer) this.#buffer.push(event);
      else this.#buffer = [event];
    }
    const listening = this.#listening;
    if (listening === undefined || this.listenerCount(event.type) === 0) return;
    const thrown: unknown[] = [];
    const outer = listening.thrown;
    listening.thrown = thrown;
    try {
      this.emit(event.type, event as never);
    } finally {
      listening.thrown = outer;
    }
    if (thrown.length > 0) this.#emit!.failure ??= { error: thrown[0], eventType: event.type };
  }

  /** The run has ended: callers waiting get the end (the first one the run's error, if it failed). */
  #end(): void {
    this.#state |= ENDED;
    const first = this.#nextWaiter();
    if (!first) return;
    first(this.#finish());
    for (let waiter = this.#nextWaiter(); waiter; waiter = this.#nextWaiter()) waiter(FINISHED);
  }

  /** The iterator's next step. */
  #next(): Promise<IteratorResult<RunEvent>> {
    if ((this.#state & BUFFERING) === 0) return Promise.resolve(FINISHED);
    const buffer = this.#buffer;
    if (buffer) {
      const value = buffer[this.#read++]!;
      if (this.#read === buffer.length) {
        this.#buffer = undefined;
        this.#read = 0;
      }
      return Promise.resolve({ done: false, value });
    }
    if ((this.#state & ENDED) !== 0) return this.#finish();
    return new Promise((resolve) => this.#wait(resolve));
  }

  /** The iterator's last step, once the run has ended and its events are taken: it rejects when the run failed. */
  #finish(): Promise<IteratorResult<RunEvent>> {
    this.#stopBuffering();
    return (this.#run as Promise<RunResult<Out>>).then(() => FINISHED);
  }

  #wait(waiter: Waiter): void {
    const waiting = this.#waiting;
    if (waiting === undefined) this.#waiting = waiter;
    else if (typeof waiting === 'function') this.#waiting = [waiting, waiter];
    else waiting.push(waiter);
  }

  /** The first waiting caller, removed from the line. */
  #nextWaiter(): Waiter | undefined {
    const waiting = this.#waiting;
    if (typeof waiting !== 'object') {
      this.#waiting = undefined;
      return waiting;
    }
    const first = waiting.shift();
    if (waiting.length === 0) this.#waiting = undefined;
    return first;
  }

  #stopBuffering(): void {
    this.#state &= ~BUFFERING;
    this.#types = undefined;
    this.#buffer = undefined;
    this.#read = 0;
  }

  /** The iterator leaves early: the buffering stops (the run goes on), callers still waiting get the end. */
  #leave(): void {
    this.#stopBuffering();
    for (let waiter = this.#nextWaiter(); waiter; waiter = this.#nextWaiter()) waiter(FINISHED);
  }

  /** The wrapper registered in place of `fn`: it calls `fn` and keeps what it throws. */
  #guard(fn: AnyListener): AnyListener {
    this.#listening ??= { guards: new WeakMap(), originals: new WeakMap(), thrown: undefined };
    const listening = this.#listening;
    let guard = listening.guards.get(fn);
    if (!guard) {
      guard = function (this: unknown, ...args: unknown[]) {
        try {
          fn.apply(this, args);
        } catch (error) {
          const thrown = listening.thrown;
          if (!thrown) throw error; // emitted by hand, outside a run: plain EventEmitter behaviour
          thrown.push(error);
        }
      };
      listening.guards.set(fn, guard);
      listening.originals.set(guard, fn);
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
    const guard = fn && (this.#listening?.guards.get(fn) as Listener<T> | undefined);
    return super.removeListener(event, guard ?? fn, context, once);
  }

  /** The same as `removeListener`: `fn` no longer runs for events of that type. */
  override off<T extends RunEventType>(event: T, fn?: Listener<T>, context?: unknown, once?: boolean): this {
    return this.removeListener(event, fn, context, once);
  }

  override listeners<T extends RunEventType>(event: T): Array<Listener<T>> {
    return super
      .listeners(event)
      .map((guard) => (this.#listening?.originals.get(guard) ?? guard) as Listener<T>);
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
   * What it iterates (buffered events, waiting callers) the stream keeps, as a stream is iterated
   * once: an iterated run keeps one small object more than a run nobody iterates, and no closure.
   */
  static readonly #Iterator = class<O> implements AsyncIterableIterator<RunEvent> {
    readonly #stream: RunStream<O>;
    /** The types it iterates, until it begins. */
    #asked: ReadonlySet<RunEventType> | undefined;
    #phase: typeof FRESH | typeof ACTIVE | typeof DONE = FRESH;

    constructor(stream: RunStream<O>, types: ReadonlySet<RunEventType> | undefined) {
      this.#stream = stream;
      this.#asked = types;
    }

    next(): Promise<IteratorResult<RunEvent>> {
      if (this.#phase === ACTIVE) return this.#stream.#next();
      if (this.#phase === DONE) return Promise.resolve(FINISHED);
      const stream = this.#stream;
      if ((stream.#state & ITERATED) !== 0) {
        this.#phase = DONE;
        return Promise.reject(new Error('A RunStream can be iterated only once.'));
      }
      this.#phase = ACTIVE;
      stream.#state |= ITERATED | BUFFERING;
      stream.#types = this.#asked;
      this.#asked = undefined;
      void stream.result; // starts the run, if nothing has yet
      return stream.#next();
    }

    // No private methods here: they would cost each iterator a field (the class's brand).
    return(value?: unknown): Promise<IteratorResult<RunEvent>> {
      if (this.#phase === ACTIVE) this.#stream.#leave();
      this.#phase = DONE;
      this.#asked = undefined;
      return Promise.resolve({ done: true, value } as IteratorResult<RunEvent>);
    }

    throw(error?: unknown): Promise<IteratorResult<RunEvent>> {
      void this.return();
      return Promise.reject(error);
    }

    [Symbol.asyncIterator](): AsyncIterableIterator<RunEvent> {
      return this;
    }
  };
}
