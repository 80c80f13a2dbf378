import { type ComputerTool, runTool, type Tool, type ToolContext } from '@turnkit/tools';
import type { ResponseFunctionToolCall, ResponseInputItem } from 'openai/resources/responses/responses';
import type { RunEvent } from '../events.js';
import type { StepRunner } from './step-runner.js';

/** What the tool runtime needs from the loop for one turn's function calls. */
export interface ToolCallBatch {
  calls: ResponseFunctionToolCall[];
  tools: ReadonlyMap<string, Tool>;
  concurrency: number;
  signal: AbortSignal;
  runId: string;
  turn: number;
  deps: unknown;
  emit: (event: RunEvent) => void;
  /** Performs each call as one step, keyed by its `call_id`. */
  steps: StepRunner;
  /** The agent's computer tool, which runs computer calls (see `run-computer-calls.ts`). */
  computer?: ComputerTool;
}

/**
 * Runs one turn's function calls, at most `concurrency` at a time, and returns one
 * `function_call_output` per call, in the order of the calls. Nothing here throws: an unknown
 * tool, bad arguments, a failing or slow tool each become an output that tells the model what
 * went wrong.
 */
export async function runToolCalls(batch: ToolCallBatch): Promise<ResponseInputItem.FunctionCallOutput[]> {
  const outputs: ResponseInputItem.FunctionCallOutput[] = new Array(batch.calls.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batch.calls.length) {
      const index = next++;
      const call = batch.calls[index]!;
      outputs[index] = await runOne(call, batch);
    }
  };
  const workers = Math.max(1, Math.min(batch.concurrency, batch.calls.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outputs;
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

function runOne(
  call: ResponseFunctionToolCall,
  batch: ToolCallBatch,
): Promise<ResponseInputItem.FunctionCallOutput> {
  const step = {
    runId: batch.runId,
    turn: batch.turn,
    callId: call.call_id,
    name: call.name,
    arguments: call.arguments,
  };
  return batch.steps.toolCall(step, () => performOne(call, batch));
}

async function performOne(
  call: ResponseFunctionToolCall,
  batch: ToolCallBatch,
): Promise<ResponseInputItem.FunctionCallOutput> {
  const base = { runId: batch.runId, turn: batch.turn };
  const started = performance.now();
  batch.emit({
    type: 'tool_call_started',
    callId: call.call_id,
    name: call.name,
    arguments: call.arguments,
    ...base,
  });
  const tool = batch.tools.get(call.name);
  let output: string | unknown[];
  let errorCode: string | undefined;
  if (!tool) {
    const known = [...batch.tools.keys()];
    output =
      `Error: there is no tool named "${call.name}". ` +
      (known.length ? `Available tools: ${known.join(', ')}.` : 'No tools are available.');
    errorCode = 'tool_unknown';
  } else {
    const result = await runTool(tool, call.arguments, {
      ...toolContext(call, batch),
      onProgress: (update) =>
        batch.emit({ type: 'tool_progress', callId: call.call_id, name: call.name, ...update, ...base }),
    });
    output = result.output;
    errorCode = result.ok ? undefined : result.error.code;
  }
  batch.emit({
    type: 'tool_call_finished',
    callId: call.call_id,
    name: call.name,
    ok: errorCode === undefined,
    output,
    ...(errorCode ? { errorCode } : {}),
    durationMs: performance.now() - started,
    ...base,
  });
  return {
    type: 'function_call_output',
    call_id: call.call_id,
    output: output as ResponseInputItem.FunctionCallOutput['output'],
  };
}
