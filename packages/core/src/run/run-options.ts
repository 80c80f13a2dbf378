import type { Approver } from '@turnkit/tools';
import type { ResponseInput } from 'openai/resources/responses/responses';
import type { ClientSource } from '../connection/client-source.js';
import type { Conversation } from '../conversation/conversation.js';
import type { ResumeInput } from '../run-state/run-state.js';
import type { RunObserver } from './run-observer.js';
import type { StepRunner } from './step-runner.js';

/** Options of one run. */
export interface RunOptions<Deps = unknown> {
  /** Continue this conversation; default a new one (see `result.conversation`). */
  conversation?: Conversation;
  /**
   * Cancels the run, the request in flight and the tools running (agents run as tools too); the
   * run rejects with `RunAbortedError`.
   */
  signal?: AbortSignal;
  /** Dependencies handed to every tool as `ctx.deps` (and to guardrails, and agents run as tools). */
  deps?: Deps;
  /** Overrides the agent's `maxTurns` for this run. */
  maxTurns?: number;
  /** Overrides the agent's `client` for this run (and that of every agent it hands to). */
  client?: ClientSource;
  /**
   * Decides approval requests that no allow or deny list decides (after the server's own
   * approver, before the agent's). Return `undefined` to leave a request waiting.
   */
  approver?: Approver;
  /** Overrides the agent's `streamIdleTimeoutMs` for this run (`0`: never count a stream as stalled). */
  streamIdleTimeoutMs?: number;
  /** Overrides the agent's `maxRequestBytes` for this run. */
  maxRequestBytes?: number;
  /**
   * Performs each model turn and each tool call of the run (default: directly, in this process).
   * A durable engine passes one that journals every step, so a completed step is never run again
   * after a crash (see `StepRunner` and `@turnkit/restate`).
   */
  steps?: StepRunner;
  /**
   * The run's id, as events, tool contexts and the result report it (default: a fresh
   * `run_<uuid>`). A durable runner passes a stable one, so a replayed run reports the same id.
   */
  runId?: string;
  /** More observers for this run, after the agent's (see {@link RunObserver}). */
  observers?: readonly RunObserver[];
}

/**
 * What a run takes as input: a user message, Responses API input items, or an interrupted run's
 * state with decisions (`state.withDecisions(…)`).
 */
export type RunInput = string | ResponseInput | ResumeInput;
