import type { EmitFn, ListenerFailure, RunEvent } from '../run/events.js';

export type { ListenerFailure } from '../run/events.js';

/** An emit function that never throws, and the first listener failure it caught (`null` while none). */
export type GuardedEmit = EmitFn & { failure: ListenerFailure | null };

/**
 * The run's `emit`, made so that a listener that throws never reaches the loop: the loop would
 * otherwise take the throw for its own failure (a stream read cut short looks like a dropped
 * connection). The first throw is kept in `failure`, for the loop to report once the turn in
 * progress is done. An emit that declares it never throws (its `failure` is not `undefined`: a
 * `RunStream`'s, or `agent.run()`'s, which nobody hears) is that emit itself, with no wrapper.
 *
 * @example
 * ```ts
 * import { type EventBase, ListenerError, type RunEvent } from '@turnkit/core';
 * import { guardEmit } from './guard-emit.js';
 * declare function emit(event: RunEvent): void; // the run's listeners
 * declare const base: EventBase;
 * const guarded = guardEmit(emit);
 * guarded({ type: 'run_started', ...base }); // never throws
 * if (guarded.failure) throw new ListenerError(guarded.failure.eventType, guarded.failure.error);
 * ```
 */
export function guardEmit(emit: EmitFn): GuardedEmit {
  if (emit.failure !== undefined) return emit as GuardedEmit;
  const listen = emit;
  const guarded: GuardedEmit = Object.assign(
    (event: RunEvent): void => {
      try {
        listen(event);
      } catch (error) {
        guarded.failure ??= { error, eventType: event.type };
      }
    },
    { wants: listen.wants, failure: null },
  );
  return guarded;
}
