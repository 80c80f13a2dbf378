import type { ApprovalDecision } from '@turnkit/tools';
import type { ResponsesClient } from '../client/resolve-client.js';
import type { AnyAgent } from '../run/agent.js';
import type { RunOptions } from '../run/run-options.js';
import type { StepRunner } from '../run/step-runner.js';
import type { NestedHost } from './nested-run.js';
import type { ModelCall } from './run-computer-calls.js';
import type { RunRecord } from './run-record.js';

/**
 * What a run is given besides the agent: the public `RunOptions` (observers apart: the agent
 * wraps the loop with them), and, for an agent run inside another run, its host.
 */
export interface LoopOptions extends Omit<RunOptions, 'observers'> {
  /** Set when the run is an agent run inside another run (as a tool, or a guardrail). */
  nested?: NestedHost;
}

/** What every phase of one run shares: the record, the agent it started with, and how it talks to the service. */
export interface LoopContext {
  run: RunRecord;
  /** The agent `run()` was called on (a resumed run finds the agent it paused with from it). */
  start: AnyAgent;
  options: LoopOptions;
  /** The run's signal (never aborted when the caller gave none). */
  signal: AbortSignal;
  requestOptions: { signal?: AbortSignal };
  client: ResponsesClient;
  /** Performs each model turn and tool call (see `StepRunner`). */
  steps: StepRunner;
  /** What agents run inside this run get from it. */
  host: NestedHost;
  /** Decisions a resumed run was given, by request id. */
  decisions?: ReadonlyMap<string, ApprovalDecision>;
  /** The model's calls a resumed run's approvals answer, by `call_id`. */
  boundCalls?: ReadonlyMap<string, ModelCall>;
}
