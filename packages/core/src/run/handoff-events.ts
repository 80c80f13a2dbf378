/** The fields every run event has (see `RunEvent`); named here by shape, so this file imports nothing. */
interface HandoffEventBase {
  runId: string;
  turn: number;
  agent: string;
  depth: number;
}

/**
 * The conversation was handed to another agent (the model called a handoff tool). Events after
 * it carry the new agent's name. `dropped` counts the items an input filter (or the validity rules
 * after it) removed from what the new agent sees.
 *
 * @example
 * ```ts
 * import type { RunStream } from '@turnkit/core';
 * declare const stream: RunStream;
 * stream.on('handoff', (e) => console.log(`${e.from} → ${e.to}`));
 * ```
 */
export interface HandoffEvent extends HandoffEventBase {
  type: 'handoff';
  from: string;
  to: string;
  /** The handoff tool the model called, and its call. */
  toolName: string;
  callId: string;
  /** Items removed from what the new agent sees (0 without an input filter). */
  dropped: number;
}
