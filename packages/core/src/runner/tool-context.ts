import type { ComputerTool, RunToolContext, Tool, ToolContext } from '@turnkit/tools';
import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import type { EmitFn } from '../run/events.js';
import type { StepRunner } from '../run/step-runner.js';
import { wants } from '../run/wants.js';
import type { TurnHooks } from './nested-run.js';

/** What the tool runtime needs from the loop for one turn's function calls. */
export interface ToolCallBatch {
  calls: ResponseFunctionToolCall[];
  tools: ReadonlyMap<string, Tool>;
  concurrency: number;
  signal: AbortSignal;
  runId: string;
  turn: number;
  /** The agent whose calls they are, and the run's depth (for the events). */
  agent: string;
  depth: number;
  deps: unknown;
  emit: EmitFn;
  /** Performs each call as one step, keyed by its `call_id`. */
  steps: StepRunner;
  /** The agent's computer tool, which runs computer calls (see `run-computer-calls.ts`). */
  computer?: ComputerTool;
  /** The turn's tool guardrails, agent tools and what they report back (the loop's runs have them). */
  hooks?: TurnHooks;
}

/**
 * `batch` with its `calls`, built member by member: an object of one shape without a property
 * array (a spread of `batch` and `calls` gives it one, 40 bytes more), kept while the calls run.
 */
export function withCalls(
  batch: Omit<ToolCallBatch, 'calls'>,
  calls: ResponseFunctionToolCall[],
): ToolCallBatch {
  return {
    calls,
    tools: batch.tools,
    concurrency: batch.concurrency,
    signal: batch.signal,
    runId: batch.runId,
    turn: batch.turn,
    agent: batch.agent,
    depth: batch.depth,
    deps: batch.deps,
    emit: batch.emit,
    steps: batch.steps,
    computer: batch.computer,
    hooks: batch.hooks,
  };
}

/** The context a tool sees for one call (in `needsApproval`, where it cannot report progress yet). */
export function toolContext(
  call: ResponseFunctionToolCall,
  batch: Omit<ToolCallBatch, 'calls'>,
): ToolContext {
  return {
    signal: batch.signal,
    callId: call.call_id,
    toolName: call.name,
    runId: batch.runId,
    turn: batch.turn,
    deps: batch.deps,
    progress: () => false,
  };
}

/** The context of a call that runs: its progress reports become `tool_progress` events. */
export function progressContext(
  call: ResponseFunctionToolCall,
  batch: Omit<ToolCallBatch, 'calls'>,
): RunToolContext {
  return {
    signal: batch.signal,
    callId: call.call_id,
    toolName: call.name,
    runId: batch.runId,
    turn: batch.turn,
    deps: batch.deps,
    onProgress: (update) => {
      if (!wants(batch.emit, 'tool_progress')) return;
      batch.emit({
        type: 'tool_progress',
        callId: call.call_id,
        name: call.name,
        ...update,
        runId: batch.runId,
        turn: batch.turn,
        agent: batch.agent,
        depth: batch.depth,
      });
    },
  };
}
