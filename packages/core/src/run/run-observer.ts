import type { AnyDeps } from '@turnkit/tools';
import type { AgentConfig } from './agent-config.js';
import type { RunEvent, RunEventType } from './events.js';
import type { RunInput } from './run-options.js';

/**
 * What an observer is told about a run as it starts, before anything is sent.
 *
 * @example
 * ```ts
 * import type { RunObserver } from '@turnkit/core';
 * const names: RunObserver = {
 *   observe: (run) => {
 *     console.log(`${run.agent.name} calls ${run.model} at ${run.baseURL}`);
 *     return undefined; // nothing more to watch
 *   },
 * };
 * ```
 */
export interface ObservedRun {
  /** The agent that runs. */
  readonly agent: AgentConfig<AnyDeps>;
  /** What the run was given: a message, input items, or a resume input (`state.withDecisions(…)`). */
  readonly input: RunInput;
  /** The model (Azure deployment) the run calls, when the run's client and the agent name one. */
  readonly model: string | undefined;
  /** The base URL requests go to (never holds a credential), when the run has a client. */
  readonly baseURL: string | undefined;
}

/**
 * One observer's view of one run, as {@link RunObserver.observe} returns it.
 *
 * @example
 * ```ts
 * import type { RunObservation } from '@turnkit/core';
 * const durations: number[] = [];
 * const observation: RunObservation = {
 *   wants: (type) => type === 'tool_call_finished',
 *   event: (e) => { if (e.type === 'tool_call_finished') durations.push(e.durationMs); },
 * };
 * ```
 */
export interface RunObservation {
  /**
   * Whether this observation needs events of `type`. The loop builds `raw` events only when
   * someone wants them; without `wants`, every type but `raw` is delivered.
   */
  wants?(type: RunEventType): boolean;
  /**
   * Sees each event, before the run's listeners do. It should not throw: a throw is treated as a
   * listener's (the run finishes its turn, then rejects with a `ListenerError`).
   */
  event(event: RunEvent): void;
  /**
   * Runs the whole run inside `run`, e.g. with a span made current so that spans started by tools
   * and by the HTTP client become its children. Must call `run` exactly once and return its promise.
   */
  around?<T>(run: () => Promise<T>): Promise<T>;
  /**
   * Called once the run is over, after its last event; the run's result waits for it (e.g. to
   * flush a file). A rejection is reported like a listener's: as a `ListenerError` when the run
   * had succeeded, as the run error's `listenerError` when it had not.
   */
  end?(): Promise<void> | void;
}

/**
 * Something that watches every run of an agent: tracing (`createTracing`), a run log
 * (`createRunLog`), or your own. Give observers to `createAgent({ observers })` (every run) or to a
 * run (`agent.run(input, { observers })`, after the agent's). Observers cost nothing when there are
 * none: the loop then runs exactly as without them.
 *
 * @example
 * ```ts
 * import { createAgent, type RunObserver } from '@turnkit/core';
 * import type { AnyTool } from '@turnkit/tools';
 * import type OpenAI from 'openai';
 * declare const client: OpenAI;
 * declare const tools: AnyTool[];
 * const countTools: RunObserver = {
 *   observe: () => {
 *     let calls = 0;
 *     return {
 *       wants: (type) => type === 'tool_call_started',
 *       event: () => void calls++,
 *       end: () => console.log(`${calls} tool calls`),
 *     };
 *   },
 * };
 * const agent = createAgent({ model: 'gpt-5.1', client, tools, observers: [countTools] });
 * ```
 */
export interface RunObserver {
  /** Called as a run starts; returns what watches that run, or `undefined` to skip it. */
  observe(run: ObservedRun): RunObservation | undefined;
}
