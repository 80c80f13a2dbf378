import type { EmitFn, RunEvent, RunEventType } from './events.js';

/**
 * Whether anyone hears events of `type` through `emit` (a listener, an observer, the stream's
 * iterator): the one check every place that reports an event makes before it builds one, so that
 * nobody pays for events nobody hears. Asked at each event, so a listener attached mid-run hears
 * the events after it. An `emit` without `wants` hears everything.
 */
export function wants(emit: EmitFn, type: RunEventType): boolean {
  return emit.wants === undefined || emit.wants(type);
}

/**
 * The emit of a run nobody hears (`agent.run()`; observers hear it through their own emit): it
 * wants no event, so none is built, and it never throws (its `failure` stays `null`).
 */
export const UNHEARD: EmitFn = Object.freeze(
  Object.assign((_event: RunEvent): void => {}, {
    wants: (_type: RunEventType): boolean => false,
    failure: null,
  }),
);
