import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { type ObjectContext, RestatePromise, type RunOptions, TerminalError } from '@restatedev/restate-sdk';
import {
  ApiError,
  AuthFailedError,
  type ComputerCallStep,
  ConfigurationError,
  InputError,
  type ModelTurnStep,
  RateLimitedError,
  ResponseFailedError,
  RunAbortedError,
  type StepRunner,
  type ToolCallStep,
  toApiError,
} from '@turnkit/core';
import type { Response, ResponseInputItem } from 'openai/resources/responses/responses';
import { StepFailedError } from '../contract/errors.js';
import type { PublishedEvent } from '../contract/wire.js';
import type { EventLog } from './event-log.js';

/** How a model turn that fails with a transient error is retried (each retry is a new attempt of the invocation). */
export interface ModelRetryPolicy {
  /** Attempts in all, the first included; default 4. */
  maxAttempts?: number;
  /** Wait before the first retry; default 500 ms. */
  initialIntervalMs?: number;
  /** Longest wait between retries; default 10 000 ms. */
  maxIntervalMs?: number;
}

/** The fields of a turnkit error that a journal keeps, to raise the same error on replay. */
interface FailureRecord {
  name: string;
  code: string;
  message: string;
  status?: number;
  requestId?: string;
  apiCode?: string | null;
  param?: string | null;
  responseId?: string;
  retryAfterMs?: number;
}

/** What one step journals: its result or its failure, and the events it reported. */
interface Recorded<T> {
  value?: T;
  failure?: FailureRecord;
  events: PublishedEvent[];
}

/** A step whose `ctx.run` is not settled yet. */
interface Waiting {
  promise: RestatePromise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Codes of failures worth retrying: the service or the connection, not the request. */
const TRANSIENT = new Set(['rate_limited', 'service_error', 'connection_failed', 'stream_failed']);

function record(error: unknown): FailureRecord {
  const e = toApiError(error) as unknown as FailureRecord & Record<string, unknown>;
  const pick = <K extends keyof FailureRecord>(key: K) =>
    e[key] !== undefined ? { [key]: e[key] as FailureRecord[K] } : {};
  return {
    name: e.name,
    code: e.code,
    message: e.message,
    ...pick('status'),
    ...pick('requestId'),
    ...pick('apiCode'),
    ...pick('param'),
    ...pick('responseId'),
    ...pick('retryAfterMs'),
  };
}

/** The error a recorded failure stands for, of the same class where core has one. */
function rebuild(failure: FailureRecord): Error {
  const details = {
    status: failure.status,
    requestId: failure.requestId,
    apiCode: failure.apiCode ?? null,
    param: failure.param ?? null,
  };
  switch (failure.name) {
    case 'RateLimitedError':
      return new RateLimitedError(failure.message, { ...details, retryAfterMs: failure.retryAfterMs });
    case 'AuthFailedError':
      return new AuthFailedError('auth_failed', failure.message, details);
    case 'ApiError':
      return new ApiError(failure.code as ApiError['code'], failure.message, details);
    case 'ResponseFailedError':
      return new ResponseFailedError(failure.code as ResponseFailedError['code'], failure.message, {
        apiCode: failure.apiCode ?? null,
        responseId: failure.responseId,
      });
    case 'InputError':
      return new InputError(failure.message);
    case 'ConfigurationError':
      return new ConfigurationError('client', failure.message);
    default:
      return new StepFailedError(failure.code, failure.message);
  }
}

const isCancellation = (error: unknown): boolean =>
  error instanceof TerminalError && (error.name === 'CancelledError' || error.code === 409);

/**
 * The {@link StepRunner} of a durable run: each model turn, tool call and computer call is one `ctx.run`,
 * so Restate journals its result and a replay returns it without running it again. The events a
 * step reports are journaled with it (see {@link EventLog}), so a replay publishes the same.
 */
export class RestateSteps implements StepRunner {
  /** Where events reported inside a step go (the events of that step, journaled with it). */
  readonly capture = new AsyncLocalStorage<PublishedEvent[]>();
  readonly #ctx: ObjectContext;
  readonly #log: EventLog;
  readonly #abort: AbortController;
  readonly #modelRetry: RunOptions<unknown>;
  #cancelled = false;
  /** Steps whose `ctx.run` is not settled yet, driven together (see `#drive`). */
  readonly #pending = new Map<number, Waiting>();
  #nextId = 0;
  #driving = false;

  constructor(ctx: ObjectContext, log: EventLog, abort: AbortController, retry: ModelRetryPolicy = {}) {
    this.#ctx = ctx;
    this.#log = log;
    this.#abort = abort;
    this.#modelRetry = {
      maxRetryAttempts: retry.maxAttempts ?? 4,
      initialRetryInterval: retry.initialIntervalMs ?? 500,
      maxRetryInterval: retry.maxIntervalMs ?? 10_000,
      retryIntervalFactor: 2,
    };
  }

  /** Whether Restate cancelled the invocation while a step was awaited. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /** Records that the invocation was cancelled, and stops the run's requests and tools. */
  cancel(): void {
    this.#cancelled = true;
    this.#abort.abort(new Error('the Restate invocation was cancelled'));
  }

  modelTurn(step: ModelTurnStep, perform: () => Promise<Response>): Promise<Response> {
    return this.#step(`turn ${step.runId} #${step.turn}`, perform, this.#modelRetry, true);
  }

  toolCall(
    step: ToolCallStep,
    perform: () => Promise<ResponseInputItem.FunctionCallOutput>,
  ): Promise<ResponseInputItem.FunctionCallOutput> {
    // A tool call never throws (failures become outputs), so there is nothing to retry within
    // an attempt; a crash retries it as a new attempt, with the same call id.
    return this.#step(`call ${step.callId} (${step.name})`, perform, { maxRetryAttempts: 1 }, false);
  }

  computerCall(
    step: ComputerCallStep,
    perform: () => Promise<ResponseInputItem[]>,
  ): Promise<ResponseInputItem[]> {
    // The actions change the computer's state: journaled, a replay answers the call with the
    // recorded screenshot instead of running them again. A computer that fails ends the run
    // (the failure is journaled); a crash mid-call runs the call again as a new attempt.
    return this.#step(
      `computer ${step.callId} (${step.actions} action${step.actions === 1 ? '' : 's'})`,
      perform,
      { maxRetryAttempts: 1 },
      false,
    );
  }

  async #step<T>(
    name: string,
    perform: () => Promise<T>,
    options: RunOptions<unknown>,
    retryTransient: boolean,
  ): Promise<T> {
    const slot = this.#log.openSlot();
    let recorded: Recorded<T>;
    try {
      recorded = (await this.#run(
        name,
        () => this.#attempt(perform, retryTransient),
        options,
      )) as Recorded<T>;
    } catch (error) {
      slot.fill([]);
      if (isCancellation(error)) {
        this.cancel();
        throw new RunAbortedError(this.#abort.signal.reason);
      }
      if (error instanceof TerminalError) {
        throw new StepFailedError('step_failed', `The step "${name}" failed: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
    slot.fill(recorded.events);
    if (recorded.failure) throw rebuild(recorded.failure);
    return recorded.value as T;
  }

  /**
   * Starts a `ctx.run` and settles with it. The Restate SDK lets one await drive the invocation
   * at a time, and a run's closure only executes while something awaits it, so concurrent steps
   * (the tool calls of one turn) are awaited together: one race over every unsettled step, again
   * after each settles, with the steps started meanwhile joining in.
   */
  #run(name: string, action: () => Promise<unknown>, options: RunOptions<unknown>): Promise<unknown> {
    const promise = this.#ctx.run(name, action, options);
    return new Promise((resolve, reject) => {
      this.#pending.set(this.#nextId++, { promise, resolve, reject });
      if (!this.#driving) void this.#drive();
    });
  }

  async #drive(): Promise<void> {
    this.#driving = true;
    try {
      // Let the other steps started in this tick (a turn's tool calls) join the first race.
      await nextMacrotask();
      while (this.#pending.size > 0) {
        const entries = [...this.#pending];
        let settled: { id: number; value?: unknown; failure?: TerminalError };
        try {
          settled = await RestatePromise.race(
            entries.map(([id, entry]) => entry.promise.map((value, failure) => ({ id, value, failure }))),
          );
        } catch (error) {
          // Cancellation (or the attempt ending) reaches whichever await is current: all of them.
          for (const [id, entry] of entries) {
            this.#pending.delete(id);
            entry.reject(error);
          }
          continue;
        }
        const entry = this.#pending.get(settled.id)!;
        this.#pending.delete(settled.id);
        if (settled.failure) entry.reject(settled.failure);
        else entry.resolve(settled.value);
        // Let the step's continuation run (and start the next call) before the next race.
        await nextMacrotask();
      }
    } finally {
      this.#driving = false;
    }
  }

  async #attempt<T>(perform: () => Promise<T>, retryTransient: boolean): Promise<Recorded<T>> {
    const events: PublishedEvent[] = [];
    try {
      const value = await this.capture.run(events, perform);
      return { value, events };
    } catch (error) {
      const failure = record(error);
      // Thrown, a failure is retried by Restate; returned, it is journaled and final.
      if (retryTransient && !this.#abort.signal.aborted && TRANSIENT.has(failure.code)) throw error;
      return { failure, events };
    }
  }
}
