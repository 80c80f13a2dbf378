import type { EmitFn, RunEvent, RunEventType } from '../run/events.js';
import { UNHEARD } from '../run/wants.js';

/** The first listener failure of a run: what was thrown, and for which event. */
export interface ListenerFailure {
  error: unknown;
  eventType: RunEventType;
}

/** An emit function that never throws, and what it caught. */
export interface GuardedEmit {
  emit: EmitFn;
  /** The first throw it caught, if any. */
  failure(): ListenerFailure | undefined;
}

/**
 * Wraps the run's `emit` so that a listener that throws never reaches the loop: the loop would
 * otherwise take the throw for its own failure (a stream read cut short looks like a dropped
 * connection). The first throw is kept for the loop to report once the turn in progress is done.
 *
 * @example
 * ```ts
 * import { type EventBase, ListenerError, type RunEvent } from '@turnkit/core';
 * import { guardEmit } from './guard-emit.js';
 * declare function emit(event: RunEvent): void; // the run's listeners
 * declare const base: EventBase;
 * const guarded = guardEmit(emit);
 * guarded.emit({ type: 'run_started', ...base }); // never throws
 * const failure = guarded.failure();
 * if (failure) throw new ListenerError(failure.eventType, failure.error);
 * ```
 */
export function guardEmit(emit: EmitFn): GuardedEmit {
  return emit === UNHEARD ? UNHEARD_GUARD : new Guard(emit);
}

/** {@link UNHEARD} never throws: it needs no guard (nor an object per run). */
const UNHEARD_GUARD: GuardedEmit = Object.freeze({ emit: UNHEARD, failure: () => undefined });

/** A class, so that a run keeps one closure for it (the guarded emit), not two. */
class Guard implements GuardedEmit {
  readonly emit: EmitFn;
  #first: ListenerFailure | undefined;

  constructor(listen: EmitFn) {
    this.emit = Object.assign(
      (event: RunEvent): void => {
        try {
          listen(event);
        } catch (error) {
          this.#first ??= { error, eventType: event.type };
        }
      },
      listen.wants ? { wants: listen.wants } : {},
    );
  }

  failure(): ListenerFailure | undefined {
    return this.#first;
  }
}
